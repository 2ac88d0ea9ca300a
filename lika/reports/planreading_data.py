"""The inputs of the business-plan follow-up report (reports/planreading.py) from the stored
readings of the units' business plans against a plan's items: a fixed number of queries."""

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lika.core.localized import localized
from lika.plans.models import SteeringDocument
from lika.plans.queries import definite_plural, leaf_names
from lika.textanalysis.models import BusinessPlan, LeafReading

from . import planreading


def _readings(document: SteeringDocument, year: int) -> dict:
    """Unit name -> {leaf code: (status, passages, first passage)} for the year's plans."""
    result = {}
    readings = LeafReading.objects.filter(document=document, plan__year=year).select_related("plan__unit")
    for reading in readings.order_by("plan__unit__name_sv"):
        first = {}
        for passage in reading.passages:
            for code in passage["themes"]:
                first.setdefault(code, passage)
        result[reading.plan.unit.name] = {
            key: (status, count, first.get(key)) for key, status, count, _heading in reading.scores if status != "absent"
        }
    return result


def _previous_year(document: SteeringDocument, year: int) -> int | None:
    return (
        BusinessPlan.objects.filter(municipality=document.municipality_id, year__lt=year)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )


def reading_inputs(document: SteeringDocument, year: int, language: str) -> planreading.ReadingInputs:
    now = _readings(document, year)
    previous_year = _previous_year(document, year)
    before = _readings(document, previous_year) if previous_year else {}
    nodes = list(document.nodes.order_by("position"))
    parents = {node.parent_id for node in nodes if node.parent_id}
    items = []
    for node in nodes:
        leaf = node.pk not in parents
        units = ()
        if leaf:
            units = tuple(
                planreading.UnitReading(unit, found[node.code][0], found[node.code][1], (found[node.code][2] or {}).get("text", ""), (found[node.code][2] or {}).get("page", 0))
                for unit, found in now.items()
                if node.code in found
            )
        present_before = sum(1 for found in before.values() if found.get(node.code, ("",))[0] == "present") if before else None
        items.append(planreading.PlanItem(node.code, localized(node, "title", language), node.depth, leaf, units, present_before if leaf else None))
    leaf_level, leaf_plural = leaf_names(document, language)
    return planreading.ReadingInputs(
        municipality=document.municipality.name,
        document_title=localized(document, "title", language),
        year=year,
        previous_year=previous_year if before else None,
        date=timezone.localdate().isoformat(),
        language=language,
        units_read=tuple(now),
        items=tuple(items),
        leaf_level=leaf_level,
        leaf_plural=leaf_plural,
        leaf_plural_definite=definite_plural(leaf_plural, language),
    )


def build_reading_report(document: SteeringDocument, year: int, language: str):
    with translation.override(language):
        inputs = reading_inputs(document, year, language)
        return planreading.build(inputs, _)
