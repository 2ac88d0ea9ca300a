"""A thread that tells the database every few seconds that a worker (or a command running a job) is alive.

It beats while a long job runs too, so another worker never takes a job that is
under way for lost. It uses its own database connection and closes it when it stops.
"""

import logging
import threading

from django.db import DatabaseError, connection

from . import actions

log = logging.getLogger("lika.jobs")
BEAT_EVERY = 5.0  # seconds


class Heartbeat:
    def __init__(self, worker_id: str, started_at, every: float = BEAT_EVERY):
        self.worker_id, self.started_at, self.every = worker_id, started_at, every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{worker_id}", daemon=True)

    def __enter__(self):
        actions.beat(self.worker_id, self.started_at)
        # Inside a transaction (a test's), another connection could not see or must not outlive it.
        if not connection.in_atomic_block:
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=self.every * 2)
        return False

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.every):
                try:
                    actions.beat(self.worker_id, self.started_at)
                except DatabaseError as error:  # a busy or briefly absent database: try again next time
                    log.warning("worker %s: heartbeat not written: %s", self.worker_id, error)
        finally:
            connection.close()
