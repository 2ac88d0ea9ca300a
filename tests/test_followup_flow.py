"""The reporting workflow as people use it: report, submit, return, complete, approve."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lika.followup.actions import example_version, measure_report_version
from lika.reference.models import Perspective
from lika.followup.models import (
    Example,
    FollowUpRound,
    MeasureReport,
    Submission,
    SubmissionEvent,
)

pytestmark = pytest.mark.django_db
OPEN = "helsingborg-lika-2025"
BASE = f"/followup/{OPEN}"


@pytest.fixture(autouse=True)
def demo_rounds(db):
    from lika.followup.demo import ensure_demo_rounds

    ensure_demo_rounds(timezone.localdate())


def example_data(**extra):
    data = {
        "title": "Språkcaféer på biblioteket",
        "what_was_done": "Vi har haft språkcaféer varje vecka.",
        "effects": "Fler nyanlända har lånekort.",
        "effects_kind": "observed",
        "learning": "Samarbete med SFI gav fler deltagare.",
        "perspectives": ["ethnicity_pk"],
        "links": "https://helsingborg.se/bibliotek",
    }
    data.update(extra)
    return data


def post_example(client, unit, code, **extra):
    from lika.reference.models import Perspective

    data = example_data(**extra)
    data["perspectives"] = [Perspective.objects.get(key="ethnicity").pk, Perspective.objects.get(key="socioeconomic").pk]
    return client.post(f"{BASE}/units/{unit}/measures/{code}/examples/new/", data)


def test_a_reporter_sees_exactly_the_measures_the_unit_implements(client_for):
    client = client_for("hbg-kultur")
    client.post(f"{BASE}/units/kulturforvaltningen/start/")
    codes = list(
        MeasureReport.objects.filter(submission__unit__key="kulturforvaltningen", submission__round__identifier=OPEN)
        .order_by("measure__position")
        .values_list("measure__code", flat=True)
    )
    # The plan: all departments (1), all departments and companies (2-5, 10, 12, 14), named in 6-9, 11.
    assert codes == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "14"]


def test_the_whole_story_report_submit_return_complete_approve(client_for):
    reporter, coordinator, owner = client_for("hbg-kultur"), client_for("hbg-samordnare"), client_for("hbg-agare")
    reporter.post(f"{BASE}/units/kulturforvaltningen/start/")
    assert post_example(reporter, "kulturforvaltningen", "6").status_code == 302
    assert post_example(reporter, "kulturforvaltningen", "8", title="Dialog med föreningar").status_code == 302
    report_6 = MeasureReport.objects.get(submission__unit__key="kulturforvaltningen", submission__round__identifier=OPEN, measure__code="6")
    reporter.post(
        f"{BASE}/units/kulturforvaltningen/measures/6/",
        {"status": "under_way", "comment": "", "version": measure_report_version(report_6)},
    )
    reporter.post(f"{BASE}/units/kulturforvaltningen/submit/")
    submission = Submission.objects.get(round__identifier=OPEN, unit__key="kulturforvaltningen")
    assert submission.state == "submitted"

    html = coordinator.get(f"/followup/{OPEN}/").content.decode()
    assert "Kulturförvaltningen" in html
    response = coordinator.post(
        f"{BASE}/units/kulturforvaltningen/measures/8/review/",
        {"decision": "return", "comment": "Beskriv gärna vilka föreningar ni nådde."},
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == "returned"
    page = reporter.get(f"{BASE}/units/kulturforvaltningen/measures/8/").content.decode()
    assert "Beskriv gärna vilka föreningar ni nådde." in page

    example = Example.objects.get(title="Dialog med föreningar")
    from lika.reference.models import Perspective

    reporter.post(
        f"{BASE}/units/kulturforvaltningen/measures/8/examples/{example.pk}/",
        {**example_data(title="Dialog med föreningar", learning="Vi nådde tolv föreningar."),
         "perspectives": [Perspective.objects.get(key="age").pk], "version": example_version(example)},
    )
    reporter.post(f"{BASE}/units/kulturforvaltningen/submit/")
    submission.refresh_from_db()
    assert submission.state == "submitted"

    before = owner.get(f"{BASE}/analysis/").content.decode()
    for code in ("6", "8"):
        coordinator.post(f"{BASE}/units/kulturforvaltningen/measures/{code}/review/", {"decision": "approve", "comment": ""})
    for report in submission.measure_reports.exclude(measure__code__in=["6", "8"]):
        owner.post(f"{BASE}/units/kulturforvaltningen/measures/{report.measure.code}/review/", {"decision": "approve", "comment": ""})
    submission.refresh_from_db()
    assert submission.state == "approved"
    actions = list(SubmissionEvent.objects.filter(submission=submission).values_list("action", flat=True))
    assert actions[:3] == ["created", "example_added", "example_added"]
    assert "returned" in actions and "example_changed" in actions and actions.count("submitted") == 2
    after = owner.get(f"{BASE}/analysis/").content.decode()
    assert before != after


def test_a_validation_error_keeps_everything_typed(client_for):
    client = client_for("hbg-kultur")
    client.post(f"{BASE}/units/kulturforvaltningen/start/")
    response = post_example(client, "kulturforvaltningen", "6", title="", links="inte en adress", learning="Lärdomen vi skrev.")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vi har haft språkcaféer varje vecka." in html and "Lärdomen vi skrev." in html and "inte en adress" in html
    assert "är inte en webbadress" in html
    ethnicity = Perspective.objects.get(key="ethnicity").pk
    ticked = re.search(rf'<input type="checkbox" name="perspectives" value="{ethnicity}" id="(id_perspectives_\d+)" checked>', html)
    assert ticked and f'<label for="{ticked.group(1)}">Etnisk tillhörighet</label>' in html  # the grounds ticked stay ticked
    assert 'name="perspectives" value="{}" id="id_perspectives_0">'.format(Perspective.objects.order_by("position")[0].pk) in html
    assert not Example.objects.filter(what_was_done="Vi har haft språkcaféer varje vecka.").exists()


def test_a_fourth_example_is_refused_with_a_message_and_the_text_kept(client_for):
    client = client_for("hbg-kultur")
    client.post(f"{BASE}/units/kulturforvaltningen/start/")
    for number in range(3):
        assert post_example(client, "kulturforvaltningen", "6", title=f"Exempel {number}").status_code == 302
    response = post_example(client, "kulturforvaltningen", "6", title="Det fjärde")
    html = response.content.decode()
    assert "högst 3 exempel per åtgärd" in html and "Det fjärde" in html
    assert Example.objects.filter(
        measure_report__measure__code="6",
        measure_report__submission__unit__key="kulturforvaltningen",
        measure_report__submission__round__identifier=OPEN,
    ).count() == 3


def test_submitting_after_the_deadline_is_refused(client_for):
    FollowUpRound.objects.filter(identifier=OPEN).update(closes_on=timezone.localdate() - timedelta(days=1))
    client = client_for("hbg-kultur")
    client.post(f"{BASE}/units/kulturforvaltningen/start/")
    response = client.post(f"{BASE}/units/kulturforvaltningen/submit/", follow=True)
    assert "Sista dag var" in response.content.decode()
    assert Submission.objects.get(round__identifier=OPEN, unit__key="kulturforvaltningen").state == "draft"


def test_an_attachment_is_checked_by_content_and_size(client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for("hbg-kultur")
    client.post(f"{BASE}/units/kulturforvaltningen/start/")
    fake = SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00 this is a program", content_type="application/pdf")
    html = post_example(client, "kulturforvaltningen", "6", attachment=fake).content.decode()
    assert "rapport.pdf är inte en PDF-, Word- (DOCX), PNG- eller JPEG-fil" in html
    assert "Vi har haft språkcaféer varje vecka." in html
    settings.LIKA_MAX_ATTACHMENT_BYTES = 100
    big = SimpleUploadedFile("stor.pdf", b"%PDF-1.7\n" + b"0" * 200)
    assert "högst 0 MB" in post_example(client, "kulturforvaltningen", "6", attachment=big).content.decode()
    settings.LIKA_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
    good = SimpleUploadedFile("rapport.pdf", b"%PDF-1.7\nhello")
    assert post_example(client, "kulturforvaltningen", "6", attachment=good).status_code == 302
    example = Example.objects.get(attachments__original_name="rapport.pdf")
    attachment = example.attachments.get()
    url = f"{BASE}/units/kulturforvaltningen/measures/6/examples/{example.pk}/attachments/{attachment.pk}/"
    assert b"".join(client.get(url).streaming_content) == b"%PDF-1.7\nhello"
    assert client_for("hbg-soc").get(url).status_code == 404


def test_opening_a_round_emails_the_responsible_units_reporters(client_for):
    from lika.followup.models import RoundQuestion

    round_ = FollowUpRound.objects.create(
        document=FollowUpRound.objects.get(identifier=OPEN).document,
        identifier="ny-runda",
        title_sv="Ny runda",
        period_start=timezone.localdate(),
        period_end=timezone.localdate(),
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + timedelta(days=30),
    )
    RoundQuestion.objects.create(round=round_, key="q1", text_sv="Fråga?")
    owner = client_for("hbg-agare")
    assert client_for("hbg-kultur").get("/followup/ny-runda/").status_code == 404  # drafts are the owner's
    html = owner.post("/followup/ny-runda/state/", {"state": "open"}, follow=True).content.decode()
    round_.refresh_from_db()
    assert round_.state == "open"
    # The e-mail is a background job: queued with the round, sent by the worker, its outcome on the job's page.
    assert "E-postmeddelandet till 2 rapportörer skickas i bakgrunden" in html
    assert mail.outbox == []
    from django.core.management import call_command

    from lika.jobs.models import Job

    call_command("worker", "--batch", verbosity=0)
    job = Job.objects.get(name="followup.round_opened_mail")
    assert job.owner.username == "hbg-agare" and job.state == "done"
    assert "2 rapportörer fick e-post om att Ny runda är öppen" in owner.get(f"/jobs/{job.pk}/").content.decode()
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["hbg-kultur@example.invalid", "hbg-soc@example.invalid"]
    assert "Uppföljning öppen: Ny runda" in mail.outbox[0].subject


def test_reminders_go_once_to_units_that_have_not_submitted(client_for):
    from django.core.management import call_command

    round_ = FollowUpRound.objects.get(identifier=OPEN)
    call_command("followup", "remind", "--date", str(round_.closes_on - timedelta(days=round_.reminder_days + 1)))
    assert mail.outbox == []
    call_command("followup", "remind", "--date", str(round_.closes_on - timedelta(days=2)))
    reminded = sorted(address for message in mail.outbox for address in message.to)
    assert reminded == ["hbg-kultur@example.invalid", "hbg-soc@example.invalid"]
    call_command("followup", "remind", "--date", str(round_.closes_on - timedelta(days=1)))
    assert len(mail.outbox) == 2


def test_the_plan_owner_approves_a_submission_that_only_answers_the_questions(client_for):
    from lika.followup import actions
    from lika.followup.models import RoundQuestion
    from lika.followup.permissions import RoundAccess
    from lika.organisations.models import OrganisationUnit

    round_ = FollowUpRound.objects.get(identifier=OPEN)
    hamn = OrganisationUnit.objects.get(key="helsingborgs-hamn")
    submission = Submission.objects.create(round=round_, unit=hamn)
    reporter = RoundAccess(round_, None, False, frozenset({hamn.pk}), set())
    actions.save_answers(submission, {RoundQuestion.objects.get(round=round_, key="q1"): "Vi har mätt könsfördelningen."}, who=reporter, user=None)
    actions.submit(submission, who=reporter, user=None)
    submission.refresh_from_db()
    assert submission.state == "submitted"
    assert client_for("hbg-samordnare").post(f"{BASE}/units/helsingborgs-hamn/approve/").status_code == 404
    client_for("hbg-agare").post(f"{BASE}/units/helsingborgs-hamn/approve/")
    submission.refresh_from_db()
    assert submission.state == "approved"
