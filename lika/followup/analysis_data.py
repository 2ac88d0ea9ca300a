"""From the database to the plain-data analysis, in a fixed number of queries.

Drafts are left out: the analysis shows what units have submitted (whatever
its review state), so gaps are visible while the round is still open.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext

from lika.organisations.models import OrganisationUnit
from lika.plans.queries import implementing_units, leaf_names, measure_nodes
from lika.reference.models import Perspective

from . import analysis
from .figures import Figure, figures, item_words
from .models import (
    Example,
    FollowUpRound,
    MeasureReport,
    MeasureStatus,
    RoundState,
    Submission,
    SubmissionState,
)


@dataclass
class RoundAnalysis:
    round: object
    data: analysis.RoundData
    result: analysis.Analysis
    previous: object | None
    previous_result: analysis.Analysis | None
    comparison: analysis.Comparison | None

    @property
    def summary(self) -> dict:
        summary = analysis.summary(self.result)
        summary["round"] = self.round.identifier
        summary["previous_round"] = self.previous.identifier if self.previous else None
        return summary


def round_data(round_: FollowUpRound) -> analysis.RoundData:
    document = round_.document
    nodes = list(document.nodes.order_by("position"))
    by_id = {node.pk: node for node in nodes}
    leaves = measure_nodes(document)
    responsible = implementing_units(document, nodes)
    units = {unit.pk: unit for unit in OrganisationUnit.objects.filter(municipality_id=document.municipality_id)}

    def area(node):
        parent = by_id.get(node.parent_id)
        return (parent.code, parent.title) if parent else ("", "")

    measures = tuple(
        analysis.Measure(code=node.code, title=node.title, area_code=area(node)[0], area_title=area(node)[1])
        for node in leaves
    )
    submitted = Submission.objects.filter(round=round_).exclude(state=SubmissionState.DRAFT)
    submitted_units = frozenset(units[unit_id].key for unit_id in submitted.values_list("unit_id", flat=True))
    reports = tuple(
        analysis.Report(unit=units[unit_id].key, measure=by_id[measure_id].code, status=status)
        for unit_id, measure_id, status in MeasureReport.objects.filter(submission__in=submitted).values_list(
            "submission__unit_id", "measure_id", "status"
        )
    )
    examples = Example.objects.filter(measure_report__submission__in=submitted)
    related = defaultdict(list)
    for example_id, node_id in Example.related_measures.through.objects.filter(example__in=examples).values_list(
        "example_id", "node_id"
    ):
        related[example_id].append(by_id[node_id].code)
    perspective_keys = {p.pk: p.key for p in Perspective.objects.all()}
    tagged = defaultdict(list)
    for example_id, perspective_id in Example.perspectives.through.objects.filter(example__in=examples).values_list(
        "example_id", "perspective_id"
    ):
        tagged[example_id].append(perspective_keys[perspective_id])
    example_rows = tuple(
        analysis.Example(
            unit=units[unit_id].key,
            measure=by_id[measure_id].code,
            related=tuple(related[pk]),
            perspectives=tuple(tagged[pk]),
            has_effects=bool(effects.strip()),
            has_learning=bool(learning.strip()),
        )
        for pk, unit_id, measure_id, effects, learning in examples.values_list(
            "pk", "measure_report__submission__unit_id", "measure_report__measure_id", "effects", "learning"
        )
    )
    return analysis.RoundData(
        measures=measures,
        units=tuple(analysis.Unit(key=unit.key, name=unit.name) for unit in units.values()),
        perspectives=tuple(
            analysis.PerspectiveInfo(key=p.key, name=p.name) for p in Perspective.objects.order_by("position")
        ),
        responsible={
            by_id[node_id].code: frozenset(units[u].key for u in unit_ids if u in units)
            for node_id, unit_ids in responsible.items()
        },
        submitted_units=submitted_units,
        reports=reports,
        examples=example_rows,
    )


def previous_round(round_: FollowUpRound) -> FollowUpRound | None:
    return (
        FollowUpRound.objects.filter(document_id=round_.document_id, period_end__lt=round_.period_end)
        .exclude(Q(pk=round_.pk) | Q(state=RoundState.DRAFT))
        .order_by("-period_end")
        .first()
    )


# "Few" examples: one or two. The 2023 report called the grounds with two examples few.
FEW = 2


def round_analysis(round_: FollowUpRound) -> RoundAnalysis:
    data = round_data(round_)
    result = analysis.analyse(data, few=FEW)
    previous = previous_round(round_)
    previous_result = analysis.analyse(round_data(previous), few=FEW) if previous else None
    return RoundAnalysis(
        round=round_,
        data=data,
        result=result,
        previous=previous,
        previous_result=previous_result,
        comparison=analysis.compare(result, previous_result) if previous_result else None,
    )


def round_words(round_: FollowUpRound) -> dict[str, str]:
    """The round's plan's word for its items in the active language, for the figures' texts (one query)."""
    leaf, leaves = leaf_names(round_.document)
    return item_words(leaf.lower(), leaves)


def round_figures(analysed: RoundAnalysis, words: dict[str, str] | None = None) -> list[Figure]:
    """The analysis's figures in the active language, for the page, its downloads and the report."""
    labels = dict(MeasureStatus.choices) | {analysis.NOT_REPORTED: gettext("Not reported")}
    return figures(analysed, status_labels=labels, _=gettext, words=words or round_words(analysed.round))
