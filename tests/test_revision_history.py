"""Beside each measure of a draft: every earlier round, not only the last, in a number of queries
that does not grow with the number of measures."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lika.followup.demo import ensure_demo_rounds
from lika.followup.models import (
    EventAction,
    FollowUpRound,
    MeasureReport,
    SubmissionEvent,
)
from lika.reports.demo import ensure_demo_report_texts
from tests.concurrency_load import post_form
from tests.conftest import EOP

pytestmark = pytest.mark.django_db
NEW = "helsingborg-lika-mojligheter-2026"
HBG = "/helsingborg/documents"


@pytest.fixture
def owner(client_for):
    ensure_demo_rounds(timezone.localdate())
    ensure_demo_report_texts()
    owner = client_for("hbg-agare")
    owner.post(
        f"{HBG}/{EOP}/revise/",
        {"identifier": NEW, "title_sv": "Plan för lika möjligheter 2026–2029", "valid_from": "2026-01-01", "valid_to": "2029-12-31"},
    )
    return owner


def section(text: str, code: str) -> str:
    """The part of the revision page about one measure."""
    start = text.index(f'">{code} ')
    end = text.find("</section>", start)
    return text[start:end]


def test_every_earlier_round_shows_beside_the_measure_with_comments_and_the_reports_words(owner):
    rounds = list(FollowUpRound.objects.filter(document__identifier=EOP).exclude(state="draft").order_by("period_end"))
    assert len(rounds) == 2
    report = MeasureReport.objects.filter(submission__round=rounds[-1], measure__code="1").first()
    SubmissionEvent.objects.create(submission=report.submission, action=EventAction.COMMENTED, measure=report.measure,
                                   comment="Beskriv gärna vilka grupper som nåddes.")
    text = owner.get(f"/followup/revision/{NEW}/").content.decode()
    one = section(text, "1")
    for round_ in rounds:
        assert f"Vad {round_.title_sv} visade (åtgärd 1)" in one
    assert one.index(rounds[0].title_sv) < one.index(rounds[-1].title_sv)  # oldest first
    assert "Samordnarnas kommentarer" in one and "Beskriv gärna vilka grupper som nåddes." in one
    assert "Rapporten säger" in one and "åtgärd 1: Vi ska utforska" in one
    assert "Har aldrig rapporterat:" in text
    # The report's paragraph about measures 8–11 shows beside 9 too, not beside 2.
    assert "åtgärd 8-11" in section(text, "9") and "åtgärd 8-11" not in section(text, "2")


def test_the_page_needs_no_more_queries_for_more_measures(owner):
    with CaptureQueriesContext(connection) as before:
        assert owner.get(f"/followup/revision/{NEW}/").status_code == 200
    for code in ("2", "3", "5", "7"):
        response = post_form(owner, f"{HBG}/{NEW}/nodes/{code}/split/", {"code": f"{code}b", "title_sv": f"Del två av {code}"})
        assert response.status_code == 302
    post_form(owner, f"{HBG}/{NEW}/nodes/4/merge/", {"others": ["6"]})
    with CaptureQueriesContext(connection) as after:
        page = owner.get(f"/followup/revision/{NEW}/")
    assert "Del två av 7" in page.content.decode()
    assert len(after.captured_queries) == len(before.captured_queries), [q["sql"][:120] for q in after.captured_queries]
    # Both parts of a split measure show its history; a merged one shows both measures'.
    text = page.content.decode()
    assert "(åtgärd 7)" in section(text, "7b")
    merged = section(text, "4")
    assert "(åtgärd 4)" in merged and "(åtgärd 6)" in merged and "Sammanslagen av: 4, 6." in merged


def test_the_reports_paragraphs_about_a_measure_are_found_by_code_range_or_area():
    from lika.followup.analysis import mentioned_codes, paragraphs_about

    assert mentioned_codes("Se åtgärd 8-11) och åtgärderna 3, 4 och 7 samt measure 5a") == {"3", "4", "5a", "7", "8", "9", "10", "11"}
    text = "Om åtgärd 2 vet vi mest.\n\nInget om något.\n\nArbetet med Trygghet i staden."
    assert paragraphs_about(text, "2") == ["Om åtgärd 2 vet vi mest."]
    assert paragraphs_about(text, "12") == []
    assert paragraphs_about(text, "5", "trygghet i staden") == ["Arbetet med Trygghet i staden."]
