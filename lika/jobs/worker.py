"""`lika worker`: django-tasks' database worker, with Lika's heartbeat, schedule and recovery.

Each turn of the loop it tells the database it is alive (the pages use that to
say when no worker runs), queues the scheduled jobs that are due, and recovers
jobs left running by a worker that died: queued again when they are safe to
run twice (registry.RERUN_WHEN_INTERRUPTED), otherwise marked failed. SIGTERM or Ctrl+C: the job
under way is finished, then the worker stops; a second signal stops it at once
and the job is marked interrupted.
"""

import logging
import os
import secrets
import socket
import time

from django.db import close_old_connections, connection
from django.db.utils import OperationalError
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from . import actions, schedule, tasks
from .heartbeat import Heartbeat

log = logging.getLogger("lika.jobs")
BEAT_EVERY = 5.0  # seconds


class LikaWorker(Worker):
    def __init__(self, *, interval: float, batch: bool, max_tasks: int | None):
        # The random part: a worker restarted in a container gets the same host name and process id.
        worker_id = f"{socket.gethostname()[:40]}-{os.getpid()}-{secrets.token_hex(4)}"
        super().__init__(
            queue_names=["default"], interval=interval, batch=batch, backend_name="default",
            startup_delay=False, max_tasks=max_tasks, worker_id=worker_id, excluded_queue_names=[],
        )
        self.started_at = timezone.now()
        self.last_beat = 0.0
        tasks.current_worker["id"] = worker_id

    def housekeeping(self, force: bool = False) -> None:
        if not force and time.monotonic() - self.last_beat < BEAT_EVERY:
            return
        self.last_beat = time.monotonic()
        try:
            actions.beat(self.worker_id, self.started_at)
            requeued, failed = actions.recover_interrupted()
            for job in requeued:
                log.warning("job %s %s: interrupted by a worker that stopped, queued again", job.pk, job.name)
            for job in failed:
                log.warning("job %s %s: interrupted by a worker that stopped, marked failed", job.pk, job.name)
            for name in schedule.queue_due_jobs():
                log.info("scheduled job %s queued", name)
        except OperationalError as error:
            if not is_locked_database_exception(error):
                raise

    def next_task(self):
        tasks_ = DBTaskResult.objects.ready().filter(backend_name=self.backend_name, queue_name__in=self.queue_names)
        with exclusive_transaction(tasks_.db):
            try:
                found = tasks_.get_locked()
            except OperationalError as error:
                if is_locked_database_exception(error):
                    return None, False
                raise
            if found is not None:
                found.claim(self.worker_id)
        return found, True

    def run(self) -> None:
        log.info("worker %s started", self.worker_id)
        self.housekeeping(force=True)
        heartbeat = Heartbeat(self.worker_id, self.started_at).__enter__()  # beats during long jobs too
        try:
            while self.running:
                if not connection.in_atomic_block:  # in a test's transaction the connection stays
                    close_old_connections()
                self.housekeeping()
                found, asked = self.next_task()
                if found is not None:
                    self.run_task(found)
                elif self.batch and asked:
                    log.info("no more jobs: worker %s stops", self.worker_id)
                    return
                if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                    return
                if self.running and found is None:
                    time.sleep(self.interval)
        finally:
            heartbeat.__exit__(None, None, None)
            actions.worker_stopped(self.worker_id)
            log.info("worker %s stopped", self.worker_id)
