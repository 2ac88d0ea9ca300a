"""Work of the consultation run by the background worker (lika.jobs)."""

from django.utils import timezone

from lika.plans.models import DocumentStatus

from . import actions
from .models import Consultation


def send_due_reminders(*, progress) -> None:
    """The daily reminders: every consultation of a draft, the units that have not answered, once, before the deadline."""
    today = timezone.localdate()
    consultations = list(
        Consultation.objects.filter(document__status=DocumentStatus.DRAFT, deadline__gte=today).select_related("document")
    )
    for number, consultation in enumerate(consultations, start=1):
        units = actions.send_reminders(consultation, today=today)
        progress(100 * number // len(consultations), f"{consultation.document.identifier}: {len(units)}")
