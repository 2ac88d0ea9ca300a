"""The demo's business plans: short made-up plans for four Helsingborg units, 2023 and 2025 (demo/businessplans/)."""

import re
from pathlib import Path

from django.conf import settings

from lika.organisations.models import Municipality, OrganisationUnit

from .actions import store_plans
from .models import BusinessPlan

DIR = Path(settings.BASE_DIR) / "demo" / "businessplans"
NAME = re.compile(r"^(\d{4})-([a-z0-9-]+)\.(txt|pdf|docx)$")


def ensure_demo_business_plans():
    """Load the plans that are not yet stored; running it twice changes nothing."""
    municipality = Municipality.objects.filter(slug="helsingborg").first()
    if municipality is None or not DIR.is_dir():
        return
    units = {u.key: u for u in OrganisationUnit.objects.filter(municipality=municipality)}
    stored = set(BusinessPlan.objects.filter(municipality=municipality).values_list("unit__key", "year"))
    by_year: dict[int, list] = {}
    for path in sorted(DIR.iterdir()):
        match = NAME.match(path.name)
        if not match or match[2] not in units or (match[2], int(match[1])) in stored:
            continue
        by_year.setdefault(int(match[1]), []).append((path.name, path.read_bytes(), units[match[2]]))
    if not by_year:
        yield "business plans are already loaded"
        return
    for year, files in sorted(by_year.items()):
        outcomes = store_plans(municipality, year, files, access=None, workers=1)
        for outcome in outcomes:
            yield f"business plan {outcome.filename}: {outcome.error or 'loaded'}"
