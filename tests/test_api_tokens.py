"""The token API for integrations: tokens made by the plan owner, reads of unpublished data of
their own municipality only, indicator values and examples written through the actions."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from lika.api.models import ApiToken
from lika.api.tokens import create_token, digest
from lika.audit.models import AuditEntry, Kind
from lika.followup.models import Example, FollowUpRound, RoundState, Submission
from lika.organisations.models import Municipality
from lika.statistics.models import Indicator, IndicatorValue

pytestmark = pytest.mark.django_db
OPEN = "helsingborg-lika-2025"
PUBLISHED = "helsingborg-lika-2023"
BASE = "/api/v1/integration/helsingborg"
DRAFT_UNIT = "vard-och-omsorgsforvaltningen"  # the demo round's unit still writing its report, on measure 4


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    from django.core.cache import cache

    cache.clear()
    settings.LIKA_API_RATE_LIMIT = ""


@pytest.fixture
def rounds(db):
    from lika.followup.demo import ensure_demo_rounds

    ensure_demo_rounds(timezone.localdate())


def make_token(slug="helsingborg", scope="read-write", days=30):
    municipality = Municipality.objects.get(slug=slug)
    return create_token(municipality, name=f"system {scope}", scope=scope, expires_on=timezone.localdate() + timedelta(days=days), access=None)[1]


def call(client, method, url, token, body=None, **headers):
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}", **{f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}}
    if body is not None:
        kwargs |= {"data": body, "content_type": "application/json"}
    response = getattr(client, method)(url, **kwargs)
    assert response["Content-Type"].startswith("application/json"), response.content
    return response


def example_body(**extra):
    return {
        "unit": DRAFT_UNIT, "measure": "4", "title": "Trygghetsvandring med brukarråd",
        "what_was_done": "Vi gick runt boendet med brukarrådet och åtgärdade det de pekade ut.",
        "effects": "Färre fallolyckor.", "effects_kind": "observed", "perspectives": ["disability", "age"],
    } | extra


# Tokens: made once, stored hashed, revocable, expiring -----------------------------------------


def test_the_plan_owner_makes_a_token_on_a_page_and_sees_it_once(client_for):
    owner = client_for("hbg-agare")
    page = owner.get("/api-tokens/")
    assert page.status_code == 200 and b"<h1" in page.content
    response = owner.post("/api-tokens/", {"name": "Stratsys", "scope": "read", "expires_on": str(timezone.localdate() + timedelta(days=90))})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    secret = response.context["secret"]
    assert secret.startswith("lika_") and secret.encode() in response.content
    token = ApiToken.objects.get(name="Stratsys")
    assert token.secret_hash == digest(secret) and secret not in token.secret_hash
    assert secret.encode() not in owner.get("/api-tokens/").content  # shown once
    created = AuditEntry.objects.filter(object_type="api.apitoken", kind=Kind.CREATE).latest("pk")
    assert created.changes["secret_hash"] == ["…", "changed"]  # not even the hash is copied into the log


def test_only_the_plan_owner_manages_tokens(client_for):
    assert client_for("hbg-analytiker").get("/api-tokens/").status_code == 404
    assert client_for("hbg-kultur").post("/api-tokens/", {"name": "x", "scope": "read", "expires_on": "2099-01-01"}).status_code == 404
    assert not ApiToken.objects.exists()


def test_a_past_or_far_expiry_date_is_refused_on_the_page(client_for):
    owner = client_for("hbg-agare")
    for when in (timezone.localdate(), timezone.localdate() + timedelta(days=3000)):
        response = owner.post("/api-tokens/", {"name": "x", "scope": "read", "expires_on": str(when)})
        assert "at most two years ahead" in response.content.decode() and response.context["secret"] is None
    assert not ApiToken.objects.exists()


def test_a_revoked_token_stops_working(client, client_for):
    secret = make_token()
    assert call(client, "get", f"{BASE}/token", secret).status_code == 200
    token = ApiToken.objects.get()
    assert client_for("hbg-agare").post(f"/api-tokens/{token.pk}/revoke/").status_code == 302
    response = call(client, "get", f"{BASE}/token", secret)
    assert response.status_code == 401 and response.json()["detail"] == "The token was revoked."
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_another_municipalitys_plan_owner_cannot_revoke(client_for):
    make_token()
    token = ApiToken.objects.get()
    assert client_for("hst-agare").post(f"/api-tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_expired_malformed_missing_and_unknown_tokens_are_401_with_a_reason(client):
    expired = make_token(days=1)
    ApiToken.objects.update(expires_on=timezone.localdate() - timedelta(days=1))
    cases = {
        expired: "The token expired on",
        "abc": "The token is malformed",
        "lika_00000000_" + "x" * 43: "The token is not known.",
        expired[:-1] + ("A" if expired[-1] != "A" else "B"): "The token is not known.",
    }
    for secret, reason in cases.items():
        response = call(client, "get", f"{BASE}/token", secret)
        assert response.status_code == 401 and response.json()["detail"].startswith(reason), secret
    response = client.get(f"{BASE}/token")
    assert response.status_code == 401 and "Authorization: Bearer" in response.json()["detail"]
    response = client.get(f"{BASE}/token", HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz")
    assert response.status_code == 401 and "malformed" in response.json()["detail"]


def test_every_use_and_every_refusal_is_in_the_audit_log(client):
    secret = make_token()
    before = AuditEntry.objects.filter(kind=Kind.API_TOKEN).count()
    call(client, "get", f"{BASE}/token", secret)
    call(client, "get", f"{BASE}/token", "lika_00000000_" + "x" * 43)
    entries = list(AuditEntry.objects.filter(kind=Kind.API_TOKEN).order_by("pk"))[before:]
    assert len(entries) == 2
    used, refused = entries
    assert used.note == f"GET {BASE}/token" and used.source == "api" and used.municipality_id == Municipality.objects.get(slug="helsingborg").pk
    assert used.actor_label.startswith("API token system read-write")
    assert "refused: The token is not known." in refused.note
    assert ApiToken.objects.get().last_used_at is not None


def test_the_command_creates_lists_and_revokes(client, capsys):
    call_command("tokens", "create", "--municipality", "helsingborg", "--name", "Kolada-hämtning", "--scope", "read-write", "--expires", str(timezone.localdate() + timedelta(days=10)))
    secret = capsys.readouterr().out.strip()
    assert call(client, "get", f"{BASE}/token", secret).json()["scope"] == "read-write"
    call_command("tokens", "list", "--municipality", "helsingborg")
    listing = capsys.readouterr().out
    prefix = ApiToken.objects.get().prefix
    assert prefix in listing and "Kolada-hämtning" in listing and secret not in listing
    call_command("tokens", "revoke", prefix)
    assert call(client, "get", f"{BASE}/token", secret).status_code == 401


@pytest.mark.parametrize(
    "argv, message",
    [
        (["create", "--municipality", "atlantis", "--name", "x", "--expires", "2099-01-01"], "no municipality 'atlantis'"),
        (["create", "--municipality", "helsingborg", "--name", "x", "--expires", "31/12"], "is not a date"),
        (["create", "--municipality", "helsingborg", "--name", " ", "--expires", "2099-01-01"], "Give the token a name"),
        (["create", "--municipality", "helsingborg", "--name", "x", "--expires", "2001-01-01"], "must be after today"),
        (["create", "--municipality", "helsingborg", "--name", "x", "--scope", "all", "--expires", "2099-01-01"], "invalid choice: 'all'"),
        (["revoke", "deadbeef"], "no token with the prefix"),
    ],
)
def test_a_wrong_argument_to_the_command_is_a_clear_error(argv, message):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=message):
        call_command("tokens", *argv)
    assert not ApiToken.objects.exists()


def test_on_the_command_line_a_wrong_argument_is_one_line():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "lika.cli", "tokens", "frob"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["lika tokens: argument what: invalid choice: 'frob' (choose from 'create', 'list', 'revoke') (see lika tokens --help)"]
