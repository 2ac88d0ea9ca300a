"""The revision page: a draft revision's nodes, each measure with what the last follow-up round
of the version in force taught about the measure it continues (status per unit, examples, the
grounds none of its examples covered, examples without effects or learning).

It lives in the follow-up domain because it reads both the plan and its follow-up; every change
to the draft goes through `lika.plans.actions`, on the plan pages it links to.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from lika.organisations.access import access_for
from lika.organisations.models import OrganisationUnit
from lika.plans import queries as plan_queries
from lika.plans.models import DocumentStatus, SteeringDocument
from lika.reference.models import Perspective, PerspectiveKind

from . import analysis
from .analysis_data import round_data
from .models import FollowUpRound, MeasureStatus, RoundState


@dataclass
class Row:
    node: object
    is_measure: bool
    predecessor: object | None
    lesson: analysis.MeasureLesson | None
    statuses: list[tuple[str, str, bool]]  # unit name, status label, reported
    grounds_missing: list[str]


def last_round(document: SteeringDocument) -> FollowUpRound | None:
    """The latest round of the document that has been opened (drafts taught nothing yet)."""
    return (
        FollowUpRound.objects.filter(document=document).exclude(state=RoundState.DRAFT).order_by("-period_end").first()
    )


def _rows(draft: SteeringDocument, round_: FollowUpRound | None) -> list[Row]:
    lessons = analysis.measure_lessons(round_data(round_)) if round_ else {}
    units = dict(OrganisationUnit.objects.filter(municipality_id=draft.municipality_id).values_list("key", "name_sv"))
    grounds = {
        p.key: p.name for p in Perspective.objects.filter(kind=PerspectiveKind.DISCRIMINATION_GROUND).order_by("position")
    }
    labels = dict(MeasureStatus.choices) | {analysis.NOT_REPORTED: _("Not reported")}
    leaves = {node.pk for node in plan_queries.measure_nodes(draft)}
    rows = []
    for node in draft.nodes.order_by("position").select_related("derived_from"):
        predecessor = node.derived_from
        lesson = lessons.get(predecessor.code) if predecessor and node.pk in leaves else None
        rows.append(
            Row(
                node=node,
                is_measure=node.pk in leaves,
                predecessor=predecessor,
                lesson=lesson,
                statuses=[
                    (units.get(key, key), labels.get(status, status), status != analysis.NOT_REPORTED)
                    for key, status in (lesson.statuses.items() if lesson else [])
                ],
                grounds_missing=[grounds[key] for key in (lesson.perspectives_missing if lesson else []) if key in grounds],
            )
        )
    return rows


@login_required
def revision(request, identifier):
    draft = SteeringDocument.objects.select_related("municipality", "revision_of").filter(identifier=identifier).first()
    if draft is None or draft.revision_of_id is None:
        raise Http404("no such revision")
    access = access_for(request.user)
    if not access.is_plan_owner(draft.municipality):
        raise PermissionDenied
    round_ = last_round(draft.revision_of)
    municipality = draft.municipality
    return render(
        request,
        "followup/revision.html",
        {
            "municipality": municipality,
            "document": draft,
            "is_draft": draft.status == DocumentStatus.DRAFT,
            "round": round_,
            "rows": _rows(draft, round_),
            "dropped": list(draft.dropped_nodes.select_related("node").order_by("node__position")),
            "title": _("Revision of the plan"),
            "breadcrumbs": [
                (_("Steering documents"), reverse("home")),
                (municipality.name, reverse("plans:documents", args=[municipality.slug])),
                (draft.title, reverse("plans:document", args=[municipality.slug, draft.identifier])),
                (_("Revision of the plan"), None),
            ],
        },
    )
