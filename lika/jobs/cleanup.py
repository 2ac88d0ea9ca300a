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
            delete_kept_inputs(job)
            job.delete()
        progress(100 * number // max(total, 1))
    DBTaskResult.objects.finished().filter(finished_at__lt=timezone.now() - timedelta(days=days)).delete()


def delete_kept_inputs(job: Job) -> None:
    """Files a job was given to read, kept under job-inputs/ (kwargs["files"][i]["path"]); a job
    that finishes deletes them itself, one that failed or was interrupted leaves them to this."""
    from django.core.files.storage import default_storage

    for entry in (job.kwargs or {}).get("files", []):
        path = entry.get("path", "") if isinstance(entry, dict) else ""
        if path.startswith("job-inputs/"):
            default_storage.delete(path)
