from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def example_bank_nav_link(context):
    """A nav item for the example bank, for every member of a municipality."""
    from django.utils.translation import gettext as _

    from lika.core.navigation import nav_item

    return nav_item(context, lambda access, municipality: True, "examples:search", _("Example bank"))
