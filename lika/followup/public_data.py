"""What residents may see of the follow-up: published rounds only, approved reports and examples only.

Read by the public measure and area pages (through the `measure_progress` template tag).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from lika.core.localized import localized
from lika.followup.models import (
    Example,
    FollowUpRound,
    MeasureReport,
    MeasureStatus,
    ReviewState,
    RoundState,
    SubmissionState,
)
from lika.plans.models import Node
from lika.reference.models import Perspective


@dataclass
class MeasureRound:
    """One published round's results for one measure."""

    round: FollowUpRound
    measure: object = None  # the node reported on: this one, or the one it continues in an earlier plan period
    measures: list = field(default_factory=list)  # all of them (several when measures were merged into this one)
    statuses: list = field(default_factory=list)  # (unit name, status label)
    examples: list = field(default_factory=list)  # Example, with unit and perspectives loaded


@dataclass
class AreaRow:
    """One measure under an area, in one published round."""

    measure: object
    units_reporting: int = 0
    examples: int = 0


def published_rounds(document):
    return list(
        FollowUpRound.objects.filter(document=document, state=RoundState.PUBLISHED).order_by("period_end", "pk")
    )


def _approved_reports(rounds, measures):
    return (
        MeasureReport.objects.filter(
            submission__round__in=rounds,
            measure__in=measures,
            review_state=ReviewState.APPROVED,
        )
        .exclude(submission__state=SubmissionState.DRAFT)
        .select_related("submission__unit", "submission__round", "measure")
        .order_by("submission__unit__name_sv")
    )


def lineage_ancestors(node) -> list:
    """The nodes of earlier plan periods this node continues, through every revision (derived_from and
    merges), nearest first; one query per plan period."""
    found, seen, frontier = [], {node.pk}, [node]
    while frontier:
        frontier = [
            n for n in Node.objects.filter(Q(successors__in=frontier) | Q(merged_into__in=frontier))
            .select_related("document").distinct().order_by("position")
            if n.pk not in seen
        ]
        seen.update(n.pk for n in frontier)
        found.extend(frontier)
    return found


def measure_progress(node, language: str) -> list[MeasureRound]:
    """Each published round of the node's document and of the earlier plan periods it continues, newest
    first, with the approved statuses and examples: one timeline across plan periods."""
    measures = [node, *lineage_ancestors(node)]
    measure_of = {}
    for measure in measures:
        for round_ in published_rounds(measure.document):
            measure_of.setdefault(round_.pk, (round_, []))[1].append(measure)
    rounds = sorted((entry[0] for entry in measure_of.values()), key=lambda r: (r.period_end, r.pk))
    by_round = {round_.pk: MeasureRound(round=round_, measure=measure_of[round_.pk][1][0], measures=measure_of[round_.pk][1]) for round_ in rounds}
    for report in _approved_reports(rounds, measures):
        if report.status:
            by_round[report.submission.round_id].statuses.append(
                (report.submission.unit.name, report.get_status_display())
            )
    examples = (
        Example.objects.filter(measure_report__in=_approved_reports(rounds, measures))
        .select_related("measure_report__submission__unit", "measure_report__submission__round")
        .prefetch_related("perspectives")
        .order_by("measure_report__submission__unit__name_sv", "position", "pk")
    )
    for example in examples:
        example.unit_name = example.measure_report.submission.unit.name
        example.perspective_names = [localized(p, "name", language) for p in example.perspectives.all()]
        by_round[example.measure_report.submission.round_id].examples.append(example)
    return [entry for entry in reversed(list(by_round.values())) if entry.statuses or entry.examples]


def area_progress(node) -> list[tuple[FollowUpRound, list[AreaRow]]]:
    """For an area: per published round (newest first), each measure below it with its approved reports and examples."""
    measures = [child for child in node.children.order_by("position")]
    if not measures:
        return []
    rounds = published_rounds(node.document)
    rows = {(r.pk, m.pk): AreaRow(measure=m) for r in rounds for m in measures}
    examples = defaultdict(int)
    for report_pk, round_pk, measure_pk in Example.objects.filter(
        measure_report__in=_approved_reports(rounds, measures)
    ).values_list("measure_report", "measure_report__submission__round", "measure_report__measure"):
        examples[(round_pk, measure_pk)] += 1
    for report in _approved_reports(rounds, measures):
        rows[(report.submission.round_id, report.measure_id)].units_reporting += 1
    result = []
    for round_ in reversed(rounds):
        round_rows = [rows[(round_.pk, m.pk)] for m in measures]
        for row in round_rows:
            row.examples = examples[(round_.pk, row.measure.pk)]
        if any(row.units_reporting or row.examples for row in round_rows):
            result.append((round_, round_rows))
    return result


@dataclass
class PlanRound:
    """One published round of a plan, summed up for residents."""

    round: FollowUpRound
    measures_with_examples: int = 0
    examples: int = 0
    perspectives: list = field(default_factory=list)
    statuses: list = field(default_factory=list)  # (status label, approved reports with it), in the status order

    @property
    def reports_with_status(self) -> int:
        return sum(count for _label, count in self.statuses)


def ordered_status_labels() -> list[tuple[str, str]]:
    """(label, value) of every measure status, in the order they follow each other."""
    return [(str(label), value) for value, label in MeasureStatus.choices]


def _status_counts(round_, measures) -> list[tuple[str, int]]:
    counts = defaultdict(int)
    for status in _approved_reports([round_], measures).exclude(status="").values_list("status", flat=True):
        counts[status] += 1
    return [(str(label), counts[value]) for value, label in MeasureStatus.choices if counts[value]]


def plan_progress(document, language: str) -> list[PlanRound]:
    """Per published round (newest first): reports per status, measures with approved examples, examples,
    perspectives covered."""
    rounds = published_rounds(document)
    result = []
    for round_ in reversed(rounds):
        examples = Example.objects.filter(measure_report__in=_approved_reports([round_], document.nodes.all()))
        count = examples.count()
        statuses = _status_counts(round_, document.nodes.all())
        if not count and not statuses:
            continue
        covered = Perspective.objects.filter(examples__in=examples).distinct().order_by("name_sv")
        result.append(
            PlanRound(
                round=round_,
                measures_with_examples=examples.values("measure_report__measure").distinct().count(),
                examples=count,
                perspectives=[localized(p, "name", language) for p in covered],
                statuses=statuses,
            )
        )
    return result
