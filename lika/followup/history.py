"""A measure's follow-up history: every round of every earlier version it continues, in a fixed
number of queries per round, however many measures there are.

For a list of nodes (a draft's, or one measure of the version in force), each node's lineage is
followed back through `derived_from` and `merged_from` into every earlier version; for each
opened round of those versions the node gets one entry per measure it continues there: each
responsible unit's status, the examples, the units that never reported, the coordinators'
comments in the review, and the paragraphs of the round report's texts that name the measure
(or its area). The report texts are read through the round (`round.report_texts`), so this
module reads the report's words without importing the report domain.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from lika.organisations.models import OrganisationUnit
from lika.plans import lineage
from lika.plans.models import Node, SteeringDocument
from lika.plans.queries import versions
from lika.reference.models import Perspective, PerspectiveKind

from . import analysis
from .analysis_data import round_data
from .models import (
    EventAction,
    FollowUpRound,
    MeasureStatus,
    RoundState,
    SubmissionEvent,
)

REVIEW_ACTIONS = (EventAction.COMMENTED, EventAction.RETURNED, EventAction.APPROVED)
REPORT_SECTIONS = ("conclusions", "examples", "introduction", "central_support", "business_plans", "employer")


@dataclass
class RoundEntry:
    round: FollowUpRound
    document: SteeringDocument
    code: str  # the measure's code in that version
    title: str
    examples: int = 0
    without_effects: int = 0
    without_learning: int = 0
    statuses: list[tuple[str, str, bool]] = field(default_factory=list)  # unit name, status label, reported
    not_reported: list[str] = field(default_factory=list)  # unit names
    grounds_missing: list[str] = field(default_factory=list)
    comments: list[tuple[str, str]] = field(default_factory=list)  # unit name, the coordinator's comment
    conclusions: list[str] = field(default_factory=list)  # paragraphs of the report naming it


def earlier_rounds(documents: list[SteeringDocument]) -> list[FollowUpRound]:
    """The opened rounds of these documents, oldest first, with their report texts."""
    return list(
        FollowUpRound.objects.filter(document__in=documents)
        .exclude(state=RoundState.DRAFT)
        .select_related("document", "report_texts")
        .order_by("period_end", "pk")
    )


def _predecessor_graph(document_ids: list[int]) -> tuple[dict[int, list[int]], dict[int, dict]]:
    rows = {
        row["pk"]: row
        for row in Node.objects.filter(document_id__in=document_ids).values("pk", "document_id", "code", "title_sv", "derived_from_id")
    }
    graph: dict[int, list[int]] = defaultdict(list)
    for pk, row in rows.items():
        if row["derived_from_id"]:
            graph[pk].append(row["derived_from_id"])
    for pk, source in Node.merged_from.through.objects.filter(from_node__document_id__in=document_ids).values_list(
        "from_node_id", "to_node_id"
    ):
        graph[pk].append(source)
    return graph, rows


def _comments(rounds: list[FollowUpRound]) -> dict[tuple[int, int], list[tuple[str, str]]]:
    found: dict[tuple[int, int], list[tuple[str, str]]] = defaultdict(list)
    events = (
        SubmissionEvent.objects.filter(submission__round__in=rounds, action__in=REVIEW_ACTIONS, measure__isnull=False)
        .exclude(comment="")
        .order_by("at", "pk")
        .values_list("submission__round_id", "measure_id", "submission__unit__name_sv", "comment")
    )
    for round_id, measure_id, unit, comment in events:
        found[(round_id, measure_id)].append((unit, comment))
    return found


def _report_paragraphs(round_: FollowUpRound, code: str, area_title: str) -> list[str]:
    texts = getattr(round_, "report_texts", None)
    if texts is None:
        return []
    found: list[str] = []
    for section in REPORT_SECTIONS:
        for paragraph in analysis.paragraphs_about(getattr(texts, section, ""), code, area_title):
            if paragraph not in found:
                found.append(paragraph)
    return found


@dataclass
class _Labels:
    units: dict[str, str]
    statuses: dict[str, str]
    grounds: dict[str, str]


def _labels(municipality_id: int) -> _Labels:
    return _Labels(
        units=dict(OrganisationUnit.objects.filter(municipality_id=municipality_id).values_list("key", "name_sv")),
        statuses=dict(MeasureStatus.choices) | {analysis.NOT_REPORTED: _("Not reported")},
        grounds={
            p.key: p.name for p in Perspective.objects.filter(kind=PerspectiveKind.DISCRIMINATION_GROUND).order_by("position")
        },
    )


def _entry(round_, row, lesson, measure, comments, labels: _Labels) -> RoundEntry:
    return RoundEntry(
        round=round_,
        document=round_.document,
        code=row["code"],
        title=row["title_sv"],
        examples=lesson.examples,
        without_effects=lesson.without_effects,
        without_learning=lesson.without_learning,
        statuses=[
            (labels.units.get(key, key), labels.statuses.get(status, status), status != analysis.NOT_REPORTED)
            for key, status in lesson.statuses.items()
        ],
        not_reported=[labels.units.get(key, key) for key in lesson.units_not_reported],
        grounds_missing=[labels.grounds[key] for key in lesson.perspectives_missing if key in labels.grounds],
        comments=comments.get((round_.pk, row["pk"]), []),
        conclusions=_report_paragraphs(round_, row["code"], measure.area_title if measure else ""),
    )


def history(nodes: list[Node], document: SteeringDocument) -> dict[int, list[RoundEntry]]:
    """Node id -> the entries of every earlier round for the measures it continues, oldest first."""
    chain = versions(document)
    earlier = chain[: chain.index(document)] if document in chain else []
    if not nodes or not earlier:
        return {node.pk: [] for node in nodes}
    graph, rows = _predecessor_graph([d.pk for d in chain])
    rounds = earlier_rounds(earlier)
    comments = _comments(rounds)
    labels = _labels(document.municipality_id)
    per_round = {}
    for round_ in rounds:
        data = round_data(round_)
        per_round[round_.pk] = (analysis.measure_lessons(data), {m.code: m for m in data.measures})
    result: dict[int, list[RoundEntry]] = {}
    for node in nodes:
        ancestors = lineage.ancestors(graph.get(node.pk, []), graph) - {node.pk}
        by_document = defaultdict(list)
        for pk in sorted(ancestors):
            if pk in rows:
                by_document[rows[pk]["document_id"]].append(rows[pk])
        entries = []
        for round_ in rounds:
            lessons, measures = per_round[round_.pk]
            for row in by_document.get(round_.document_id, []):
                lesson = lessons.get(row["code"])
                if lesson is not None:
                    entries.append(_entry(round_, row, lesson, measures.get(row["code"]), comments, labels))
        result[node.pk] = entries
    return result
