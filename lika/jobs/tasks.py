"""The one task django-tasks knows: run a Lika job by its record's id."""

import logging

from django.conf import settings
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task

from . import actions
from .registry import job_path
from .results import JobFailed

log = logging.getLogger("lika.jobs")
# Set by the worker before it runs a task, for the job records.
current_worker = {"id": "in-process"}


@task()
def run_job(job_id: int) -> None:
    execute(job_id, current_worker["id"])


def execute(job_id: int, worker_id: str, on_progress=None):
    """Run the queued job here; returns its record when it ran, None if it was no longer queued.

    `on_progress(percent, text)` is told each step too (the commands print it).
    """
    job = actions.start(job_id, worker_id)
    if job is None:
        return None
    log.info("job %s %s: started", job.pk, job.name)

    def progress(percent: int, text: str = "") -> None:
        actions.set_progress(job, percent, text)
        log.info("job %s %s: %s%% %s", job.pk, job.name, job.progress, job.progress_text)
        if on_progress is not None:
            on_progress(job.progress, job.progress_text)

    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            function = import_string(job_path(job.name))
            result = function(progress=progress, **job.kwargs)
        except JobFailed as refused:
            actions.fail(job, str(refused))
            log.info("job %s %s: failed: %s", job.pk, job.name, refused)
            job.refresh_from_db()
            return job
        except BaseException as error:
            interrupted = isinstance(error, (KeyboardInterrupt, SystemExit))
            message = (
                _("The job was interrupted because the worker stopped. Start it again.")
                if interrupted
                else _("The job failed because of an error in Lika. Try again; if it fails again, tell your IT support (job %(id)s).")
                % {"id": job.pk}
            )
            actions.fail(job, message)
            log.exception("job %s %s: failed", job.pk, job.name)
            raise
        actions.finish(job, result)
    log.info("job %s %s: done", job.pk, job.name)
    return job
