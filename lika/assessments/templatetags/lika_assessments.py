from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from lika.organisations.access import access_for
from lika.plans.queries import leaf_words

register = template.Library()


@register.simple_tag(takes_context=True)
def assessments_nav_link(context):
    """A nav item for impact assessments, for case officers and those who follow them up."""
    from lika.assessments import actions
    from lika.core.navigation import nav_item

    return nav_item(context, actions.can_use, "assessments:index", _("Impact assessments"))


@register.inclusion_tag("assessments/_measure_assessments.html", takes_context=True)
def measure_assessments(context, node):
    """On a measure's page: the decisions per unit and year that had an assessment serving it."""
    from lika.assessments import actions
    from lika.assessments.models import Assessment

    request = context.get("request")
    empty = {"shown": False}
    if request is None or not request.user.is_authenticated:
        return empty
    access = access_for(request.user)
    municipality = node.document.municipality_id
    if not actions.can_read_all(access, municipality):
        return empty
    if not Assessment.objects.filter(measure=node).exists():
        return empty
    from django.utils import translation

    per_unit, risks = actions.summary_tables(municipality, translation.get_language(), measure=node)
    leaf = context.get("leaf") or leaf_words(node.document)["leaf"]  # "strategi" on a Halmstad strategy's page
    return {"shown": True, "per_unit": per_unit, "risks": risks, "summary_url": reverse("assessments:summary"),
            "leaf": leaf, "code": node.code}


@register.inclusion_tag("assessments/_round_assessments.html", takes_context=True)
def round_assessments(context, round_):
    """In a round's analysis: the assessments serving the plan's measures, decided in the round's period."""
    from django.utils import translation

    from lika.assessments import actions
    from lika.assessments.models import Assessment

    request = context.get("request")
    document = round_.document
    if request is None or not actions.can_read_all(access_for(request.user), document.municipality_id):
        return {"shown": False}
    period = {"decision_date__gte": round_.period_start, "decision_date__lte": round_.period_end, "measure__document": document}
    measures = list(
        Assessment.objects.filter(**period).values_list("measure__code", flat=True).distinct().order_by("measure__code")
    )
    if not measures:
        return {"shown": False}
    per_unit, _risks = actions.summary_tables(document.municipality_id, translation.get_language(), **period)
    leaves = context.get("leaves") or leaf_words(document)["leaves"]  # the analysis page sets the plan's word
    return {"shown": True, "per_unit": per_unit, "measures": measures, "leaves": leaves, "summary_url": reverse("assessments:summary")}


@register.inclusion_tag("assessments/_unit_measure_assessments.html")
def unit_measure_assessments(round_, unit, measure, leaf=""):
    """On a unit's report for a measure: its finished assessments serving the measure in the round's period.

    A reporter writing the status of measure 2 sees what the unit's decisions already show.
    """
    from lika.assessments.models import FINISHED, Assessment, AssessmentState

    found = Assessment.objects.filter(
        measure=measure,
        unit=unit,
        state__in=FINISHED,
        decision_date__gte=round_.period_start,
        decision_date__lte=round_.period_end,
    )
    states = list(found.values_list("state", flat=True))
    return {
        "count": len(states),
        "screened_out": sum(1 for s in states if s == AssessmentState.SCREENED_OUT),
        "period_start": round_.period_start,
        "period_end": round_.period_end,
        # The round's pages pass the plan's word for its items ("strategi"); asked only when not.
        "leaf": (leaf or leaf_words(measure.document)["leaf"]) if states else "",
        "code": measure.code,
    }
