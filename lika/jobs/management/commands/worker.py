"""`lika worker [--interval S] [--batch] [--max-jobs N]`: run the background jobs."""

import logging
import sys

from django.core.management.base import BaseCommand, CommandError

from lika.jobs.worker import LikaWorker


class Command(BaseCommand):
    help = "Run queued background jobs (report files, reminders, clean-up) until stopped with SIGTERM or Ctrl+C."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between looks at the queue (default 1).")
        parser.add_argument("--batch", action="store_true", help="Run the jobs that are queued, then stop.")
        parser.add_argument("--max-jobs", type=int, help="Stop after this many jobs.")

    def handle(self, *args, interval, batch, max_jobs, verbosity, **options):
        if interval < 0 or interval > 3600:
            raise CommandError(f"--interval {interval} must be between 0 and 3600 seconds")
        if max_jobs is not None and max_jobs < 1:
            raise CommandError(f"--max-jobs {max_jobs} must be 1 or more")
        handler = logging.StreamHandler(self.stdout)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%d %H:%M:%S"))
        for name in ("lika.jobs", "django_tasks_db"):
            logger = logging.getLogger(name)
            logger.addHandler(handler)
            logger.setLevel(logging.WARNING if verbosity == 0 else logging.INFO)
            logger.propagate = False
        worker = LikaWorker(interval=interval, batch=batch, max_tasks=max_jobs)
        worker.configure_signals()
        try:
            worker.run()
        except SystemExit as stop:
            # The library leaves by sys.exit on a signal; say so and stop cleanly.
            self.stdout.write("worker stopped")
            sys.exit(stop.code)
