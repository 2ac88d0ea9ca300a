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
