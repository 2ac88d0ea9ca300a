"""What residents see of the follow-up on a plan's public pages: published rounds, approved work only."""

import pytest
from django.utils import timezone

from lika.followup.models import Example, MeasureReport, ReviewState
from tests.conftest import EOP

pytestmark = pytest.mark.django_db
MEASURE_6 = f"/helsingborg/documents/{EOP}/nodes/6/"
AREA_4_4 = f"/helsingborg/documents/{EOP}/nodes/4.4/"


@pytest.fixture(autouse=True)
def demo_rounds(db):
    from lika.followup.demo import ensure_demo_rounds

    ensure_demo_rounds(timezone.localdate())


def _approved_2023_examples_of_6():
    return Example.objects.filter(
        measure_report__measure__document__identifier=EOP,
        measure_report__measure__code="6",
        measure_report__submission__round__identifier="helsingborg-lika-2023",
        measure_report__review_state=ReviewState.APPROVED,
    )


def test_a_resident_sees_what_has_been_done_on_measure_6_without_logging_in(client):
    page = client.get(MEASURE_6).content.decode()
    examples = list(_approved_2023_examples_of_6())
    assert len(examples) == 12
    assert "Vad som har gjorts" in page or "What has been done" in page
    for example in examples:
        assert example.title in page
    assert "/helsingborg/reports/helsingborg-lika-2023/" in page


def test_examples_of_a_round_not_yet_published_are_never_shown(client):
    report = MeasureReport.objects.filter(
        submission__round__identifier="helsingborg-lika-2025", measure__code="6", measure__document__identifier=EOP
    ).first()
    assert report is not None, "the demo's open round has a report on measure 6"
    report.review_state = ReviewState.APPROVED
    report.save()
    Example.objects.create(measure_report=report, title="Hemligt exempel ur öppen omgång", what_was_done="Utkast.")
    page = client.get(MEASURE_6).content.decode()
    assert "Hemligt exempel ur öppen omgång" not in page
    assert "helsingborg-lika-2025" not in page


def test_an_example_whose_report_was_not_approved_is_not_shown(client):
    example = _approved_2023_examples_of_6().first()
    report = example.measure_report
    report.review_state = ReviewState.RETURNED
    report.save()
    page = client.get(MEASURE_6).content.decode()
    assert example.title not in page


def test_an_area_page_counts_the_examples_of_its_measures(client):
    page = client.get(AREA_4_4).content.decode()
    assert f'href="/helsingborg/documents/{EOP}/nodes/6/"' in page
    assert "Uppföljning 2023" in page


def test_a_measure_without_published_reports_says_so(client):
    from lika.followup.models import FollowUpRound, RoundState

    FollowUpRound.objects.filter(state=RoundState.PUBLISHED).update(state=RoundState.CLOSED)
    page = client.get(MEASURE_6).content.decode()
    assert "12" not in page.split("progress-heading")[1][:400]


def test_the_plan_page_sums_up_the_published_follow_ups(client):
    page = client.get(f"/helsingborg/documents/{EOP}/").content.decode()
    assert 'id="plan-progress"' in page
    assert "/helsingborg/reports/helsingborg-lika-2023/" in page
    assert "helsingborg-lika-2025" not in page


def _status_rows(page: str, caption_id: str) -> dict[str, int]:
    import re

    table = page.split(f'id="{caption_id}"')[1].split("</table>")[0]
    return {label: int(count) for label, count in re.findall(r'<th scope="row">([^<]+)</th><td class="num">(\d+)</td>', table)}


def test_the_plan_page_shows_the_newest_statuses_as_a_chart_with_its_table(client):
    page = client.get(f"/helsingborg/documents/{EOP}/").content.decode()
    approved = MeasureReport.objects.filter(
        submission__round__identifier="helsingborg-lika-2023", review_state=ReviewState.APPROVED, measure__document__identifier=EOP
    ).exclude(status="").exclude(submission__state="draft")
    rows = _status_rows(page, "plan-status-caption")
    assert rows.pop("Totalt") == approved.count() == sum(rows.values()) > 0
    chart = page.split('<div class="figure">')[1].split("</svg>")[0]
    assert 'role="img"' in chart and "aria-labelledby=" in chart and "<desc" in chart
    for label, count in rows.items():
        assert f"{label}: {count}" in chart  # the description announces every figure


def test_the_municipality_page_sums_up_each_plans_newest_follow_up(client):
    page = client.get("/helsingborg/").content.decode()
    assert 'id="municipality-progress"' in page and "<svg" in page
    assert f'href="/helsingborg/documents/{EOP}/"' in page.split('id="municipality-progress"')[1]
    assert "/helsingborg/reports/helsingborg-lika-2023/" in page
    assert "helsingborg-lika-2025" not in page  # the open round stays out
    assert sum(_status_rows(page, "municipality-status-caption").values()) > 0


def test_the_measure_page_has_a_timeline_when_there_are_several_published_rounds(client):
    from lika.followup.models import FollowUpRound, RoundState

    assert "timeline" not in client.get(MEASURE_6).content.decode()  # one published round: no timeline
    FollowUpRound.objects.filter(identifier="helsingborg-lika-2025").update(state=RoundState.PUBLISHED)
    MeasureReport.objects.filter(
        submission__round__identifier="helsingborg-lika-2025", measure__code="6", measure__document__identifier=EOP
    ).exclude(submission__state="draft").update(review_state=ReviewState.APPROVED, status="under_way")
    page = client.get(MEASURE_6).content.decode()
    timeline = page.split('class="timeline"')[1].split("</ol>")[0]
    assert timeline.index("#round-helsingborg-lika-2025") < timeline.index("#round-helsingborg-lika-2023")  # newest first
