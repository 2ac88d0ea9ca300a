from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def business_plans_nav_link(context):
    """A nav item for the business-plan analysis, for the analysts and plan owners who may use it."""
    from django.urls import reverse
    from django.utils.html import format_html
    from django.utils.translation import gettext as _

    from lika.organisations.access import access_for
    from lika.statistics.actions import can_analyse

    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return ""
    access = access_for(request.user)
    if access.municipality_id is None or not can_analyse(access, access.municipality_id):
        return ""
    return format_html('<li><a href="{}">{}</a></li>', reverse("textanalysis:index"), _("Business plans"))
