"""Every change to a job record: queue, start, progress, finish, fail, recover.

`enqueue` writes the job record and the queued task in one transaction, so
a job is never shown without a task to run it, nor run without a record.
"""

import os
import socket
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Job, JobState, WorkerBeat
from .registry import MAX_ATTEMPTS, RERUN_WHEN_INTERRUPTED, job_path
from .results import FileResult, TextResult

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
        job.attempts += 1
        job.save(update_fields=["state", "worker", "started_at", "attempts"])
    return job


def set_progress(job: Job, percent: int, text: str = "") -> None:
    job.progress, job.progress_text = max(0, min(100, int(percent))), str(text)[:200]
    Job.objects.filter(pk=job.pk).update(progress=job.progress, progress_text=job.progress_text)


@transaction.atomic
def finish(job: Job, result) -> None:
    if isinstance(result, FileResult):
        job.result_name = result.name
        job.result_file.save(result.name, ContentFile(result.content), save=False)
    elif isinstance(result, TextResult):
        job.summary = result.text
    job.state, job.progress, job.finished_at = JobState.DONE, 100, timezone.now()
    job.save(update_fields=["state", "progress", "finished_at", "result_name", "result_file", "summary"])


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
    """On this machine the process decides (a worker silent for ten minutes counts as hung);
    elsewhere a worker not heard from for a minute is gone."""
    seen = beats.get(worker_id)
    if seen is None:
        return False
    if seen.host == socket.gethostname():
        try:
            os.kill(seen.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
        return now - seen.last_seen <= WORKER_GONE_AFTER * 10
    return now - seen.last_seen <= WORKER_GONE_AFTER


def recover_interrupted() -> tuple[list[Job], list[Job]]:
    """Jobs left running by a worker that is gone are never silently lost: a job that is safe to
    run again is queued again (at most MAX_ATTEMPTS runs), any other is shown as failed.
    Returns (queued again, failed)."""
    now = timezone.now()
    beats = {b.worker_id: b for b in WorkerBeat.objects.all()}
    lost = [job for job in Job.objects.filter(state=JobState.RUNNING) if not _worker_alive(job.worker, beats, now)]
    requeued, failed = [], []
    for job in lost:
        with transaction.atomic(), translation.override(job.language or settings.LANGUAGE_CODE):
            if not Job.objects.filter(pk=job.pk, state=JobState.RUNNING, worker=job.worker).exists():
                continue  # another worker recovered it just now
            _end_task(job.task_id, now)
            if job.name in RERUN_WHEN_INTERRUPTED and job.attempts < MAX_ATTEMPTS:
                _queue_again(job)
                requeued.append(job)
            else:
                message = (
                    _("The job was interrupted because the worker stopped. Start it again.")
                    if job.name not in RERUN_WHEN_INTERRUPTED
                    else _("The job was interrupted %(count)s times because the worker stopped while it ran. Tell your IT support.")
                    % {"count": job.attempts}
                )
                fail(job, message)
                failed.append(job)
    WorkerBeat.objects.filter(last_seen__lt=now - WORKER_GONE_AFTER * 10).delete()
    return requeued, failed


def _end_task(task_id: str, now) -> None:
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(pk=task_id, status="RUNNING").update(
        status="FAILED", finished_at=now, exception_class_path="lika.jobs.Interrupted"
    )


def _queue_again(job: Job) -> None:
    from .tasks import run_job

    result = run_job.enqueue(job.pk)
    job.state, job.worker, job.progress, job.task_id = JobState.QUEUED, "", 0, str(result.id)
    job.progress_text = _("Queued again after the worker stopped (run %(number)s)") % {"number": job.attempts + 1}
    job.save(update_fields=["state", "worker", "progress", "progress_text", "task_id"])
