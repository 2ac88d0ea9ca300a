"""Reads the pages share: a user's jobs, the latest job for a subject, whether a worker runs."""

from django.utils import timezone

from .actions import WORKER_GONE_AFTER
from .models import Job, WorkerBeat


def worker_last_seen():
    beat = WorkerBeat.objects.exclude(worker_id__endswith="-command").order_by("-last_seen").first()
    return beat.last_seen if beat else None


def worker_running() -> bool:
    seen = worker_last_seen()
    return seen is not None and timezone.now() - seen <= WORKER_GONE_AFTER


def jobs_of(user):
    return Job.objects.filter(owner=user)


def latest_job(user, subject: str) -> Job | None:
    return jobs_of(user).filter(subject=subject).first()


def job_panel(user, subject: str) -> dict:
    """Template context for jobs/_job.html: the latest job for the subject and the worker's state."""
    return {"job": latest_job(user, subject), "worker_running": worker_running(), "worker_last_seen": worker_last_seen()}
