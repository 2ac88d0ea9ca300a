"""Background jobs: the queue, the job record the user sees, the worker and the schedule.

Domains start long work with `lika.jobs.enqueue(...)`; the job itself is a
function in the domain's `jobs.py`, named in `lika/jobs/registry.py` by its
dotted path. This package imports no domain (decision 5, decision 7).
"""


def enqueue(name: str, *, kwargs: dict | None = None, owner=None, subject: str = "", language: str = "", label: str = ""):
    """Queue the registered job `name`; returns its `Job` record (see lika.jobs.actions.enqueue)."""
    from .actions import enqueue as _enqueue

    return _enqueue(name, kwargs=kwargs or {}, owner=owner, subject=subject, language=language, label=label)


def run_here(job, on_progress=None):
    """Run a queued job in this process now (a command that need not wait for a worker); the
    worker later finds it no longer queued. `on_progress(percent, text)` is told each step.
    Returns the finished record, or None if a worker had already taken it."""
    import os
    import socket

    from django.utils import timezone

    from . import actions
    from .heartbeat import Heartbeat
    from .tasks import execute

    # The command beats like a worker while it runs, so no worker takes its job to be lost.
    worker_id = f"{socket.gethostname()[:40]}-{os.getpid()}{COMMAND_SUFFIX}"
    try:
        with Heartbeat(worker_id, timezone.now()):
            return execute(job.pk, worker_id, on_progress)
    finally:
        actions.worker_stopped(worker_id)


COMMAND_SUFFIX = "-command"  # a command running a job itself, not a worker (queries.worker_running)
