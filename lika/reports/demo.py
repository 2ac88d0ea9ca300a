"""The demo's report texts: the 2023 follow-up report's own words, so its report reads as it did."""

from pathlib import Path

from django.conf import settings

from lika.followup.models import FollowUpRound

from .models import RoundReport
from .textsfile import import_texts

FILE_2023 = Path(settings.BASE_DIR) / "demo" / "helsingborg-uppfoljning-2023-rapporttexter.yaml"


def ensure_demo_report_texts() -> list[str]:
    round_ = FollowUpRound.objects.filter(identifier="helsingborg-lika-2023").first()
    if round_ is None or RoundReport.objects.filter(round=round_).exists():
        return []
    import_texts(FILE_2023.read_text(encoding="utf-8"), f"demo/{FILE_2023.name}")
    return [f"loaded the report texts of {round_.identifier}"]
