"""The demo's business plans: short made-up plans for four Helsingborg units (2023, 2025) and four
Halmstad committees (2023, 2024), in demo/businessplans/."""

import re
from pathlib import Path

from django.conf import settings

from lika.organisations.models import Municipality, OrganisationUnit

from .actions import store_plans
from .models import BusinessPlan

DIR = Path(settings.BASE_DIR) / "demo" / "businessplans"
NAME = re.compile(r"^(\d{4})-([a-z0-9-]+)\.(txt|pdf|docx)$")


def ensure_demo_business_plans():
    """Load the plans that are not yet stored; running it twice changes nothing. Files directly in
    demo/businessplans/ are Helsingborg's; a folder named after a municipality holds its own."""
    yield from _ensure("helsingborg", DIR)
    for folder in sorted(p for p in DIR.iterdir() if p.is_dir()):
        yield from _ensure(folder.name, folder)


def _ensure(slug: str, folder: Path):
    municipality = Municipality.objects.filter(slug=slug).first()
    if municipality is None or not folder.is_dir():
        return
    units = {u.key: u for u in OrganisationUnit.objects.filter(municipality=municipality)}
    stored = set(BusinessPlan.objects.filter(municipality=municipality).values_list("unit__key", "year"))
    by_year: dict[int, list] = {}
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        match = NAME.match(path.name)
        if not match or match[2] not in units or (match[2], int(match[1])) in stored:
            continue
        by_year.setdefault(int(match[1]), []).append((path.name, path.read_bytes(), units[match[2]]))
    if not by_year:
        yield f"business plans of {municipality.name} are already loaded"
        return
    for year, files in sorted(by_year.items()):
        outcomes = store_plans(municipality, year, files, access=None, workers=1)
        for outcome in outcomes:
            yield f"business plan {outcome.filename}: {outcome.error or 'loaded'}"
