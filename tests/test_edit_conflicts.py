"""Two tabs (or two colleagues) edit the same record: the stale save is refused, nothing is lost."""

import pytest
from django.utils import timezone

from lika.followup.models import Example, MeasureReport, SubmissionEvent
from tests import concurrency_load

pytestmark = pytest.mark.django_db
OPEN = "helsingborg-lika-2025"
KULTUR = f"/followup/{OPEN}/units/kulturforvaltningen/"


@pytest.fixture(autouse=True)
def demo_rounds(db):
    from lika.followup.demo import ensure_demo_rounds

    ensure_demo_rounds(timezone.localdate())


def form_data(html: str) -> dict:
    """The form's fields as a browser would send them back."""
    return concurrency_load.form_fields(html)


@pytest.fixture
def example(client_for):
    from lika.reference.models import Perspective

    reporter = client_for("hbg-kultur")
    reporter.post(f"{KULTUR}start/")
    response = reporter.post(
        f"{KULTUR}measures/6/examples/new/",
        {"title": "Språkcaféer", "what_was_done": "Varje vecka.", "perspectives": [Perspective.objects.get(key="age").pk]},
    )
    assert response.status_code == 302
    return Example.objects.get(title="Språkcaféer", measure_report__submission__round__identifier=OPEN)


def test_a_stale_tab_does_not_overwrite_and_the_user_sees_both_texts(client_for, example):
    url = f"{KULTUR}measures/6/examples/{example.pk}/"
    tab_a, tab_b = client_for("hbg-kultur"), client_for("hbg-kultur")
    form_a, form_b = form_data(tab_a.get(url).content.decode()), form_data(tab_b.get(url).content.decode())
    assert tab_a.post(url, {**form_a, "what_was_done": "Tab A skrev om allt."}).status_code == 302
    response = tab_b.post(url, {**form_b, "what_was_done": "Tab B:s egen text."})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tab B:s egen text." in page and "Tab A skrev om allt." in page
    assert "Nothing of yours was saved yet" in page or "Inget av det du skrev har sparats" in page
    example.refresh_from_db()
    assert example.what_was_done == "Tab A skrev om allt."
    # Saving the conflict page keeps B's text: the form now carries the stored version.
    again = form_data(page)
    assert tab_b.post(url, again).status_code == 302
    example.refresh_from_db()
    assert example.what_was_done == "Tab B:s egen text."


def test_changes_to_different_fields_from_two_tabs_both_land(client_for, example):
    url = f"{KULTUR}measures/6/examples/{example.pk}/"
    tab_a, tab_b = client_for("hbg-kultur"), client_for("hbg-kultur")
    form_a, form_b = form_data(tab_a.get(url).content.decode()), form_data(tab_b.get(url).content.decode())
    assert tab_a.post(url, {**form_a, "what_was_done": "Omskriven av A."}).status_code == 302
    assert tab_b.post(url, {**form_b, "learning": "Lärdom från B."}).status_code == 302
    example.refresh_from_db()
    assert (example.what_was_done, example.learning) == ("Omskriven av A.", "Lärdom från B.")


def test_a_missing_or_tampered_version_counts_as_stale(client_for, example):
    url = f"{KULTUR}measures/6/examples/{example.pk}/"
    tab = client_for("hbg-kultur")
    form = form_data(tab.get(url).content.decode())
    for version in ("", "v1.forged"):
        response = tab.post(url, {**form, "version": version, "what_was_done": "Utan version."})
        assert response.status_code == 200
    example.refresh_from_db()
    assert example.what_was_done == "Varje vecka."


def test_a_conflict_page_submitted_stale_is_detected_again(client_for, example):
    url = f"{KULTUR}measures/6/examples/{example.pk}/"
    tab_a, tab_b = client_for("hbg-kultur"), client_for("hbg-kultur")
    form_b = form_data(tab_b.get(url).content.decode())
    tab_a.post(url, {**form_data(tab_a.get(url).content.decode()), "what_was_done": "A1"})
    conflict_page = form_data(tab_b.post(url, {**form_b, "what_was_done": "B"}).content.decode())
    tab_a.post(url, {**form_data(tab_a.get(url).content.decode()), "what_was_done": "A2"})
    assert tab_b.post(url, conflict_page).status_code == 200
    example.refresh_from_db()
    assert example.what_was_done == "A2"


