"""Consultation (remiss) of a draft revision: the plan owner sends it to units, a unit answers
once per part and in general before the deadline, the plan owner reads and downloads the answers."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from lika.consultation import actions
from lika.consultation.models import Consultation, NodeAnswer, Reply
from lika.organisations.access import access_for
from lika.organisations.models import OrganisationUnit
from lika.plans.models import Node
from tests.conftest import EOP

pytestmark = pytest.mark.django_db
NEW = "helsingborg-lika-mojligheter-2026"
UNITS = ("kulturforvaltningen", "socialforvaltningen", "stadsbyggnadsforvaltningen")


def draft_sent_out(client_for):
    owner = client_for("hbg-agare")
    owner.post(f"/helsingborg/documents/{EOP}/revise/", {"identifier": NEW, "title_sv": "Plan för lika möjligheter 2026–2029", "valid_from": "2026-01-01"})
    units = [OrganisationUnit.objects.get(key=key).pk for key in UNITS]
    deadline = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = owner.post(f"/consultation/{NEW}/new/", {"units": units, "deadline": deadline, "questions": "Kan ni ta ansvaret?"})
    assert response.status_code == 302
    return owner, Consultation.objects.get(document__identifier=NEW)


def test_a_unit_answers_once_and_the_plan_owner_reads_and_downloads_the_answers(client_for):
    owner, consultation = draft_sent_out(client_for)
    assert set(consultation.units.values_list("key", flat=True)) == set(UNITS)
    kultur = client_for("hbg-kultur")
    assert f"/consultation/{NEW}/{consultation.pk}/units/kulturforvaltningen/" in kultur.get(f"/consultation/{NEW}/").content.decode()
    node = Node.objects.get(document__identifier=NEW, code="2")
    url = f"/consultation/{NEW}/{consultation.pk}/units/kulturforvaltningen/"
    refused = kultur.post(url, {f"position_{node.pk}": "change", f"text_{node.pk}": " "})
    assert refused.status_code == 200 and not Reply.objects.exists()
    sent = kultur.post(url, {f"position_{node.pk}": "change", f"text_{node.pk}": "Skriv bibliotek i stället.", "general": "Bra utkast."})
    assert sent.status_code == 302
    assert NodeAnswer.objects.get().text == "Skriv bibliotek i stället."
    twice = kultur.post(url, {"general": "Igen."})
    assert twice.status_code == 200 and Reply.objects.count() == 1
    page = owner.get(f"/consultation/{NEW}/{consultation.pk}/").content.decode()
    assert "Skriv bibliotek i stället." in page and "Bra utkast." in page
    download = owner.get(f"/consultation/{NEW}/{consultation.pk}/answers.xlsx")
    assert download.status_code == 200 and download.content[:2] == b"PK"
    assert kultur.get(f"/consultation/{NEW}/{consultation.pk}/").status_code == 403
    assert client_for("hbg-soc").post(url, {"general": "x"}).status_code == 403


def test_an_answer_after_the_deadline_is_refused_with_a_message(client_for):
    _, consultation = draft_sent_out(client_for)
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="hbg-kultur")
    unit = OrganisationUnit.objects.get(key="kulturforvaltningen")
    late = consultation.deadline + timedelta(days=1)
    with pytest.raises(actions.ActionRefused, match="har passerat"):
        actions.reply(consultation, unit, [], "Sent.", access=access_for(user), user=user, today=late)
    assert not Reply.objects.exists()


def test_only_a_draft_is_sent_out_and_not_with_a_past_deadline(client_for):
    from django.contrib.auth import get_user_model

    from lika.plans.models import SteeringDocument

    user = get_user_model().objects.get(username="hbg-agare")
    unit = OrganisationUnit.objects.get(key="kulturforvaltningen")
    with pytest.raises(actions.ActionRefused):
        actions.send(SteeringDocument.objects.get(identifier=EOP), [unit], date(2099, 1, 1), "", access=access_for(user), user=user)
    draft_sent_out(client_for)
    with pytest.raises(actions.ActionRefused):
        actions.send(SteeringDocument.objects.get(identifier=NEW), [unit], date(2000, 1, 1), "", access=access_for(user), user=user)


def test_the_plan_owner_marks_answers_taken_in_or_not_with_a_reason(client_for):
    owner, consultation = draft_sent_out(client_for)
    node = Node.objects.get(document__identifier=NEW, code="2")
    url = f"/consultation/{NEW}/{consultation.pk}/units/kulturforvaltningen/"
    client_for("hbg-kultur").post(url, {f"position_{node.pk}": "change", f"text_{node.pk}": "Skriv bibliotek."})
    answer = NodeAnswer.objects.get()
    settle = f"/consultation/{NEW}/{consultation.pk}/answers/{answer.pk}/"
    owner.post(settle, {"decision": "not_taken_in", "reason": " "})
    answer.refresh_from_db()
    assert answer.decision == ""
    owner.post(settle, {"decision": "not_taken_in", "reason": "Biblioteken ingår redan."})
    answer.refresh_from_db()
    assert (answer.decision, answer.decision_reason) == ("not_taken_in", "Biblioteken ingår redan.")
    assert client_for("hbg-kultur").post(settle, {"decision": "taken_in"}).status_code == 403
    assert "Biblioteken ingår redan." in owner.get(f"/consultation/{NEW}/{consultation.pk}/").content.decode()


def test_units_that_have_not_answered_are_reminded_once_before_the_deadline(client_for, mailoutbox):
    from lika.consultation.models import ConsultationReminder

    owner, consultation = draft_sent_out(client_for)
    early = consultation.deadline - timedelta(days=consultation.reminder_days + 1)
    assert actions.send_reminders(consultation, today=early) == []
    node = Node.objects.get(document__identifier=NEW, code="2")
    client_for("hbg-kultur").post(f"/consultation/{NEW}/{consultation.pk}/units/kulturforvaltningen/", {f"position_{node.pk}": "agree"})
    due_day = consultation.deadline - timedelta(days=consultation.reminder_days)
    reminded = actions.send_reminders(consultation, today=due_day)
    assert sorted(unit.key for unit in reminded) == ["socialforvaltningen", "stadsbyggnadsforvaltningen"]
    assert any("hbg-soc@example.invalid" in mail.to for mail in mailoutbox)
    assert all("remissen av Plan för lika möjligheter 2026–2029" in mail.body for mail in mailoutbox)
    assert actions.send_reminders(consultation, today=due_day) == []  # once
    assert ConsultationReminder.objects.count() == 2
    page = owner.post(f"/consultation/{NEW}/{consultation.pk}/remind/", follow=True).content.decode()
    assert "Inga påminnelser" in page or "Ingen påminnelse" in page


def test_the_daily_job_sends_the_due_consultation_reminders(client_for, mailoutbox):
    from lika.consultation.jobs import send_due_reminders

    _, consultation = draft_sent_out(client_for)
    Consultation.objects.filter(pk=consultation.pk).update(deadline=timezone.localdate() + timedelta(days=3))
    steps = []
    send_due_reminders(progress=lambda percent, text="": steps.append(text))
    assert steps == [f"{NEW}: 3"] and mailoutbox


def test_an_answer_sent_twice_at_once_gets_a_clear_message_and_one_reply(client_for, monkeypatch):
    from django.contrib.auth import get_user_model

    _, consultation = draft_sent_out(client_for)
    user = get_user_model().objects.get(username="hbg-kultur")
    unit = OrganisationUnit.objects.get(key="kulturforvaltningen")
    actions.reply(consultation, unit, [], "Först.", access=access_for(user), user=user)
    # The second request checked before the first one's answer was saved: the database refuses it.
    monkeypatch.setattr(actions, "_already_answered", lambda consultation, unit: False)
    with pytest.raises(actions.ActionRefused, match="har redan svarat"):
        actions.reply(consultation, unit, [], "Samtidigt.", access=access_for(user), user=user)
    assert list(Reply.objects.values_list("general", flat=True)) == ["Först."]


def test_the_consultation_summary_is_rendered_as_word_and_pdf_for_the_decision(client_for):
    owner, consultation = draft_sent_out(client_for)
    node = Node.objects.get(document__identifier=NEW, code="2")
    client_for("hbg-kultur").post(f"/consultation/{NEW}/{consultation.pk}/units/kulturforvaltningen/",
                                  {f"position_{node.pk}": "change", f"text_{node.pk}": "Skriv bibliotek.", "general": "Bra utkast."})
    summary = owner.get(f"/consultation/{NEW}/{consultation.pk}/").content.decode()
    assert f"/reports/consultations/{NEW}/{consultation.pk}/summary.docx" in summary
    html = owner.get(f"/reports/consultations/{NEW}/{consultation.pk}/summary.html").content.decode()
    assert "Sammanfattning av remissen" in html and "Skriv bibliotek." in html and "Bra utkast." in html
    assert "inget svar" in html  # the units that did not answer
    docx = owner.get(f"/reports/consultations/{NEW}/{consultation.pk}/summary.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    pdf = owner.get(f"/reports/consultations/{NEW}/{consultation.pk}/summary.pdf")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    assert client_for("hbg-kultur").get(f"/reports/consultations/{NEW}/{consultation.pk}/summary.docx").status_code == 403
    assert owner.get(f"/reports/consultations/{NEW}/{consultation.pk}/summary.odt").status_code == 404
