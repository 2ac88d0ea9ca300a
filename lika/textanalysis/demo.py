"""The demo's business plans: short made-up plans for four Helsingborg units (2023, 2025) and four
Halmstad committees (2023, 2024), in demo/businessplans/; and the plan owner's words for reading them
against Halmstad's and Helsingborg's plans, in demo/leafwords/ (written from the plans alone)."""

import re
from pathlib import Path

from django.conf import settings

from lika.organisations.models import Municipality, OrganisationUnit

from .actions import store_plans
from .models import BusinessPlan

DIR = Path(settings.BASE_DIR) / "demo" / "businessplans"
WORDS_DIR = Path(settings.BASE_DIR) / "demo" / "leafwords"
NAME = re.compile(r"^(\d{4})-([a-z0-9-]+)\.(txt|pdf|docx)$")


def ensure_demo_business_plans():
    """Load the plans that are not yet stored; running it twice changes nothing. Files directly in
    demo/businessplans/ are Helsingborg's; a folder named after a municipality holds its own."""
    yield from ensure_demo_leaf_words()
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


def ensure_demo_leaf_words():
    """The plan owner's words of a demo plan (demo/leafwords/IDENTIFIER.txt), as its first version,
    where the plan has none yet."""
    from lika.plans.models import SteeringDocument

    from .actions import save_leaf_words
    from .models import LeafWords

    for path in sorted(WORDS_DIR.glob("*.txt")):
        document = SteeringDocument.objects.filter(identifier=path.stem).first()
        if document is None or LeafWords.objects.filter(document=document).exists():
            continue
        version, _count = save_leaf_words(document, path.read_text(encoding="utf-8"), access=None)
        yield f"words for reading business plans against {document.identifier}: version {version} saved"
