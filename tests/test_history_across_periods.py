"""History across plan periods: a continuing measure's page shows the follow-up of every plan period
in one timeline, and the analysis compares a unit's or a perspective's examples across periods."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from lika.followup.demo import ensure_demo_rounds
from lika.followup.models import Example, FollowUpRound
from tests.conftest import EOP

pytestmark = pytest.mark.django_db
NEW = "helsingborg-lika-mojligheter-2026"
HBG = "/helsingborg/documents"


@pytest.fixture
def adopted(client_for):
    ensure_demo_rounds(timezone.localdate())
    call_command("plan", "revise", EOP, "--identifier", NEW, "--title", "Plan för lika möjligheter 2026–2029",
                 "--valid-from", "2026-01-01", "--valid-to", "2029-12-31")
    call_command("plan", "merge", NEW, "5", "6")
    call_command("plan", "adopt", NEW, "--by", "Kommunfullmäktige", "--on", "2025-12-10", "--case", "KS 2025/1")


def test_a_continuing_measures_public_page_shows_the_earlier_plan_periods_in_one_timeline(adopted, client):
    published = FollowUpRound.objects.get(document__identifier=EOP, state="published")
    page = client.get(f"{HBG}/{NEW}/nodes/1/").content.decode()
    assert published.title_sv in page
    assert "En tidigare planperiod: denna åtgärd fortsätter åtgärd 1 i Plan för lika möjligheter" in page
    assert f'href="{HBG}/{EOP}/nodes/1/"' in page
    merged = client.get(f"{HBG}/{NEW}/nodes/5/").content.decode()
    assert "fortsätter åtgärd 5 i" in merged and "fortsätter åtgärd 6 i" in merged


def test_the_analysis_compares_a_units_and_a_perspectives_examples_across_plan_periods(adopted, client_for):
    rounds = list(FollowUpRound.objects.filter(document__identifier=EOP).exclude(state="draft").order_by("period_end"))
    example = Example.objects.filter(measure_report__submission__round=rounds[0]).select_related(
        "measure_report__submission__unit").prefetch_related("perspectives").exclude(perspectives=None).first()
    unit, perspective = example.measure_report.submission.unit, example.perspectives.first()
    owner = client_for("hbg-agare")
    analysis = owner.get(f"/followup/{rounds[-1].identifier}/analysis/").content.decode()
    assert f"/followup/{rounds[-1].identifier}/analysis/periods/" in analysis
    page = owner.get(f"/followup/{rounds[-1].identifier}/analysis/periods/", {"unit": unit.key, "perspective": perspective.key})
    text = page.content.decode()
    assert page.status_code == 200 and "<h1>" in text and "<svg" in text
    expected = Example.objects.filter(measure_report__submission__round=rounds[0], measure_report__submission__unit=unit).exclude(
        measure_report__submission__state="draft").count()
    row = page.context["rows"][0]
    assert row.round == rounds[0] and row.unit_examples == expected and row.perspective_examples >= 1
    assert [r.round for r in page.context["rows"]] == rounds
    assert client_for("hbg-soc").get(f"/followup/{rounds[-1].identifier}/analysis/periods/").status_code == 404
