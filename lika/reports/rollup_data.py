"""From the database to a programme roll-up's plain inputs, in a fixed number of queries.

A measure's status is taken from the latest follow-up round of its plan in
which any unit has submitted a report on it (drafts never count). The public
roll-up counts published rounds only and adopted plans only.
"""

from collections import defaultdict

from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lika.core.localized import localized
from lika.followup.models import (
    MeasureReport,
    MeasureStatus,
    RoundState,
    SubmissionState,
)
from lika.plans.models import (
    DocumentKind,
    DocumentStatus,
    Node,
    NodeLink,
    SteeringDocument,
)
from lika.plans.queries import (
    active_units_by_kind,
    follow_up_units,
    level_names,
    units_per_leaf,
)

from . import rollup


def programmes(municipality, *, public: bool):
    found = SteeringDocument.objects.filter(municipality=municipality, kind=DocumentKind.PROGRAMME)
    return found.filter(status=DocumentStatus.ADOPTED) if public else found


def rollup_inputs(programme: SteeringDocument, language: str, *, public: bool) -> rollup.RollupInputs:
    with translation.override(language):
        return _inputs(programme, language, public)


def _inputs(programme: SteeringDocument, language: str, public: bool) -> rollup.RollupInputs:
    nodes = list(programme.nodes.order_by("position").prefetch_related("goals"))
    parents = {node.parent_id for node in nodes if node.parent_id}
    links = list(
        NodeLink.objects.filter(target__document=programme, source__document__municipality_id=programme.municipality_id)
        .filter(**({"source__document__status": DocumentStatus.ADOPTED} if public else {}))
        .select_related("source__document")
        .order_by("source__document__title_sv", "source__position", "position")
    )
    plans = {link.source.document_id: link.source.document for link in links}
    plan_nodes = list(Node.objects.filter(document_id__in=plans).order_by("document_id", "position"))
    leaves_under = _leaves_under(plan_nodes)
    responsible = _implementing(plans, plan_nodes)
    followed = _latest_follow_up(set().union(*leaves_under.values()) if leaves_under else set(), public, language)
    by_id = {node.pk: node for node in plan_nodes}

    def measure(node_id: int) -> rollup.MeasureFollowUp:
        node = by_id[node_id]
        status = followed.get(node_id)
        return rollup.MeasureFollowUp(
            plan=localized(plans[node.document_id], "title", language),
            code=node.code,
            title=localized(node, "title", language),
            round_title=status["round"] if status else "",
            units_responsible=len(responsible.get(node_id, ())),
            units_reported=sum(status["counts"].values()) if status else 0,
            status_counts=status["counts"] if status else {},
            examples=status["examples"] if status else 0,
        )

    contributions = defaultdict(list)
    measures = defaultdict(dict)
    for link in links:
        source = link.source
        contributions[link.target_id].append(
            rollup.Contribution(
                plan=localized(source.document, "title", language),
                node=f"{source.code} {localized(source, 'title', language)}",
                as_stated=localized(link, "as_stated", language),
            )
        )
        for leaf_id in leaves_under.get(source.pk, ()):
            measures[link.target_id].setdefault(leaf_id, None)
    leaf_depth = max((node.depth for node in nodes if node.pk not in parents), default=0)
    return rollup.RollupInputs(
        municipality=programme.municipality.name,
        programme_title=localized(programme, "title", language),
        date=timezone.localdate().isoformat(),
        language=language,
        nodes=tuple(
            rollup.ProgrammeNode(
                code=node.code,
                title=localized(node, "title", language),
                depth=node.depth,
                goals=tuple(f"{g.number} {localized(g, 'name', language)}" for g in sorted(node.goals.all(), key=lambda g: g.number)),
                contributions=tuple(contributions[node.pk]),
                measures=tuple(measure(leaf_id) for leaf_id in _in_plan_order(measures[node.pk], by_id)),
                is_leaf=node.pk not in parents,
            )
            for node in nodes
        ),
        statuses=tuple((key, str(label)) for key, label in MeasureStatus.choices),
        leaf_level=str(level_names(programme).get(leaf_depth) or ""),
        published_only=public,
        content_language="sv" if language != "sv" else "",
    )


def _leaves_under(nodes: list[Node]) -> dict[int, list[int]]:
    """Node id -> the ids of the leaves (the measures) at or below it."""
    children = defaultdict(list)
    for node in nodes:
        if node.parent_id:
            children[node.parent_id].append(node.pk)
    result = {}

    def leaves(node_id: int) -> list[int]:
        if node_id not in result:
            kids = children.get(node_id)
            result[node_id] = [leaf for kid in kids for leaf in leaves(kid)] if kids else [node_id]
        return result[node_id]

    for node in nodes:
        leaves(node.pk)
    return result


def _in_plan_order(ids, by_id) -> list[int]:
    return sorted(ids, key=lambda node_id: (by_id[node_id].document_id, by_id[node_id].position))


def _implementing(plans: dict, plan_nodes: list[Node]) -> dict[int, set[int]]:
    """Measure id -> ids of the units that report on it: `plans.queries.implementing_units`'s rule,
    for several plans in three queries."""
    if not plans:
        return {}
    municipality = next(iter(plans.values())).municipality
    own = follow_up_units(list(plans), active_units_by_kind(municipality))
    return units_per_leaf(plan_nodes, own)


def _latest_follow_up(measure_ids: set[int], public: bool, language: str) -> dict[int, dict]:
    """Measure id -> {round, counts, examples} from the latest round with a submitted report on it."""
    if not measure_ids:
        return {}
    reports = MeasureReport.objects.filter(measure_id__in=measure_ids).exclude(submission__state=SubmissionState.DRAFT)
    reports = reports.filter(submission__round__state=RoundState.PUBLISHED) if public else reports.exclude(
        submission__round__state=RoundState.DRAFT
    )
    rows = (
        reports.values(
            "measure_id",
            "status",
            "submission__round_id",
            "submission__round__period_end",
            "submission__round__title_sv",
            "submission__round__title_en",
        )
        .annotate(units=Count("pk", distinct=True), examples=Count("examples"))
        .order_by()
    )
    latest: dict[int, tuple] = {}
    for row in rows:
        key = (row["submission__round__period_end"], row["submission__round_id"])
        if row["measure_id"] not in latest or key > latest[row["measure_id"]][0]:
            latest[row["measure_id"]] = (key, row)
    result: dict[int, dict] = {}
    for row in rows:
        chosen_key, chosen = latest[row["measure_id"]]
        if (row["submission__round__period_end"], row["submission__round_id"]) != chosen_key:
            continue
        title = (row["submission__round__title_en"] if language == "en" else "") or row["submission__round__title_sv"]
        entry = result.setdefault(row["measure_id"], {"round": title, "counts": {}, "examples": 0})
        if row["status"]:
            entry["counts"][row["status"]] = entry["counts"].get(row["status"], 0) + row["units"]
        entry["examples"] += row["examples"]
    return result


def build_rollup(programme: SteeringDocument, language: str, *, public: bool):
    inputs = rollup_inputs(programme, language, public=public)
    with translation.override(language):
        return rollup.build(inputs, _)
