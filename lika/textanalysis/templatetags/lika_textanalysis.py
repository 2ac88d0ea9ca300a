from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def business_plans_nav_link(context):
    """A nav item for the business-plan analysis, for the analysts and plan owners who may use it."""
    from django.utils.translation import gettext as _

    from lika.core.navigation import nav_item
    from lika.organisations.access import can_analyse

    return nav_item(context, can_analyse, "textanalysis:index", _("Business plans"))
