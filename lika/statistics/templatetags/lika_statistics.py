from django import template

from lika.statistics.figures import indicator_figure
from lika.statistics.queries import thresholds

register = template.Library()


@register.inclusion_tag("statistics/_node_indicators.html")
def node_indicators(node):
    """The published indicators that inform a node, each as a chart with its table."""
    indicators = list(node.indicators.filter(published=True).prefetch_related("values").order_by("name_sv"))
    limits = thresholds(i.municipality_id for i in indicators)
    return {"figures": [indicator_figure(i, limits[i.municipality_id]) for i in indicators]}


@register.simple_tag(takes_context=True)
def statistics_nav_link(context):
    """A nav item for the statistics pages, for the analysts and plan owners who may use them."""
    from django.utils.translation import gettext as _

    from lika.core.navigation import nav_item
    from lika.statistics.actions import can_analyse

    return nav_item(context, can_analyse, "statistics:index", _("Statistics"))
