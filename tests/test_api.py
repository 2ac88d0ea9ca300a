"""The public read API at /api/v1/: only published material, paginated, filtered, in both languages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lika.followup.models import Example, MeasureReport, ReviewState
from lika.organisations.models import Municipality
from lika.plans.models import DocumentStatus, SteeringDocument
from lika.statistics.models import Indicator, IndicatorValue
from tests.conftest import EOP

pytestmark = pytest.mark.django_db
PUBLISHED = "helsingborg-lika-2023"
OPEN = "helsingborg-lika-2025"


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    """The tests ask more often than a visitor may; test_the_rate_limit turns the limit on."""
    from django.core.cache import cache

    cache.clear()
    settings.LIKA_API_RATE_LIMIT = ""


@pytest.fixture
def rounds(db):
    from lika.followup.demo import ensure_demo_rounds

    ensure_demo_rounds(timezone.localdate())


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def all_items(client, url):
    page, items = 1, []
    while True:
        body = get(client, f"{url}{'&' if '?' in url else '?'}page={page}&page_size=100")
        items += body["items"]
        if page >= body["pages"]:
            return items
        page += 1


def test_municipalities_are_listed_without_login(client):
    body = get(client, "/api/v1/municipalities")
    assert body["count"] == 2 and body["page"] == 1
    assert [m["slug"] for m in body["items"]] == ["halmstad", "helsingborg"]
    assert get(client, "/api/v1/municipalities/helsingborg")["code"] == "1283"
    assert get(client, "/api/v1/municipalities/atlantis", 404)["detail"] == "No municipality 'atlantis'."


def test_helsingborgs_plan_lists_its_17_measures_with_their_implementing_units(client):
    plan = get(client, f"/api/v1/documents/{EOP}")
    measures = [node for node in plan["nodes"] if node["is_measure"]]
    assert len(measures) == 17
    assert all(node["reporting_units"] for node in measures)
    assert {node["level"] for node in measures} == {"Åtgärd"}
    assert any(r["rule"] and r["rule"]["key"] == "all_departments" for node in plan["nodes"] for r in node["responsibilities"]) or any(
        r["unit"] for node in measures for r in node["responsibilities"]
    )
    areas = [node for node in plan["nodes"] if node["parent"] is None]
    assert areas and all(area["contributes_to"] for area in areas)  # to the programme's focus areas
    assert any(node["goals"] for node in get(client, "/api/v1/documents/helsingborg-livskvalitetsprogrammet-2025")["nodes"])


def test_the_language_follows_lang_or_accept_language(client):
    english = get(client, f"/api/v1/documents/{EOP}?lang=en")
    assert english["title"] == "Equal Opportunities Plan 2022–2025"
    assert {n["level"] for n in english["nodes"] if n["is_measure"]} == {"Measure"}
    assert client.get(f"/api/v1/documents/{EOP}", HTTP_ACCEPT_LANGUAGE="en").json()["title"] == english["title"]
    assert get(client, f"/api/v1/documents/{EOP}?lang=sv")["title"] == "Plan för lika möjligheter 2022–2025"
    assert client.get(f"/api/v1/documents/{EOP}?lang=de").status_code == 422


def test_a_draft_document_never_appears(client):
    SteeringDocument.objects.filter(identifier=EOP).update(status=DocumentStatus.DRAFT)
    assert EOP not in [d["identifier"] for d in get(client, "/api/v1/documents")["items"]]
    assert get(client, f"/api/v1/documents/{EOP}", 404)["detail"] == f"No adopted document '{EOP}'."


def test_only_the_published_round_and_its_approved_examples_appear(client, rounds):
    assert [r["identifier"] for r in get(client, "/api/v1/rounds")["items"]] == [PUBLISHED]
    get(client, f"/api/v1/rounds/{OPEN}", 404)
    examples = all_items(client, "/api/v1/examples?municipality=helsingborg")
    assert len(examples) == 39 and {e["round"] for e in examples} == {PUBLISHED}
    unpublished = set(Example.objects.filter(measure_report__submission__round__identifier=OPEN).values_list("title", flat=True))
    assert unpublished and not unpublished & {e["title"] for e in examples}


def test_an_example_waiting_for_review_does_not_appear(client, rounds):
    report = MeasureReport.objects.filter(submission__round__identifier=PUBLISHED, examples__isnull=False).first()
    hidden = set(report.examples.values_list("pk", flat=True))
    MeasureReport.objects.filter(pk=report.pk).update(review_state=ReviewState.PENDING)
    shown = {e["id"] for e in all_items(client, "/api/v1/examples")}
    assert len(shown) == 39 - len(hidden) and not shown & hidden


def test_the_round_gives_status_counts_and_approved_examples_per_measure(client, rounds):
    round_ = get(client, f"/api/v1/rounds/{PUBLISHED}")
    assert len(round_["measures"]) == 17
    assert sum(m["approved_examples"] for m in round_["measures"]) == 39
    assert round_["figures"]["total_examples"] == 39
    assert round_["figures"]["measures_without_examples"] == ["11", "13", "17"]  # as the published report says
    assert any(m["status_counts"] for m in round_["measures"])


def test_examples_filter_by_measure_unit_perspective_and_year(client, rounds):
    by_measure = all_items(client, f"/api/v1/examples?document={EOP}&measure=6")
    assert by_measure and {e["measure"] for e in by_measure} == {"6"}
    unit = by_measure[0]["unit"]["key"]
    assert {e["unit"]["key"] for e in all_items(client, f"/api/v1/examples?unit={unit}")} == {unit}
    perspective = next(p["key"] for e in all_items(client, "/api/v1/examples") for p in e["perspectives"])
    assert all(perspective in [p["key"] for p in e["perspectives"]] for e in all_items(client, f"/api/v1/examples?perspective={perspective}"))
    assert get(client, "/api/v1/examples?year=2023")["count"] == 39
    assert get(client, "/api/v1/examples?year=2019")["count"] == 0


@pytest.mark.parametrize(
    "url, message",
    [
        ("/api/v1/examples?unit=nobody", "Unknown unit 'nobody'."),
        ("/api/v1/examples?perspective=astrology", "Unknown perspective 'astrology'."),
        ("/api/v1/examples?round=helsingborg-lika-2025", "Unknown round 'helsingborg-lika-2025'."),
        ("/api/v1/rounds?municipality=atlantis", "Unknown municipality 'atlantis'."),
        ("/api/v1/rounds?document=no-such-plan", "Unknown document 'no-such-plan'."),
    ],
)
def test_unknown_filter_values_get_a_clear_400(client, rounds, url, message):
    assert get(client, url, 400)["detail"].startswith(message)


def test_a_page_size_over_the_limit_is_refused(client):
    body = get(client, "/api/v1/units?page_size=500", 422)
    assert body["detail"][0]["loc"] == ["query", "page_size"] and "less than or equal to 100" in body["detail"][0]["msg"]
    assert get(client, "/api/v1/units?page=0", 422)["detail"][0]["loc"] == ["query", "page"]


def test_pages_follow_a_stable_order(client):
    first = get(client, "/api/v1/units?municipality=helsingborg&page_size=5")
    second = get(client, "/api/v1/units?municipality=helsingborg&page_size=5&page=2")
    everything = all_items(client, "/api/v1/units?municipality=helsingborg")
    assert [u["key"] for u in first["items"] + second["items"]] == [u["key"] for u in everything[:10]]
    assert first["count"] == len(everything) and first["pages"] == -(-len(everything) // 5)


def _indicator(identifier, *, published=True, rows=()):
    municipality = Municipality.objects.get(slug="helsingborg")
    indicator = Indicator.objects.create(
        municipality=municipality, identifier=identifier, name_sv=identifier, dimensions=["Kön", "Ålder"], published=published
    )
    for position, (categories, value, n) in enumerate(rows):
        IndicatorValue.objects.create(indicator=indicator, period="2024", categories=categories, value=value, n=n, position=position)
    return indicator


SEX_BY_AGE = [
    ({}, 50.0, 100),
    ({"Kön": "Kvinnor"}, 52.0, 52),
    ({"Kön": "Män"}, 48.0, 48),
    ({"Ålder": "85+"}, 40.0, 12),
    ({"Ålder": "-84"}, 51.0, 88),
    ({"Kön": "Kvinnor", "Ålder": "85+"}, 50.0, 2),
    ({"Kön": "Kvinnor", "Ålder": "-84"}, 52.0, 50),
    ({"Kön": "Män", "Ålder": "85+"}, 30.0, 10),
    ({"Kön": "Män", "Ålder": "-84"}, 50.0, 38),
]


def test_small_cells_never_appear_and_cannot_be_worked_out(client):
    _indicator("utsatthet", rows=SEX_BY_AGE)
    values = get(client, "/api/v1/indicators?municipality=helsingborg&page_size=100")["items"]
    shown = next(i for i in values if i["identifier"] == "utsatthet")["values"]
    assert all(v["n"] is None or v["n"] >= 5 for v in shown)
    small = next(v for v in shown if v["categories"] == {"Kön": "Kvinnor", "Ålder": "85+"})
    assert small == {"period": "2024", "categories": {"Kön": "Kvinnor", "Ålder": "85+"}, "value": None, "n": None, "suppressed": "primary"}
    # The row and the column of the small cell each hide a second cell, so no subtraction reveals it.
    assert sum(1 for v in shown if v["suppressed"] and v["categories"].get("Kön") == "Kvinnor") >= 2
    assert sum(1 for v in shown if v["suppressed"] and v["categories"].get("Ålder") == "85+") >= 2


def test_an_unpublished_indicator_never_appears(client):
    _indicator("hemlig", published=False, rows=[({}, 1.0, 100)])
    identifiers = [i["identifier"] for i in all_items(client, "/api/v1/indicators")]
    assert "hemlig" not in identifiers


def test_reports_and_assessments_list_only_what_is_published(client, rounds):
    assert [r["round"] for r in get(client, "/api/v1/reports")["items"]] == [PUBLISHED]
    assert get(client, "/api/v1/reports")["items"][0]["pdf"].endswith(f"/helsingborg/reports/{PUBLISHED}/report.pdf")
    assert get(client, "/api/v1/assessments?municipality=helsingborg")["count"] == 0  # none published in the test data


def _more_examples(count):
    source = Example.objects.filter(measure_report__submission__round__identifier=PUBLISHED).first()
    for index in range(count):
        copy = Example.objects.create(measure_report=source.measure_report, title=f"Copy {index}", what_was_done="x", position=100 + index)
        copy.perspectives.set(source.perspectives.all())
        copy.related_measures.set(source.related_measures.all())


@pytest.mark.parametrize(
    "url",
    ["/api/v1/examples?page_size=100", f"/api/v1/rounds/{PUBLISHED}", f"/api/v1/documents/{EOP}", "/api/v1/indicators?page_size=100", "/api/v1/units?page_size=100"],
)
def test_queries_do_not_grow_with_the_number_of_rows(client, rounds, url):
    _indicator("a", rows=SEX_BY_AGE)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _more_examples(20)
    for index in range(5):
        _indicator(f"b{index}", rows=SEX_BY_AGE)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small), url


def test_the_openapi_description_and_its_page(client):
    schema = get(client, "/api/v1/openapi.json")
    assert schema["openapi"].startswith("3.1")
    assert {"/api/v1/municipalities", "/api/v1/documents/{identifier}", "/api/v1/examples", "/api/v1/indicators"} <= set(schema["paths"])
    for operations in schema["paths"].values():  # bad parameters and the rate limit are part of every contract
        for operation in operations.values():
            assert {"422", "429"} <= set(operation["responses"])
    assert get(client, "/api/v1/documents?page=366692558879336693760", 422)["detail"][0]["loc"] == ["query", "page"]
    assert get(client, "/api/v1/documents?kind=committee", 422)["detail"][0]["loc"] == ["query", "kind"]
    page = client.get("/api/v1/docs")
    assert page.status_code == 200 and b"swagger-ui" in page.content
    assert b'<html lang="sv">' in page.content and b"<h1>Lika API: " in page.content
    assert b'<html lang="en">' in client.get("/api/v1/docs", HTTP_ACCEPT_LANGUAGE="en").content
    bearer = schema["components"]["securitySchemes"]["TokenAuth"]
    assert bearer["scheme"] == "bearer" and "plan owner" in bearer["description"]
    token_paths = [path for path in schema["paths"] if path.startswith("/api/v1/integration/")]
    assert token_paths and all(op["security"] == [{"TokenAuth": []}] for path in token_paths for op in schema["paths"][path].values())


def test_the_rate_limit_answers_429_with_retry_after(client, settings):
    settings.LIKA_API_RATE_LIMIT = "3/m"
    assert [client.get("/api/v1/municipalities").status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get("/api/v1/municipalities")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert refused.json()["detail"]
    other = client.get("/api/v1/municipalities", REMOTE_ADDR="192.0.2.7")  # another address has its own count
    assert other.status_code == 200


def test_any_site_may_read_the_public_api_from_a_browser(client):
    response = client.get("/api/v1/municipalities", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/municipalities", HTTP_ORIGIN="https://example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 204 and "GET" in preflight["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Origin" not in client.get("/helsingborg/", HTTP_ORIGIN="https://example.org")
    assert "Access-Control-Allow-Origin" not in client.post("/api/v1/municipalities", HTTP_ORIGIN="https://example.org")
