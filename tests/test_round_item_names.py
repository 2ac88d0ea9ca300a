"""A round's pages name the plan's items the plan's own way: Halmstad's plan has strategies, so its
reporters read "strategi"/"strategier"; Helsingborg's has measures ("åtgärd"/"åtgärder")."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from lika.followup.models import FollowUpRound, RoundState
from lika.organisations.models import Membership, Role
from lika.plans.models import SteeringDocument
from lika.plans.queries import implementing_units, measure_nodes
from tests.conftest import HALMSTAD

pytestmark = pytest.mark.django_db


def visible_text(html: str) -> str:
    """What a reader sees in <main>: tags dropped, so a URL or class name with "measure" does not count."""
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    return re.sub(r"<[^>]+>", " ", main)


@pytest.fixture
def halmstad_reporter():
    """An open Halmstad round and a reporter of a committee it asks (the demo has none)."""
    document = SteeringDocument.objects.get(identifier=HALMSTAD)
    today = timezone.localdate()
    round_ = FollowUpRound.objects.create(
        document=document, identifier="halmstad-2026", title_sv="Uppföljning 2026", state=RoundState.OPEN,
        period_start=date(2025, 1, 1), period_end=date(2025, 12, 31), opens_on=today, closes_on=today + timedelta(days=30),
    )
    strategy = measure_nodes(document)[0]
    unit = document.municipality.units.get(pk=sorted(implementing_units(document)[strategy.pk])[0])
    user = get_user_model().objects.create_user("hst-rapportor", "hst-rapportor@example.invalid", "x")
    Membership.objects.create(user=user, municipality=document.municipality, role=Role.REPORTER, unit=unit)
    client = Client()
    client.force_login(user)
    client.post(f"/followup/{round_.identifier}/units/{unit.key}/start/")
    return client, f"/followup/{round_.identifier}/units/{unit.key}", strategy.code


def test_a_halmstad_reporter_reads_strategies_not_measures(halmstad_reporter):
    client, base, code = halmstad_reporter
    submission = visible_text(client.get(f"{base}/").content.decode())
    assert "Strategier" in submission and "För varje strategi:" in submission
    assert "Strategier utan status: " in submission
    report = visible_text(client.get(f"{base}/measures/{code}/").content.decode())
    example = visible_text(client.get(f"{base}/measures/{code}/examples/new/").content.decode())
    assert "Andra strategier i planen som exemplet också berör" in example
    # The plan's own texts may say "åtgärder"; Lika's words around them must not.
    document = SteeringDocument.objects.get(identifier=HALMSTAD)
    for text in (submission, report, example):
        for node in document.nodes.all():
            text = text.replace(node.title, "")
        assert "åtgärd" not in text.lower(), [line for line in text.lower().splitlines() if "åtgärd" in line]


def test_a_helsingborg_reporter_still_reads_measures(client_for):
    from lika.followup.demo import ensure_demo_rounds

    ensure_demo_rounds(timezone.localdate())
    client = client_for("hbg-kultur")
    base = "/followup/helsingborg-lika-2025/units/kulturforvaltningen"
    client.post(f"{base}/start/")
    submission = visible_text(client.get(f"{base}/").content.decode())
    assert "Åtgärder" in submission and "För varje åtgärd:" in submission
    assert "strategi" not in submission.lower()
    example = visible_text(client.get(f"{base}/measures/6/examples/new/").content.decode())
    assert "Andra åtgärder i planen som exemplet också berör" in example


def test_the_round_refuses_a_fourth_example_per_strategy_in_the_plans_word(halmstad_reporter):
    client, base, code = halmstad_reporter
    data = {"title": "Exempel", "what_was_done": "Vi gjorde något.", "links": ""}
    for number in range(3):
        assert client.post(f"{base}/measures/{code}/examples/new/", {**data, "title": f"Exempel {number}"}).status_code == 302
    html = client.post(f"{base}/measures/{code}/examples/new/", {**data, "title": "Det fjärde"}).content.decode()
    assert "högst 3 exempel per strategi" in html


def test_the_plan_owner_reads_strategies_in_halmstads_analysis_and_report(halmstad_reporter, client_for):
    client, base, code = halmstad_reporter
    client.post(f"{base}/submit/")
    owner = client_for("hst-agare")
    document = SteeringDocument.objects.get(identifier=HALMSTAD)
    titles = [node.title for node in document.nodes.all()]
    for url in ("/followup/halmstad-2026/analysis/", "/reports/halmstad-2026/"):
        text = visible_text(owner.get(url).content.decode())
        assert "Strategier utan exempel" in text and "Exempel per strategi" in text, url
        for title in titles:
            text = text.replace(title, "")
        assert "åtgärd" not in text.lower(), (url, [line for line in text.lower().splitlines() if "åtgärd" in line])
    heatmap = owner.get("/followup/halmstad-2026/analysis/heatmap.csv").content.decode("utf-8-sig")
    assert heatmap.startswith("Strategi")


def test_the_round_settings_ask_for_examples_per_strategy(halmstad_reporter, client_for):
    html = client_for("hst-agare").get("/followup/halmstad-2026/edit/").content.decode()
    assert "Exempel per enhet och strategi" in html