def test_a_stale_status_and_comment_are_refused_with_who_changed_them(client_for, example):
    url = f"{KULTUR}measures/6/"
    tab_a, tab_b = client_for("hbg-kultur"), client_for("hbg-kultur")
    form_a, form_b = form_data(tab_a.get(url).content.decode()), form_data(tab_b.get(url).content.decode())
    assert tab_a.post(url, {**form_a, "status": "under_way", "comment": "A:s kommentar"}).status_code == 302
    response = tab_b.post(url, {**form_b, "status": "under_way", "comment": "B:s kommentar"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "B:s kommentar" in page and "A:s kommentar" in page
    report = MeasureReport.objects.get(pk=example.measure_report_id)
    assert report.comment == "A:s kommentar"
    assert SubmissionEvent.objects.filter(submission=report.submission, action="report_changed").count() == 1


def test_stale_answers_to_the_rounds_questions_are_refused_and_kept(client_for, example):
    url = f"{KULTUR}answers/"
    tab_a, tab_b = client_for("hbg-kultur"), client_for("hbg-kultur")
    form_a, form_b = form_data(tab_a.get(url).content.decode()), form_data(tab_b.get(url).content.decode())
    question = next(name for name in form_a if name.startswith("q_"))
    assert tab_a.post(url, {**form_a, question: "A svarade."}).status_code == 302
    response = tab_b.post(url, {**form_b, question: "B svarade."})
    assert response.status_code == 200
    assert "A svarade." in response.content.decode() and "B svarade." in response.content.decode()


def test_a_plan_owners_stale_round_settings_are_refused(client_for):
    url = f"/followup/{OPEN}/edit/"
    tab_a, tab_b = client_for("hbg-agare"), client_for("hbg-agare")
    form_a, form_b = form_data(tab_a.get(url).content.decode()), form_data(tab_b.get(url).content.decode())
    assert tab_a.post(url, {**form_a, "title_sv": "Namn från A"}).status_code == 302
    response = tab_b.post(url, {**form_b, "title_sv": "Namn från B"})
    assert response.status_code == 200
    assert "Namn från A" in response.content.decode() and "Namn från B" in response.content.decode()


def test_on_an_examples_conflict_page_the_user_takes_the_stored_text_for_one_field_and_keeps_theirs_for_another(client_for, example):
    from lika.reference.models import Perspective

    url = f"{KULTUR}measures/6/examples/{example.pk}/"
    tab_a, tab_b = client_for("hbg-kultur"), client_for("hbg-kultur")
    form_a, form_b = form_data(tab_a.get(url).content.decode()), form_data(tab_b.get(url).content.decode())
    gender = str(Perspective.objects.get(key="sex").pk)
    assert tab_a.post(url, {**form_a, "what_was_done": "A:s text.", "perspectives": [gender]}).status_code == 302
    response = tab_b.post(url, {**form_b, "what_was_done": "B:s text.", "perspectives": [str(Perspective.objects.get(key="disability").pk)]})
    page = form_data(response.content.decode())
    assert page["choice__what_was_done"] == ["mine"] and page["choice__perspectives"] == ["mine"]
    assert tab_b.post(url, {**page, "choice__perspectives": "stored"}).status_code == 302
    example.refresh_from_db()
    assert example.what_was_done == "B:s text."
    assert [p.key for p in example.perspectives.all()] == ["sex"]


def test_the_round_questions_conflict_page_takes_the_stored_answer_without_retyping(client_for, example):
    url = f"{KULTUR}answers/"
    tab_a, tab_b = client_for("hbg-kultur"), client_for("hbg-kultur")
    form_a, form_b = form_data(tab_a.get(url).content.decode()), form_data(tab_b.get(url).content.decode())
    question = next(name for name in form_a if name.startswith("q_"))
    assert tab_a.post(url, {**form_a, question: "A svarade."}).status_code == 302
    page = form_data(tab_b.post(url, {**form_b, question: "B svarade."}).content.decode())
    assert tab_b.post(url, {**page, "conflict_all": "stored"}).status_code == 302
    assert "A svarade." in tab_b.get(url).content.decode()
