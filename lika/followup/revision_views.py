"""The revision page: a draft revision's nodes, each measure with what every follow-up round of
the earlier versions taught about the measures it continues (status per unit, examples, units
that never reported, the coordinators' comments, the report's words about it; `history`).

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
from lika.plans.models import DocumentStatus, SteeringDocument

from . import history
from .models import FollowUpRound, RoundState


@dataclass
class Row:
    node: object
    is_measure: bool
    predecessor: object | None
    merged: list  # further nodes it continues (a merge)
    entries: list[history.RoundEntry]  # every earlier round, oldest first


def last_round(document: SteeringDocument) -> FollowUpRound | None:
    """The latest round of the document that has been opened (drafts taught nothing yet)."""
    return (
        FollowUpRound.objects.filter(document=document).exclude(state=RoundState.DRAFT).order_by("-period_end").first()
    )


def _rows(draft: SteeringDocument) -> list[Row]:
    nodes = list(draft.nodes.order_by("position").select_related("derived_from").prefetch_related("merged_from"))
    parents = {node.parent_id for node in nodes if node.parent_id}
    leaves = [node for node in nodes if node.pk not in parents]
    entries = history.history(leaves, draft)
    return [
        Row(
            node=node,
            is_measure=node.pk not in parents,
            predecessor=node.derived_from,
            merged=list(node.merged_from.all()),
            entries=entries.get(node.pk, []),
        )
        for node in nodes
    ]


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
            "rows": _rows(draft),
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
