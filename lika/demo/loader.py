"""The demo data of every domain, loaded in order. Running it twice changes nothing.

The demo sits above the domains (docs/architecture.md): it is the only place
that knows all of them, so no domain needs to import another to load its demo.
"""

from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lika.assessments.demo import ensure_demo_assessments
from lika.audit import context as audit_context
from lika.audit.models import Kind as AuditKind
from lika.audit.record import record as audit_record
from lika.followup.demo import ensure_demo_rounds
from lika.organisations.demo_users import ensure_demo_users
from lika.plans.importing import import_plan_text
from lika.plans.models import SteeringDocument
from lika.reports.demo import ensure_demo_report_texts
from lika.statistics.demo import ensure_demo_statistics
from lika.support.demo import ensure_demo_events
from lika.textanalysis.demo import ensure_demo_business_plans

DEMO_DIR = Path(settings.BASE_DIR) / "demo"

# Order matters: a plan links to the programme it builds on.
PLAN_FILES = [
    "helsingborg-livskvalitetsprogrammet-2025.yaml",
    "helsingborg-lika-mojligheter-2022.yaml",
    "halmstad-inkluderande-kommunen-2020.yaml",
]


def load_plans(progress: Callable[[str], None]) -> Iterator[str]:
    for name in PLAN_FILES:
        identifier = name.removesuffix(".yaml")
        if SteeringDocument.objects.filter(identifier=identifier).exists():
            yield f"{identifier} is already loaded"
            continue
        text = (DEMO_DIR / name).read_text(encoding="utf-8")
        import_plan_text(text, f"demo/{name}", progress=progress)
        yield f"loaded {identifier}"


def load_demo(progress: Callable[[str], None]) -> Iterator[str]:
    """Every domain's demo data; yields a line for each step, `progress` gets the plan import's details."""
    # One audit entry for the whole load, not one per row.
    with audit_context.suspended():
        yield from load_plans(progress)
        with transaction.atomic():
            users = ensure_demo_users()
        yield from users
        yield from ensure_demo_rounds(timezone.localdate())
        yield from ensure_demo_report_texts()
        yield from ensure_demo_statistics()
        yield from ensure_demo_business_plans()
        yield from ensure_demo_assessments()
        yield from ensure_demo_events(timezone.localdate())
    audit_record(AuditKind.COMMAND, note="demo data loaded")
