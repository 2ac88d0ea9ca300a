"""A plan's own pages name its items the plan's own way: Halmstad's plan has strategies, so its plan
page, its strategies' pages and the revision pages say "strategi"/"strategier"; Helsingborg's say "åtgärd"."""

import re
from datetime import date

import pytest
from django.utils import timezone

from lika.followup.models import (
    Example,
    FollowUpRound,
    MeasureReport,
    MeasureStatus,
    ReviewState,
    RoundState,
    Submission,
    SubmissionState,
)
from lika.plans.models import SteeringDocument
from lika.plans.queries import implementing_units, measure_nodes
from tests.conftest import HALMSTAD

pytestmark = pytest.mark.django_db


def lika_words(html: str, document: SteeringDocument) -> str:
    """What a reader sees in <main>, less the plan's own titles and texts (some Halmstad strategies
    say "åtgärder" themselves): what is left is Lika's wording."""
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    text = re.sub(r"<[^>]+>", " ", main)
    for node in document.nodes.all():
        for field in ("title_sv", "title_en", "text_sv", "text_en"):
            if getattr(node, field, ""):
                text = text.replace(getattr(node, field), "")
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def halmstad_published():
    """A published Halmstad round with one approved report and example (the demo has none)."""
    document = SteeringDocument.objects.get(identifier=HALMSTAD)
    strategy = measure_nodes(document)[0]
    unit = document.municipality.units.get(pk=sorted(implementing_units(document)[strategy.pk])[0])
    round_ = FollowUpRound.objects.create(
        document=document, identifier="halmstad-2025", title_sv="Uppföljning 2025", state=RoundState.PUBLISHED,
        period_start=date(2025, 1, 1), period_end=date(2025, 12, 31),
        opens_on=timezone.localdate(), closes_on=timezone.localdate(),
    )
    submission = Submission.objects.create(round=round_, unit=unit, state=SubmissionState.APPROVED)
    report = MeasureReport.objects.create(
        submission=submission, measure=strategy, status=MeasureStatus.values[1], review_state=ReviewState.APPROVED,
    )
    Example.objects.create(measure_report=report, title="Ett exempel", what_was_done="Vi gjorde något.")
    return document, strategy


def test_halmstads_plan_page_and_strategy_page_say_strategi(client_for, halmstad_published):
    document, strategy = halmstad_published
    client = client_for(None)
    base = f"/halmstad/documents/{HALMSTAD}"
    plan = lika_words(client.get(f"{base}/").content.decode(), document)
    assert "Öppna en strategi för att läsa exemplen" in plan and "Strategier med exempel" in plan
    assert "Status för planens strategier i Uppföljning 2025" in plan
    area = lika_words(client.get(f"{base}/nodes/{strategy.parent.code}/").content.decode(), document)
    assert "rapporter och exempel per strategi" in area
    page = lika_words(client.get(f"{base}/nodes/{strategy.code}/").content.decode(), document)
    assert "Ett exempel" in page
    for text in (plan, area, page):
        assert "åtgärd" not in text.lower(), [m.group() for m in re.finditer(r".{60}åtgärd.{60}", text, re.I)]


def test_halmstads_plan_pages_in_english_say_strategy(client_for, halmstad_published):
    document, strategy = halmstad_published
    client = client_for(None)
    plan = lika_words(client.get(f"/en/halmstad/documents/{HALMSTAD}/").content.decode(), document)
    assert "Open a strategy to read its examples" in plan
    assert "measure" not in plan.lower()


def test_helsingborgs_plan_page_still_says_atgard(client_for):
    from lika.followup.demo import ensure_demo_rounds

    ensure_demo_rounds(timezone.localdate())
    published = FollowUpRound.objects.filter(state=RoundState.PUBLISHED).select_related("document").first()
    document = published.document
    plan = lika_words(client_for(None).get(f"/helsingborg/documents/{document.identifier}/").content.decode(), document)
    assert "Öppna en åtgärd för att läsa exemplen" in plan and "Åtgärder med exempel" in plan
    assert "strategi" not in plan.lower()


