"""`lika demo`: create or migrate the database and load the demo data. Running it twice changes nothing."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from lika.demo.loader import load_demo


class Command(BaseCommand):
    help = "Create or migrate the database and load Lika's demo data (idempotent)."

    def handle(self, *args, **options):
        self.stdout.write("demo: migrating the database")
        call_command("migrate", interactive=False, verbosity=0)
        for line in load_demo(progress=lambda message: self.stdout.write(f"demo:   {message}")):
            self.stdout.write(f"demo: {line}")
        self.stdout.write(self.style.SUCCESS("demo: ready"))
