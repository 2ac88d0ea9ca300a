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
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_ACCEPT_LANGUAGE": "en", **{f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}}
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
        assert "högst två år framåt" in response.content.decode() and response.context["secret"] is None
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
    response = client.get(f"{BASE}/token", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401 and "Authorization: Bearer" in response.json()["detail"]
    response = client.get(f"{BASE}/token", HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz", HTTP_ACCEPT_LANGUAGE="en")
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

    result = subprocess.run([sys.executable, "-m", "lika.cli", "tokens", "frob"], check=False, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["lika tokens: argument what: invalid choice: 'frob' (choose from 'create', 'list', 'revoke') (see lika tokens --help)"]


# Reads: everything of the own municipality, nothing of another ----------------------------------


def test_a_token_reads_the_unpublished_2025_rounds_examples(client, rounds):
    secret = make_token(scope="read")
    states = {r["identifier"]: r["state"] for r in call(client, "get", f"{BASE}/rounds", secret).json()["items"]}
    assert states[OPEN] == "open" and states[PUBLISHED] == "published"
    examples = call(client, "get", f"{BASE}/rounds/{OPEN}/examples?page_size=100", secret).json()["items"]
    assert examples and any(e["title"].startswith("Demo: Jobbcoacher") for e in examples)
    assert {e["submission_state"] for e in examples} >= {"submitted", "approved"}
    public = client.get(f"/api/v1/examples?round={OPEN}")
    assert public.status_code == 400  # the public API still does not know the round


def test_a_token_fetches_a_rounds_submissions(client, rounds):
    secret = make_token(scope="read")
    items = call(client, "get", f"{BASE}/rounds/{OPEN}/submissions?page_size=100", secret).json()["items"]
    by_unit = {s["unit"]["key"]: s for s in items}
    assert by_unit["arbetsmarknadsforvaltningen"]["state"] == "submitted"
    assert by_unit[DRAFT_UNIT]["state"] == "draft"
    report = next(r for r in by_unit["arbetsmarknadsforvaltningen"]["reports"] if r["measure"] == "6")
    assert report["status"] == "under_way" and report["examples"]
    example = call(client, "get", f"{BASE}/examples/{report['examples'][0]}", secret)
    assert example.status_code == 200 and example["ETag"] == f'"{example.json()["version"]}"'


def test_a_token_reads_unpublished_indicators_with_small_cells_hidden(client):
    secret = make_token(scope="read")
    indicator = Indicator.objects.create(municipality=Municipality.objects.get(slug="helsingborg"), identifier="hemlig", name_sv="Hemlig", dimensions=["Kön"])
    IndicatorValue.objects.create(indicator=indicator, period="2024", categories={}, value=10, n=100)
    IndicatorValue.objects.create(indicator=indicator, period="2024", categories={"Kön": "Kvinnor"}, value=3, n=3)
    IndicatorValue.objects.create(indicator=indicator, period="2024", categories={"Kön": "Män"}, value=7, n=97)
    items = call(client, "get", f"{BASE}/indicators", secret).json()["items"]
    found = next(i for i in items if i["identifier"] == "hemlig")
    assert found["published"] is False
    assert {v["suppressed"] for v in found["values"] if v["categories"]} == {"primary", "secondary"}
    assert all(v["value"] is None for v in found["values"] if v["categories"])


READS = ["token", "rounds", f"rounds/{OPEN}/examples", f"rounds/{OPEN}/submissions", "indicators", "examples/{example}"]
WRITES = [
    ("post", f"rounds/{OPEN}/examples", example_body()),
    ("put", "examples/{example}", {"title": "x", "what_was_done": "y"}),
    ("patch", "examples/{example}", {"title": "x"}),
    ("post", "indicators/{indicator}/values", {"values": [{"period": "2025", "value": 1.0}]}),
]


@pytest.fixture
def targets(rounds):
    example = Example.objects.filter(measure_report__submission__round__identifier=OPEN).first()
    indicator = Indicator.objects.create(municipality=Municipality.objects.get(slug="helsingborg"), identifier="andel", name_sv="Andel")
    return {"example": example.pk, "indicator": indicator.identifier}


def test_a_token_never_reaches_another_municipality_on_any_endpoint(client, targets):
    halmstad = make_token("halmstad")
    before = (Example.objects.count(), IndicatorValue.objects.count(), Example.objects.get(pk=targets["example"]).title)
    for path in READS:
        response = call(client, "get", f"{BASE}/{path.format(**targets)}", halmstad)
        assert response.status_code == 403 and "This token is for Halmstad" in response.json()["detail"], path
    for method, path, body in WRITES:
        response = call(client, method, f"{BASE}/{path.format(**targets)}", halmstad, body, if_match="v1")
        assert response.status_code == 403, (method, path)
    assert (Example.objects.count(), IndicatorValue.objects.count(), Example.objects.get(pk=targets["example"]).title) == before


def test_an_object_of_another_municipality_is_not_found_under_the_own_one(client, targets):
    halmstad = make_token("halmstad")
    response = call(client, "get", f"/api/v1/integration/halmstad/examples/{targets['example']}", halmstad)
    assert response.status_code == 404
    assert call(client, "get", f"/api/v1/integration/halmstad/rounds/{OPEN}/submissions", halmstad).status_code == 404
    response = call(client, "post", "/api/v1/integration/halmstad/indicators/andel/values", halmstad, WRITES[3][2])
    assert response.status_code == 404 and not IndicatorValue.objects.filter(indicator__identifier="andel").exists()


def test_a_read_only_token_cannot_write(client, targets):
    secret = make_token(scope="read")
    for method, path, body in WRITES:
        response = call(client, method, f"{BASE}/{path.format(**targets)}", secret, body, if_match="v1")
        assert response.status_code == 403 and "may only read" in response.json()["detail"], (method, path)
    assert not IndicatorValue.objects.filter(indicator__identifier="andel").exists()


def test_the_token_api_gets_no_cors_header(client):
    secret = make_token()
    assert "Access-Control-Allow-Origin" not in call(client, "get", f"{BASE}/token", secret)
    preflight = client.options(f"{BASE}/token", HTTP_ORIGIN="https://example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert "Access-Control-Allow-Origin" not in preflight


def test_unknown_filters_and_a_page_size_over_the_limit_are_clear_errors(client, rounds):
    secret = make_token(scope="read")
    response = call(client, "get", f"{BASE}/rounds/{OPEN}/examples?unit=atlantis", secret)
    assert response.status_code == 400 and response.json()["detail"].startswith("Unknown unit 'atlantis'")
    response = call(client, "get", f"{BASE}/rounds/{OPEN}/examples?measure=99", secret)
    assert response.status_code == 400 and response.json()["detail"].startswith("Unknown measure '99'")
    response = call(client, "get", f"{BASE}/rounds?page_size=101", secret)
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["query", "page_size"]
    assert call(client, "get", f"{BASE}/rounds/no-such-round/examples", secret).status_code == 404


# Writes: indicator values -----------------------------------------------------------------------


def test_a_posted_indicator_value_shows_on_the_indicator_page(client, client_for):
    secret = make_token()
    indicator = Indicator.objects.create(
        municipality=Municipality.objects.get(slug="helsingborg"), identifier="n15428", name_sv="Andel", dimensions=["Kön"], published=True
    )
    body = {"values": [{"period": "2025", "value": 61.5, "n": 412}, {"period": "2025", "categories": {"Kön": "Kvinnor"}, "value": 63.25, "n": 210}]}
    response = call(client, "post", f"{BASE}/indicators/n15428/values", secret, body)
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 2 and response.json()["indicator"]["values"][0]["value"] == 61.5
    page = client_for("hbg-analytiker").get(f"/statistics/indicators/{indicator.pk}/")
    assert "63,25" in page.content.decode()
    # Posting the same period and categories again replaces the value.
    body = {"values": [{"period": "2025", "value": 62.0, "n": 412}]}
    assert call(client, "post", f"{BASE}/indicators/n15428/values", secret, body).json() | {"indicator": None} == {"created": 0, "updated": 1, "indicator": None}
    assert IndicatorValue.objects.get(indicator=indicator, period="2025", categories_key="").value == 62.0
    entry = AuditEntry.objects.filter(object_type="statistics.indicator", note__startswith="values posted").latest("pk")
    assert entry.source == "api" and entry.actor_label.startswith("API token")


@pytest.mark.parametrize(
    "values, status, message",
    [
        ([{"period": "2025", "categories": {"Ålder": "85+"}, "value": 1}], 422, "has no breakdown Ålder"),
        ([{"period": "2025", "value": 1}, {"period": "2025", "value": 2}], 422, "Two values for 2025"),
        ([{"period": "", "value": 1}], 422, "at least 1 character"),
        ([{"period": "2025", "value": "many"}], 422, "valid number"),
        ([{"period": "2025", "value": 1, "n": -1}], 422, "greater than or equal to 0"),
        ([], 422, "at least 1 item"),
    ],
)
def test_bad_indicator_values_are_refused_and_nothing_is_saved(client, values, status, message):
    secret = make_token()
    indicator = Indicator.objects.create(municipality=Municipality.objects.get(slug="helsingborg"), identifier="andel", name_sv="Andel", dimensions=["Kön"])
    IndicatorValue.objects.create(indicator=indicator, period="2024", categories={}, value=5, n=100)
    response = call(client, "post", f"{BASE}/indicators/andel/values?lang=en", secret, {"values": values})
    assert response.status_code == status
    assert message in str(response.json()["detail"])
    assert list(indicator.values.values_list("period", "value")) == [("2024", 5.0)]


def test_an_unknown_indicator_is_404(client):
    response = call(client, "post", f"{BASE}/indicators/atlantis/values", make_token(), {"values": [{"period": "2025", "value": 1}]})
    assert response.status_code == 404 and "No indicator 'atlantis'" in response.json()["detail"]


# Writes: examples on behalf of a unit, the web form's rules --------------------------------------


def test_a_token_adds_an_example_for_a_unit_through_the_forms_rules(client, rounds):
    secret = make_token()
    response = call(client, "post", f"{BASE}/rounds/{OPEN}/examples", secret, example_body())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["unit"]["key"] == DRAFT_UNIT and body["measure"] == "4" and body["submission_state"] == "draft"
    assert {p["key"] for p in body["perspectives"]} == {"disability", "age"}
    assert response["ETag"] == f'"{body["version"]}"'
    example = Example.objects.get(pk=body["id"])
    events = example.measure_report.submission.events.filter(action="example_added")
    assert events.filter(comment="Trygghetsvandring med brukarråd").exists()  # the submission's history
    listed = call(client, "get", f"{BASE}/rounds/{OPEN}/examples?unit={DRAFT_UNIT}", secret).json()["items"]
    assert [e["id"] for e in listed] == [example.pk]
    assert AuditEntry.objects.filter(object_type="followup.example", object_id=str(example.pk), source="api").exists()


@pytest.mark.parametrize(
    "change, status, message",
    [
        ({"measure": "9"}, 422, "is not responsible for measure 9"),
        ({"unit": "slf-staben"}, 422, "is not responsible for measure 4"),
        ({"measure": "99"}, 422, "Unknown measure: 99"),
        ({"unit": "atlantis"}, 422, "Unknown unit: atlantis"),
        ({"perspectives": ["astrology"]}, 422, "Unknown perspective: astrology"),
        ({"effects_kind": ""}, 422, "Say whether the effects are observed or expected"),
        ({"links": ["ftp://x"]}, 422, "is not a web address"),
        ({"title": ""}, 422, "This field is required"),
        ({"title": "x" * 301}, 422, "at most 300 characters"),
        ({"unit": "arbetsmarknadsforvaltningen", "measure": "6"}, 409, "The submission is submitted"),
    ],
)
def test_a_bad_example_is_refused_with_the_forms_message_and_nothing_is_saved(client, rounds, change, status, message):
    secret = make_token()
    before = (Example.objects.count(), Submission.objects.count())
    response = call(client, "post", f"{BASE}/rounds/{OPEN}/examples?lang=en", secret, example_body(**change))
    assert response.status_code == status, response.content
    assert message in str(response.json()["detail"])
    assert (Example.objects.count(), Submission.objects.count()) == before


def test_an_example_to_a_closed_round_is_refused(client, rounds):
    FollowUpRound.objects.filter(identifier=OPEN).update(state=RoundState.CLOSED)
    before = Example.objects.count()
    response = call(client, "post", f"{BASE}/rounds/{OPEN}/examples?lang=en", make_token(), example_body())
    assert response.status_code == 409 and response.json()["detail"] == "The round is closed; nothing can be changed."
    assert Example.objects.count() == before


def test_more_examples_than_the_cap_are_refused(client, rounds):
    FollowUpRound.objects.filter(identifier=OPEN).update(max_examples=1)
    secret = make_token()
    assert call(client, "post", f"{BASE}/rounds/{OPEN}/examples?lang=en", secret, example_body()).status_code == 201
    response = call(client, "post", f"{BASE}/rounds/{OPEN}/examples?lang=en", secret, example_body(title="Nummer två"))
    assert response.status_code == 409 and "at most 1 examples per measure" in response.json()["detail"]
    assert not Example.objects.filter(title="Nummer två").exists()


def test_changing_an_example_needs_if_match_and_a_stale_version_of_the_same_field_is_412(client, rounds):
    secret = make_token()
    created = call(client, "post", f"{BASE}/rounds/{OPEN}/examples", secret, example_body())
    url, etag = f"{BASE}/examples/{created.json()['id']}?lang=en", created["ETag"]
    response = call(client, "patch", url, secret, {"title": "Utan version"})
    assert response.status_code == 428 and "If-Match" in response.json()["detail"]
    first = call(client, "patch", url, secret, {"title": "Ny titel"}, if_match=etag)
    assert first.status_code == 200 and first.json()["title"] == "Ny titel" and first["ETag"] != etag
    stale = call(client, "patch", url, secret, {"title": "Gammal titel"}, if_match=etag)
    assert stale.status_code == 412
    assert stale.json()["fields"] == [{"name": "title", "yours": "Gammal titel", "stored": "Ny titel"}]
    assert stale.json()["etag"] == first.json()["version"]
    # The same stale version, but another field: the two changes merge, as in the web form.
    merged = call(client, "patch", url, secret, {"learning": "Fråga brukarrådet tidigt."}, if_match=etag)
    assert merged.status_code == 200 and merged.json()["title"] == "Ny titel" and merged.json()["learning"] == "Fråga brukarrådet tidigt."
    assert Example.objects.get(pk=created.json()["id"]).title == "Ny titel"


def test_put_replaces_every_field_and_validates_as_the_form(client, rounds):
    secret = make_token()
    created = call(client, "post", f"{BASE}/rounds/{OPEN}/examples", secret, example_body())
    url = f"{BASE}/examples/{created.json()['id']}?lang=en"
    bad = call(client, "put", url, secret, {"title": "T", "what_was_done": "W", "effects": "E"}, if_match=created["ETag"])
    assert bad.status_code == 422 and "Say whether the effects" in str(bad.json()["detail"])
    good = call(client, "put", url, secret, {"title": "T", "what_was_done": "W", "related_measures": ["6"]}, if_match=created["ETag"])
    assert good.status_code == 200, good.content
    assert good.json()["perspectives"] == [] and good.json()["effects"] == "" and good.json()["related_measures"] == ["6"]


# Small cells: the public node page hides exactly what the API hides ------------------------------


def test_the_public_node_page_hides_the_same_small_cells_as_the_api(client):
    from lika.plans.models import Node

    helsingborg = Municipality.objects.get(slug="helsingborg")
    indicator = Indicator.objects.create(municipality=helsingborg, identifier="utsatthet", name_sv="Utsatthet", dimensions=["Kön"], published=True)
    rows = [({}, 50.5, 100), ({"Kön": "Kvinnor"}, 77.7, 3), ({"Kön": "Män"}, 49.9, 97)]
    for position, (categories, value, n) in enumerate(rows):
        IndicatorValue.objects.create(indicator=indicator, period="2024", categories=categories, value=value, n=n, position=position)
    indicator.nodes.add(Node.objects.get(document__identifier="helsingborg-lika-mojligheter-2022", code="4.8"))
    api = next(i for i in client.get("/api/v1/indicators?municipality=helsingborg&page_size=100").json()["items"] if i["identifier"] == "utsatthet")
    hidden_in_api = {v["categories"].get("Kön", "") for v in api["values"] if v["suppressed"]}
    assert hidden_in_api == {"Kvinnor", "Män"}
    html = client.get("/helsingborg/documents/helsingborg-lika-mojligheter-2022/nodes/4.8/").content.decode()
    assert "77,7" not in html and "77.7" not in html and "49,9" not in html and "49.9" not in html
    assert "50,5" in html or "50.5" in html
    assert "små grupper" in html


def test_the_token_lists_take_a_fixed_number_of_queries(client, rounds):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    secret = make_token(scope="read")
    counts = {}
    for path in (f"rounds/{OPEN}/examples", f"rounds/{OPEN}/submissions", "rounds", "indicators"):
        for size in (1, 100):
            with CaptureQueriesContext(connection) as queries:
                assert call(client, "get", f"{BASE}/{path}?page_size={size}", secret).status_code == 200
            counts[(path, size)] = len(queries)
        assert counts[(path, 1)] == counts[(path, 100)], (path, counts)
