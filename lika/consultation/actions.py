"""Every change to a consultation: send it, reply to it. One transaction each, the permission
checked; the saves are what the audit log records. A refused change raises `ActionRefused`."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lika.organisations.access import Access
from lika.organisations.models import OrganisationUnit, Role
from lika.plans.models import DocumentStatus, SteeringDocument

from .models import Consultation, Decision, NodeAnswer, Position, Reply


class ActionRefused(Exception):
    """The change is not allowed now; the message says why, for the user."""


@transaction.atomic
def send(document: SteeringDocument, units: list[OrganisationUnit], deadline: date, questions: str, *, access: Access, user,
         today: date | None = None) -> Consultation:
    if not (access.is_superuser or access.is_plan_owner(document.municipality_id)):
        raise ActionRefused(_("Only the plan owner sends a draft out for consultation."))
    if document.status != DocumentStatus.DRAFT:
        raise ActionRefused(_("Only a draft is sent out for consultation."))
    if deadline < (today or timezone.localdate()):
        raise ActionRefused(_("The deadline %(date)s has passed; choose a later day.") % {"date": deadline})
    if not units:
        raise ActionRefused(_("Choose the units that are asked."))
    if any(unit.municipality_id != document.municipality_id for unit in units):
        raise ActionRefused(_("The unit belongs to another municipality."))
    consultation = Consultation.objects.create(
        document=document, deadline=deadline, questions=questions.strip(), sent_by=user if getattr(user, "is_authenticated", False) else None
    )
    consultation.units.set(units)
    return consultation


def may_answer_for(access: Access, consultation: Consultation) -> list[OrganisationUnit]:
    """The asked units the user answers for: as their reporter or coordinator."""
    own = access.units_for(Role.REPORTER) | access.units_for(Role.COORDINATOR)
    if not access.is_member(consultation.document.municipality_id):
        return []
    return [unit for unit in consultation.units.order_by("name_sv") if unit.pk in own]


@dataclass
class AnswerInput:
    node_id: int
    position: str
    text: str = ""


@transaction.atomic
def reply(consultation: Consultation, unit: OrganisationUnit, answers: list[AnswerInput], general: str, *, access: Access,
          user, today: date | None = None) -> Reply:
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if unit not in may_answer_for(access, consultation):
        raise ActionRefused(_("You do not answer this consultation for %(unit)s.") % {"unit": unit.name})
    if (today or timezone.localdate()) > consultation.deadline:
        raise ActionRefused(_("The deadline %(date)s has passed; the consultation takes no more answers.") % {"date": consultation.deadline})
    if Reply.objects.filter(consultation=consultation, unit=unit).exists():
        raise ActionRefused(_("%(unit)s has already answered this consultation.") % {"unit": unit.name})
    nodes = set(consultation.document.nodes.values_list("pk", flat=True))
    for answer in answers:
        if answer.node_id not in nodes or answer.position not in Position.values:
            raise ActionRefused(_("An answer names a part that is not in the draft."))
        if answer.position in (Position.CHANGE, Position.CANNOT) and not answer.text.strip():
            raise ActionRefused(_("Write the change you propose, or why the unit cannot take on the responsibility."))
    saved = Reply.objects.create(
        consultation=consultation, unit=unit, general=general.strip(),
        submitted_by=user if getattr(user, "is_authenticated", False) else None,
    )
    for answer in answers:
        NodeAnswer.objects.create(reply=saved, node_id=answer.node_id, position=answer.position, text=answer.text.strip())
    return saved


@transaction.atomic
def settle(answer: NodeAnswer, decision: str, reason: str, *, access: Access, user) -> None:
    """The plan owner marks an answer taken in or not taken in (with a reason)."""
    document = answer.node.document
    if not (access.is_superuser or access.is_plan_owner(document.municipality_id)):
        raise ActionRefused(_("Only the plan owner decides what is taken in from the consultation."))
    if decision not in Decision.values:
        raise ActionRefused(_("Choose taken in or not taken in."))
    if decision == Decision.NOT_TAKEN_IN and not reason.strip():
        raise ActionRefused(_("Say why the answer is not taken in."))
    answer.decision, answer.decision_reason = decision, reason.strip()
    answer.save(update_fields=["decision", "decision_reason"])
