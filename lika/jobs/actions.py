"""Every change to a job record: queue, start, progress, finish, fail, recover.

`enqueue` writes the job record and the queued task in one transaction, so
a job is never shown without a task to run it, nor run without a record.
"""

import os
import socket
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Job, JobState, WorkerBeat
from .registry import job_path
from .results import FileResult

# A worker not heard from for this long is taken to be gone.
WORKER_GONE_AFTER = timedelta(seconds=60)


@transaction.atomic
def enqueue(name: str, *, kwargs: dict, owner=None, subject: str = "", language: str = "", label: str = "") -> Job:
    from .tasks import run_job

    job_path(name)  # unknown names are refused before anything is written
    job = Job.objects.create(
        name=name, kwargs=kwargs, owner=owner, subject=subject, language=language, label=label
    )
    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.task_id = str(result.id)
    return job


def start(job_id: int, worker_id: str) -> Job | None:
    """Mark the job running; None if it is no longer waiting (already failed or done)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state != JobState.QUEUED:
            return None
        job.state, job.worker, job.started_at = JobState.RUNNING, worker_id, timezone.now()
        job.save(update_fields=["state", "worker", "started_at"])
    return job


def set_progress(job: Job, percent: int, text: str = "") -> None:
    job.progress, job.progress_text = max(0, min(100, int(percent))), str(text)[:200]
    Job.objects.filter(pk=job.pk).update(progress=job.progress, progress_text=job.progress_text)


@transaction.atomic
def finish(job: Job, result) -> None:
    if isinstance(result, FileResult):
        job.result_name = result.name
        job.result_file.save(result.name, ContentFile(result.content), save=False)
    job.state, job.progress, job.finished_at = JobState.DONE, 100, timezone.now()
    job.save(update_fields=["state", "progress", "finished_at", "result_name", "result_file"])


def fail(job: Job, message: str) -> None:
    Job.objects.filter(pk=job.pk).update(state=JobState.FAILED, error=message, finished_at=timezone.now())


def beat(worker_id: str, started_at) -> None:
    now = timezone.now()
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"host": socket.gethostname(), "pid": os.getpid(), "started_at": started_at, "last_seen": now},
    )


def worker_stopped(worker_id: str) -> None:
    WorkerBeat.objects.filter(worker_id=worker_id).delete()


def _worker_alive(worker_id: str, beats: dict, now) -> bool:
    seen = beats.get(worker_id)
    if seen is None or now - seen.last_seen > WORKER_GONE_AFTER:
        return False
    if seen.host == socket.gethostname():
        try:
            os.kill(seen.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
    return True


def fail_interrupted() -> list[Job]:
    """Jobs left running by a worker that is gone are shown as failed, never silently lost."""
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    beats = {b.worker_id: b for b in WorkerBeat.objects.all()}
    lost = [job for job in Job.objects.filter(state=JobState.RUNNING) if not _worker_alive(job.worker, beats, now)]
    for job in lost:
        with transaction.atomic():
            fail(job, _("The job was interrupted because the worker stopped. Start it again."))
            DBTaskResult.objects.filter(pk=job.task_id, status="RUNNING").update(
                status="FAILED", finished_at=now, exception_class_path="lika.jobs.Interrupted"
            )
    WorkerBeat.objects.filter(last_seen__lt=now - WORKER_GONE_AFTER * 10).delete()
    return lost
