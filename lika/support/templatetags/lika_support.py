from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def central_support_nav_link(context):
    """A nav item for the central support pages, for every member of a municipality."""
    from django.utils.translation import gettext as _

    from lika.core.navigation import nav_item

    return nav_item(context, lambda access, municipality: True, "support:index", _("Central support"))


@register.inclusion_tag("support/_measure_support.html", takes_context=True)
def measure_support(context, node):
    """On a measure's page: its coordinating unit, and for members of the municipality the named
    coordinators with contact details (from the role administration)."""
    from lika.organisations.access import access_for

    from ..network import coordinating_units, coordinators_of

    request = context["request"]
    access = access_for(request.user)
    from ..library import visible_material

    units = coordinating_units(node)
    member = access.is_member(node.document.municipality_id)
    return {
        **_plan_words(context, node),
        "materials": visible_material(access, node.document.municipality_id, measure=node),
        "units": units,
        "people": coordinators_of(units) if member and units else [],
        "member": member,
        "municipality": node.document.municipality,
        "request": request,
    }


@register.inclusion_tag("support/_round_support.html", takes_context=True)
def round_support(context, round_):
    """On the round's analysis page: the learning events of the round's period, as in the report.
    The page sets the plan's word for its items ("strategier"); "measures" elsewhere."""
    from django.utils.translation import gettext as _

    from ..figures_data import round_support_figures

    return {"found": round_support_figures(round_), "round": round_, "leaves": context.get("leaves") or _("measures")}


@register.inclusion_tag("support/_measure_material.html", takes_context=True)
def measure_material(context, node):
    """On the reporter's form for a measure: the method library's material for it."""
    from lika.organisations.access import access_for

    from ..library import visible_material

    request = context["request"]
    return {
        **_plan_words(context, node),
        "node": node,
        "materials": visible_material(access_for(request.user), node.document.municipality_id, measure=node),
        "request": request,
    }


def _plan_words(context, node) -> dict[str, str]:
    """The plan's word for its items ("strategi"/"strategier" in Halmstad): a round's pages have set it
    already; a plan's item page asks once."""
    from lika.plans.queries import leaf_words

    if context.get("leaf") and context.get("leaves"):
        return {"leaf": context["leaf"], "leaves": context["leaves"]}
    return leaf_words(node.document)
