"""The daily schedule: the worker queues each scheduled job once a day, no cron needed."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import actions
from .models import ScheduledRun
from .registry import SCHEDULE, Scheduled


def due(entry: Scheduled, last_run, now: datetime) -> bool:
    local = timezone.localtime(now)
    return local.time() >= entry.at and (last_run is None or last_run < local.date())


def queue_due_jobs(now: datetime | None = None) -> list[str]:
    """Queue every scheduled job that is due; with several workers each is queued once."""
    now = now or timezone.now()
    queued = []
    for entry in SCHEDULE:
        try:
            ScheduledRun.objects.get_or_create(name=entry.name)
        except IntegrityError:  # another worker created it just now
            pass
        with transaction.atomic():
            run = ScheduledRun.objects.select_for_update().get(name=entry.name)
            if not due(entry, run.last_run, now):
                continue
            run.last_run = timezone.localtime(now).date()
            run.save(update_fields=["last_run"])
            actions.enqueue(entry.name, kwargs={}, label=entry.name)
            queued.append(entry.name)
    return queued
