"""Every change to a consultation: send it, reply to it. One transaction each, the permission
checked; the saves are what the audit log records. A refused change raises `ActionRefused`."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lika.organisations.access import Access
from lika.organisations.models import Membership, OrganisationUnit, Role
from lika.plans.models import DocumentStatus, SteeringDocument

from .models import (
    Consultation,
    ConsultationReminder,
    Decision,
    NodeAnswer,
    Position,
    Reply,
)


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


def _already_answered(consultation: Consultation, unit: OrganisationUnit) -> bool:
    return Reply.objects.filter(consultation=consultation, unit=unit).exists()


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
    if _already_answered(consultation, unit):
        raise ActionRefused(_("%(unit)s has already answered this consultation.") % {"unit": unit.name})
    nodes = set(consultation.document.nodes.values_list("pk", flat=True))
    for answer in answers:
        if answer.node_id not in nodes or answer.position not in Position.values:
            raise ActionRefused(_("An answer names a part that is not in the draft."))
        if answer.position in (Position.CHANGE, Position.CANNOT) and not answer.text.strip():
            raise ActionRefused(_("Write the change you propose, or why the unit cannot take on the responsibility."))
    try:
        with transaction.atomic():
            saved = Reply.objects.create(
                consultation=consultation, unit=unit, general=general.strip(),
                submitted_by=user if getattr(user, "is_authenticated", False) else None,
            )
    except IntegrityError:  # the same unit's answer sent at the same moment from another tab or person
        raise ActionRefused(_("%(unit)s has already answered this consultation.") % {"unit": unit.name}) from None
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


# Reminders, as for follow-up rounds: once per unit, from `reminder_days` before the deadline -------


def _answerers(unit_ids) -> dict[int, list[str]]:
    """The e-mail addresses of the people who answer for each unit (its reporters and coordinators)."""
    found: dict[int, list[str]] = {}
    for membership in Membership.objects.filter(
        role__in=[Role.REPORTER, Role.COORDINATOR], unit_id__in=unit_ids
    ).select_related("user").order_by("user__email"):
        if membership.user.email and membership.user.is_active and membership.user.email not in found.get(membership.unit_id, []):
            found.setdefault(membership.unit_id, []).append(membership.user.email)
    return found


@transaction.atomic
def send_reminders(consultation: Consultation, *, today: date) -> list[OrganisationUnit]:
    """Remind the asked units that have not answered, once each, from `reminder_days` before the deadline."""
    if consultation.document.status != DocumentStatus.DRAFT:
        return []
    days_left = (consultation.deadline - today).days
    if days_left < 0 or days_left > consultation.reminder_days:
        return []
    answered = set(consultation.replies.values_list("unit_id", flat=True))
    reminded = set(consultation.reminders.values_list("unit_id", flat=True))
    due = [unit for unit in consultation.units.order_by("name_sv") if unit.pk not in answered | reminded]
    addresses = _answerers([unit.pk for unit in due])
    url = settings.LIKA_SITE_URL.rstrip("/") + reverse("consultation:index", args=[consultation.document.identifier])
    messages = []
    for unit in due:
        subject = f"Påminnelse: remiss av {consultation.document.title_sv} senast {consultation.deadline:%Y-%m-%d}"
        body = (
            f"Hej!\n\n{unit.name_sv} har inte svarat på remissen av {consultation.document.title_sv} ännu. "
            f"Sista dag är {consultation.deadline:%Y-%m-%d}.\n\n{url}\n"
        )
        messages.extend((subject, body, settings.DEFAULT_FROM_EMAIL, [a]) for a in addresses.get(unit.pk, []))
    send_mass_mail(messages, fail_silently=False)
    ConsultationReminder.objects.bulk_create(ConsultationReminder(consultation=consultation, unit=unit, sent_on=today) for unit in due)
    return due
