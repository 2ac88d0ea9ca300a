from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Lika on this machine (http://127.0.0.1:PORT/) with the configured database."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--noreload", action="store_true", help="Do not restart when code changes.")

    def handle(self, *args, port, noreload, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"Lika is at http://127.0.0.1:{port}/ (Ctrl-C stops it)")
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=not noreload, skip_checks=False)
