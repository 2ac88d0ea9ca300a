"""`lika demo`: create or migrate the database and load the demo data. Running it twice changes nothing."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from lika.plans.importing import import_plan_text
from lika.plans.models import SteeringDocument

DEMO_DIR = Path(settings.BASE_DIR) / "demo"

# Order matters: a plan links to the programme it builds on.
PLAN_FILES = [
    "helsingborg-livskvalitetsprogrammet-2025.yaml",
    "helsingborg-lika-mojligheter-2022.yaml",
    "halmstad-inkluderande-kommunen-2020.yaml",
]


class Command(BaseCommand):
    help = "Create or migrate the database and load Lika's demo data (idempotent)."

    def handle(self, *args, **options):
        self.stdout.write("demo: migrating the database")
        call_command("migrate", interactive=False, verbosity=0)
        for name in PLAN_FILES:
            identifier = name.removesuffix(".yaml")
            if SteeringDocument.objects.filter(identifier=identifier).exists():
                self.stdout.write(f"demo: {identifier} is already loaded")
                continue
            text = (DEMO_DIR / name).read_text(encoding="utf-8")
            import_plan_text(text, f"demo/{name}", progress=lambda message: self.stdout.write(f"demo:   {message}"))
            self.stdout.write(f"demo: loaded {identifier}")
        with transaction.atomic():
            from lika.organisations.demo_users import ensure_demo_users

            for line in ensure_demo_users():
                self.stdout.write(f"demo: {line}")
        from django.utils import timezone

        from lika.followup.demo import ensure_demo_rounds

        for line in ensure_demo_rounds(timezone.localdate()):
            self.stdout.write(f"demo: {line}")
        from lika.reports.demo import ensure_demo_report_texts

        for line in ensure_demo_report_texts():
            self.stdout.write(f"demo: {line}")
        from lika.statistics.demo import ensure_demo_statistics

        for line in ensure_demo_statistics():
            self.stdout.write(f"demo: {line}")
        from lika.textanalysis.demo import ensure_demo_business_plans

        for line in ensure_demo_business_plans():
            self.stdout.write(f"demo: {line}")
        from lika.assessments.demo import ensure_demo_assessments

        for line in ensure_demo_assessments():
            self.stdout.write(f"demo: {line}")
        self.stdout.write(self.style.SUCCESS("demo: ready"))
