"""The audit log: every change recorded with who, when, what and from where; nothing can edit it."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lika.audit.context import acting
from lika.audit.models import AuditEntry, AuditEntryImmutable, Kind
from lika.followup.models import FollowUpRound, RoundState
from lika.organisations.models import Membership, Role

pytestmark = pytest.mark.django_db
OPEN = "helsingborg-lika-2025"


@pytest.fixture(autouse=True)
def demo_rounds(db):
    from lika.followup.demo import ensure_demo_rounds

    ensure_demo_rounds(timezone.localdate())


def newest(**filters) -> AuditEntry:
    return AuditEntry.objects.filter(**filters).order_by("-id").first()


def test_a_round_closed_from_the_command_line_is_in_the_log_with_the_command_and_the_state_change():
    with acting(source="command", label="tester: lika followup close helsingborg-lika-2025"):
        call_command("followup", "close", OPEN)
    entry = newest(object_type="followup.followupround", kind=Kind.UPDATE)
    round_ = FollowUpRound.objects.get(identifier=OPEN)
    assert entry.object_id == str(round_.pk)
    assert entry.changes["state"] == [RoundState.OPEN, RoundState.CLOSED]
    assert entry.source == "command" and "lika followup close" in entry.actor_label
    assert entry.municipality_id == round_.document.municipality_id


def test_a_role_changed_on_a_page_is_in_the_log_with_who_and_the_address(client_for):
    admin = get_user_model().objects.create_superuser("audit-admin", "a@example.org", "pw-audit-123")
    client = Client(REMOTE_ADDR="192.0.2.7")
    client.force_login(admin)
    membership = Membership.objects.filter(user__username="hbg-lasare").get()
    response = client.post(
        f"/admin/organisations/membership/{membership.pk}/change/",
        {"user": membership.user_id, "municipality": membership.municipality_id, "role": Role.ANALYST, "unit": ""},
    )
    assert response.status_code == 302, response.content[:2000]
    entry = newest(kind=Kind.ROLE)
    assert entry.actor == admin and entry.ip == "192.0.2.7" and entry.source == "web"
    assert entry.changes["role"] == [Role.READER, Role.ANALYST]
    assert len(entry.session) == 16


def test_sign_in_and_failed_sign_in_are_recorded(client_for):
    client = Client(REMOTE_ADDR="198.51.100.4")
    client.post("/accounts/login/", {"login": "hbg-soc", "password": "wrong"})
    failed = newest(kind=Kind.SIGN_IN_FAILED)
    assert failed.actor_label == "hbg-soc" and failed.ip == "198.51.100.4"
    client_for("hbg-soc")
    assert newest(kind=Kind.SIGN_IN).actor.username == "hbg-soc"


def test_long_texts_are_kept_as_length_and_hash_not_repeated():
    from lika.audit.record import show

    kept = show("x" * 500)
    assert kept["chars"] == 500 and len(kept["sha256"]) == 64


def test_an_entry_cannot_be_changed_or_deleted():
    entry = AuditEntry.objects.create(kind=Kind.COMMAND, source="system", note="x")
    entry.note = "changed"
    with pytest.raises(AuditEntryImmutable):
        entry.save()
    with pytest.raises(AuditEntryImmutable):
        entry.delete()
    with pytest.raises(AuditEntryImmutable):
        AuditEntry.objects.filter(pk=entry.pk).update(note="changed")
    with pytest.raises(AuditEntryImmutable):
        AuditEntry.objects.filter(pk=entry.pk).delete()


def test_the_admin_shows_the_log_but_offers_no_change_or_delete():
    admin = get_user_model().objects.create_superuser("audit-admin2", "b@example.org", "pw-audit-123")
    client = Client()
    client.force_login(admin)
    entry = AuditEntry.objects.create(kind=Kind.COMMAND, source="system", note="x")
    assert client.get("/admin/audit/auditentry/").status_code == 200
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/change/", {"note": "y"}).status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).note == "x"


def test_the_plan_owner_reads_the_log_filtered_and_queries_do_not_grow(client_for):
    with acting(source="command", label="tester: lika followup close"):
        call_command("followup", "close", OPEN)
    client = client_for("hbg-agare")
    response = client.get("/audit/", {"object": "followup.followupround"})
    assert response.status_code == 200
    assert "tester: lika followup close" in response.content.decode()
    for n in range(60):
        AuditEntry.objects.create(kind=Kind.COMMAND, source="system", note=f"n{n}", municipality_id=FollowUpRound.objects.get(identifier=OPEN).document.municipality_id)
    with CaptureQueriesContext(connection) as few:
        client.get("/audit/")
    for n in range(60):
        AuditEntry.objects.create(kind=Kind.COMMAND, source="system", note=f"m{n}", municipality_id=FollowUpRound.objects.get(identifier=OPEN).document.municipality_id)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/audit/", {"page": 2})
    assert page.status_code == 200 and "page=1" in page.content.decode()
    assert len(many) == len(few)


def test_a_wrong_date_on_the_page_gets_a_message(client_for):
    response = client_for("hbg-agare").get("/audit/", {"since": "31/12"})
    assert "ÅÅÅÅ-MM-DD" in response.content.decode()


def test_others_than_the_plan_owner_cannot_read_the_log(client_for):
    assert client_for("hbg-soc").get("/audit/").status_code == 403
    assert client_for("hst-agare").get("/audit/", {"object": "followup.followupround"}).status_code == 200
    call_command("followup", "close", OPEN)
    assert OPEN not in client_for("hst-agare").get("/audit/").content.decode()


def test_export_writes_csv_and_jsonl_with_progress(tmp_path, capsys):
    call_command("followup", "close", OPEN)
    out = tmp_path / "audit.jsonl"
    call_command("audit", "export", "--municipality", "helsingborg", "--since", "2000-01-01", "--format", "jsonl", "--output", str(out))
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert any(r["object_type"] == "followup.followupround" and r["changes"].get("state") == ["open", "closed"] for r in rows)
    assert "entries written" in capsys.readouterr().err
    csv_out = tmp_path / "audit.csv"
    call_command("audit", "export", "--format", "csv", "--output", str(csv_out))
    assert csv_out.read_text(encoding="utf-8").startswith("at,kind,who")


def test_export_with_a_wrong_date_or_municipality_says_so_in_one_line():
    with pytest.raises(CommandError, match="--since: '31/12' is not a date"):
        call_command("audit", "export", "--since", "31/12", "--format", "csv")
    with pytest.raises(CommandError, match="no municipality"):
        call_command("audit", "export", "--municipality", "nowhere", "--format", "csv")


def test_a_download_is_recorded_by_the_middleware_not_the_view(client_for):
    client = client_for("hbg-agare")
    response = client.get(f"/followup/{OPEN}/analysis/heatmap.csv")
    assert response.status_code == 200
    assert newest(kind=Kind.DOWNLOAD).actor.username == "hbg-agare"



def test_the_example_banks_index_writes_no_entries_and_an_example_change_one():
    """Re-indexing a changed example for the bank's search is not a change anyone made: the log
    keeps the example's change, not a row per indexed word."""
    from lika.examples import search
    from lika.followup.models import Example

    search.refresh()
    example = Example.objects.order_by("pk").first()
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    example.title = "Språkcaféer för nyanlända föräldrar"
    example.save()
    assert search.refresh() == 1
    assert list(AuditEntry.objects.filter(pk__gt=last).values_list("object_type", flat=True)) == ["followup.example"]