def test_halmstads_revision_pages_merge_and_split_strategies(client_for):
    from tests.concurrency_load import post_form

    owner = client_for("hst-agare")
    new_identifier = "halmstad-inkluderande-kommunen-2026"
    owner.post(f"/halmstad/documents/{HALMSTAD}/revise/", {
        "identifier": new_identifier, "title_sv": "Inkluderande kommunen 2026", "valid_from": "2026-01-01", "valid_to": "2029-12-31",
    })
    new = SteeringDocument.objects.get(identifier=new_identifier)
    first, second, third = measure_nodes(new)[:3]
    base = f"/halmstad/documents/{new_identifier}/nodes"
    merge = lika_words(owner.get(f"{base}/{first.code}/merge/").content.decode(), new)
    assert "De strategier som valts lämnar utkastet" in merge and "varje strategi den kommer från" in merge
    split = lika_words(owner.get(f"{base}/{third.code}/split/").content.decode(), new)
    assert "Båda fortsätter samma strategi i den tidigare versionen" in split
    assert post_form(owner, f"{base}/{first.code}/merge/", {"others": [second.code]}).status_code == 302
    assert post_form(owner, f"{base}/{third.code}/split/", {"code": "9.9.9", "title_sv": "Ny del"}).status_code == 302
    compare = lika_words(owner.get(f"/halmstad/documents/{new_identifier}/compare/").content.decode(), new)
    assert "Sammanslagna strategier (1)" in compare and "Delade strategier (1)" in compare
    for text in (merge, split, compare):
        assert "åtgärd" not in text.lower(), [m.group() for m in re.finditer(r".{60}åtgärd.{60}", text, re.I)]


def test_the_rounds_list_opens_with_a_word_that_fits_every_plan(client_for):
    page = client_for("hst-agare").get("/followup/").content.decode()
    assert "status för de punkter i planen som den genomför" in page and "åtgärd" not in page.split("<main", 1)[1].lower()


def test_a_halmstad_strategys_method_material_is_tagged_by_strategy(client_for, halmstad_published):
    from lika.support.models import Material, MaterialKind, Visibility

    document, strategy = halmstad_published
    material = Material.objects.create(
        municipality=document.municipality, title="En metodguide", kind=MaterialKind.values[-1], text="Så här.",
        url="https://example.invalid/", review_by=date(2099, 1, 1), visibility=Visibility.PUBLIC,
    )
    material.measures.add(strategy)
    page = lika_words(client_for(None).get(f"/halmstad/documents/{HALMSTAD}/nodes/{strategy.code}/").content.decode(), document)
    assert "En metodguide" in page and f"strategier {strategy.code}" in page
    assert "åtgärd" not in page.lower()


def test_a_halmstad_coordinators_page_names_strategies_and_a_helsingborg_ones_measures(client_for):
    from django.contrib.auth import get_user_model

    from lika.organisations.models import Membership, Role
    from lika.plans.models import Responsibility, ResponsibilityRole

    document = SteeringDocument.objects.get(identifier=HALMSTAD)
    unit = document.municipality.units.get(key="kommunledningsforvaltningen")
    user = get_user_model().objects.create_user("hst-samordnare", "hst-samordnare@example.invalid", "x")
    Membership.objects.create(user=user, municipality=document.municipality, role=Role.COORDINATOR, unit=unit)
    # The demo names the coordinating unit on the whole plan only; a coordinator's page lists the items it coordinates.
    Responsibility.objects.create(document=document, node=measure_nodes(document)[0], role=ResponsibilityRole.COORDINATES, unit=unit)
    page = lika_words(client_for("hst-agare").get("/support/coordinators/hst-samordnare/").content.decode(), document)
    assert "Planpunkter som samordnas" in page and "Verksamheter som genomför strategi " in page
    assert "åtgärd" not in page.lower(), [m.group() for m in re.finditer(r".{60}åtgärd.{60}", page, re.I)]
    helsingborg = client_for("hbg-agare").get("/support/coordinators/hbg-samordnare/").content.decode()
    assert "Verksamheter som genomför åtgärd " in helsingborg and "strategi" not in helsingborg.lower()


def test_the_method_library_and_event_forms_ask_for_plan_items(client_for):
    document = SteeringDocument.objects.get(identifier=HALMSTAD)
    for url in ("/support/library/new/", "/support/events/new/"):
        page = lika_words(client_for("hst-agare").get(url).content.decode(), document)
        assert "Planpunkter" in page and "åtgärd" not in page.lower(), url
