"""The scheduled clean-up: finished jobs and their files are kept for a while, then deleted."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .models import Job, JobState


def delete_old_jobs(*, progress, days: int | None = None) -> None:
    days = settings.LIKA_JOB_RESULT_DAYS if days is None else days
    old = Job.objects.filter(state__in=[JobState.DONE, JobState.FAILED], finished_at__lt=timezone.now() - timedelta(days=days))
    total = old.count()
    for number, job in enumerate(old.iterator(), start=1):
        with transaction.atomic():
            if job.result_file:
                job.result_file.delete(save=False)
            job.delete()
        progress(100 * number // max(total, 1))
    DBTaskResult.objects.finished().filter(finished_at__lt=timezone.now() - timedelta(days=days)).delete()
