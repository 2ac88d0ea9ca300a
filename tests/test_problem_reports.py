"""Report an accessibility problem: the form on the accessibility statement reaches the plan owner, who answers in Lika."""

import pytest
from django.core import mail
from django.core.cache import cache

from lika.organisations.models import Municipality, ProblemReport

pytestmark = pytest.mark.django_db
REPORT = "/accessibility/report/"
LIST = "/accessibility/reports/"


@pytest.fixture(autouse=True)
def empty_throttle():
    cache.clear()
    yield
    cache.clear()


def send(client, **extra):
    data = {
        "municipality": Municipality.objects.get(slug="helsingborg").pk,
        "page": "/helsingborg/documents/",
        "description": "Tabellen går inte att läsa med min skärmläsare.",
        "name": "Kim",
        "email": "kim@example.org",
        **extra,
    }
    return client.post(REPORT, data)


def test_the_statement_links_to_the_form_and_a_visitor_reports_a_problem(client):
    assert f'href="{REPORT}"' in client.get("/accessibility/").content.decode()
    form = client.get(f"{REPORT}?page=/helsingborg/").content.decode()
    assert "<h1>" in form and 'value="/helsingborg/"' in form and "csrfmiddlewaretoken" in form
    response = send(client)
    assert response.status_code == 302
    report = ProblemReport.objects.get()
    assert report.municipality.slug == "helsingborg" and report.email == "kim@example.org"
    assert any("/accessibility/reports/" in message.body for message in mail.outbox)  # the plan owner is told


def test_an_empty_report_or_a_bad_address_is_refused_and_nothing_saved(client):
    response = send(client, description="  ")
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    response = send(client, email="inte-en-adress")
    assert response.status_code == 200 and "Kim" in response.content.decode()
    assert not ProblemReport.objects.exists()


def test_reports_are_throttled_per_address(client):
    for _ in range(5):
        assert send(client).status_code == 302
    response = send(client)
    assert response.status_code == 429 and "För många" in response.content.decode()
    assert ProblemReport.objects.count() == 5


def test_the_plan_owner_reads_and_answers_and_the_answer_is_kept_and_sent(client, client_for):
    send(client)
    problem = ProblemReport.objects.get()
    owner = client_for("hbg-agare")
    page = owner.get(LIST).content.decode()
    assert "Tabellen går inte att läsa" in page and "Inte besvarad" in page
    mail.outbox.clear()
    response = owner.post(f"{LIST}{problem.pk}/", {"answer": "Tack, vi har rättat tabellen."})
    assert response.status_code == 302
    problem.refresh_from_db()
    assert problem.answer == "Tack, vi har rättat tabellen." and problem.answered_by.username == "hbg-agare"
    assert [m.to for m in mail.outbox] == [["kim@example.org"]]
    assert "Besvarad" in owner.get(LIST).content.decode()


def test_an_empty_answer_is_refused(client, client_for):
    send(client)
    problem = ProblemReport.objects.get()
    response = client_for("hbg-agare").post(f"{LIST}{problem.pk}/", {"answer": " "})
    assert response.status_code == 200
    problem.refresh_from_db()
    assert problem.answered_at is None


def test_others_see_no_reports(client, client_for):
    send(client)
    problem = ProblemReport.objects.get()
    assert client_for("hst-agare").get(f"{LIST}{problem.pk}/").status_code == 404  # another municipality
    assert "Tabellen" not in client_for("hst-agare").get(LIST).content.decode()
    assert client_for("hbg-samordnare").get(LIST).status_code == 404
    assert client_for("hbg-samordnare").post(f"{LIST}{problem.pk}/", {"answer": "x"}).status_code == 404
    assert client.get(LIST).status_code == 302  # to the login page


def test_a_failed_form_leads_with_an_error_summary_linking_to_the_fields(client):
    html = send(client, description="", email="inte-en-adress").content.decode()
    summary = html.split('data-error-summary')[1].split("</div>")[0]
    assert "Det finns ett problem" in summary and 'tabindex="-1"' in html.split("data-error-summary")[0][-80:]
    assert 'href="#id_description"' in summary and 'href="#id_email"' in summary
    assert html.index("data-error-summary") < html.index('name="description"')
    assert "error-summary.js" in html  # the script that moves the focus there
