from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from lika.core import production


class Command(BaseCommand):
    help = (
        "Serve Lika with the configured database: the developer's server on 127.0.0.1:PORT, "
        "or with --production the multi-process server (docs/deploy.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--noreload", action="store_true", help="Do not restart when code changes.")
        parser.add_argument(
            "--production",
            action="store_true",
            help="Serve through gunicorn with several processes; refuses an unsafe configuration.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            help="With --production: the number of web processes (default LIKA_WEB_WORKERS, else 2 × cores + 1).",
        )
        parser.add_argument(
            "--bind",
            default="127.0.0.1",
            help="With --production: the address to listen on (default 127.0.0.1, behind a reverse proxy).",
        )

    def handle(self, *args, port, noreload, production, workers, bind, **options):
        if production:
            self.serve_production(port=port, workers=workers, bind=bind)
            return
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"Lika is at http://127.0.0.1:{port}/ (Ctrl-C stops it)")
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=not noreload, skip_checks=False)

    def serve_production(self, *, port, workers, bind):
        found = production.problems()
        if found:
            raise CommandError("; ".join(found))
        source = "--workers" if workers is not None else "LIKA_WEB_WORKERS"
        workers = workers if workers is not None else production.configured_workers()
        if workers < 1:
            raise CommandError(f"{source} must be at least 1, not {workers}")
        static_root = production.use_collected_static()
        cache = production.share_cache()
        call_command("migrate", interactive=False, verbosity=0)
        production.collect_static(static_root)
        # Each worker opens its own connections; none may be inherited across the fork.
        connections.close_all()
        # The application named in settings (lika.wsgi), as Django's own servers load it.
        from django.core.servers.basehttp import get_internal_wsgi_application

        application = get_internal_wsgi_application()

        self.stdout.write(
            f"Lika (production, {workers} workers) listens on http://{bind}:{port}/; "
            f"static files from {static_root}, cache in {cache}"
        )
        self.stdout.flush()
        production.run_gunicorn(application, production.gunicorn_options(bind=f"{bind}:{port}", workers=workers))
