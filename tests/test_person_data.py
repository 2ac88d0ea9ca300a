"""A person's data: export lists what they wrote; removal anonymises them and keeps the history and the audit log."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from lika.audit.models import AuditEntry
from lika.followup.models import Submission, SubmissionEvent
from lika.organisations.models import Membership

pytestmark = pytest.mark.django_db
OPEN = "helsingborg-lika-2025"


@pytest.fixture(autouse=True)
def demo_rounds(db):
    from lika.followup.demo import ensure_demo_rounds

    ensure_demo_rounds(timezone.localdate())


def write_something(client_for):
    client = client_for("hbg-kultur")
    client.post(f"/followup/{OPEN}/units/kulturforvaltningen/start/")
    client.post(
        f"/followup/{OPEN}/units/kulturforvaltningen/measures/6/",
        {"status": "ongoing", "comment": "Språkcaféerna fortsätter i höst."},
    )


def test_the_export_lists_what_the_person_wrote_and_did(client_for, tmp_path):
    write_something(client_for)
    out = tmp_path / "person.json"
    call_command("person", "export", "hbg-kultur", "--output", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["account"]["username"] == "hbg-kultur"
    assert "organisations.membership" in data["records"]
    assert "followup.submissionevent" in data["records"]
    assert "audit.auditentry" in data["records"]
    assert "password" not in data["account"]


def test_an_export_for_someone_who_does_not_exist_says_so():
    with pytest.raises(CommandError, match="no person with the user name 'nobody'"):
        call_command("person", "export", "nobody")


def test_removal_anonymises_the_person_and_keeps_the_units_history(client_for):
    write_something(client_for)
    user = get_user_model().objects.get(username="hbg-kultur")
    events = SubmissionEvent.objects.filter(actor=user).count()
    audit_rows = AuditEntry.objects.count()
    with pytest.raises(CommandError, match="--yes"):
        call_command("person", "remove", "hbg-kultur")
    call_command("person", "remove", "hbg-kultur", "--yes")
    user.refresh_from_db()
    assert user.username == f"removed-{user.pk}" and not user.email and not user.is_active and not user.has_usable_password()
    assert not Membership.objects.filter(user=user).exists()
    assert SubmissionEvent.objects.filter(actor=user).count() == events > 0
    assert Submission.objects.filter(round__identifier=OPEN, unit__key="kulturforvaltningen").exists()
    assert AuditEntry.objects.count() == audit_rows + 1
    assert AuditEntry.objects.order_by("-id").first().object_repr == f"removed-{user.pk}"
