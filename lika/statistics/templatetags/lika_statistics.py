from django import template

from lika.statistics.figures import indicator_figure

register = template.Library()


@register.inclusion_tag("statistics/_node_indicators.html")
def node_indicators(node):
    """The published indicators that inform a node, each as a chart with its table."""
    indicators = node.indicators.filter(published=True).prefetch_related("values").order_by("name_sv")
    return {"figures": [indicator_figure(i) for i in indicators]}
