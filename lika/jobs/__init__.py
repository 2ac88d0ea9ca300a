"""Background jobs: the queue, the job record the user sees, the worker and the schedule.

Domains start long work with `lika.jobs.enqueue(...)`; the job itself is a
function in the domain's `jobs.py`, named in `lika/jobs/registry.py` by its
dotted path. This package imports no domain (decision 5, decision 7).
"""


def enqueue(name: str, *, kwargs: dict | None = None, owner=None, subject: str = "", language: str = "", label: str = ""):
    """Queue the registered job `name`; returns its `Job` record (see lika.jobs.actions.enqueue)."""
    from .actions import enqueue as _enqueue

    return _enqueue(name, kwargs=kwargs or {}, owner=owner, subject=subject, language=language, label=label)
