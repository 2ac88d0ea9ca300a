"""The public plan pages, as a visitor, a member and a member of another municipality see them."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from lika.plans.importing import import_plan
from lika.plans.models import SteeringDocument
from lika.plans.synthetic import synthetic_plan
from tests.conftest import EOP, HALMSTAD, QOL

pytestmark = pytest.mark.django_db
HBG = "/helsingborg"


def test_adopted_documents_are_readable_without_logging_in(client):
    response = client.get(f"{HBG}/documents/{EOP}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>" in html and "Plan för lika möjligheter 2022–2025" in html
    assert "8 Områden, 17 Åtgärder" in html


def test_english_pages_use_the_english_texts_and_mark_swedish_fallbacks(client):
    html = client.get(f"/en{HBG}/documents/{EOP}/").content.decode()
    assert '<html lang="en">' in html
    assert "Equal Opportunities Plan 2022–2025" in html
    assert "8 Areas, 17 Measures" in html
    # The programme has no English body text: the Swedish original is shown, marked as Swedish.
    html = client.get(f"/en{HBG}/documents/{QOL}/nodes/3.3/").content.decode()
    assert '<div class="prose" lang="sv">' in html


def test_a_draft_is_hidden_from_the_public_and_other_municipalities_but_shown_to_members(client_for):
    SteeringDocument.objects.filter(identifier=EOP).update(status="draft")
    url = f"{HBG}/documents/{EOP}/"
    assert client_for(None).get(url).status_code == 404
    assert client_for("hst-agare").get(url).status_code == 404
    assert client_for("hst-agare").get(f"{HBG}/documents/{EOP}/nodes/6/").status_code == 404
    assert client_for("hbg-lasare").get(url).status_code == 200
    assert EOP not in client_for(None).get(f"{HBG}/").content.decode()


def test_a_node_shows_who_is_responsible_and_what_it_contributes_to(client):
    html = client.get(f"{HBG}/documents/{EOP}/nodes/6/").content.decode()
    assert "Avdelningen för demokrati och juridik" in html
    assert "Kulturförvaltningen" in html
    # Upward: through its area 4.4 to the programme's focus areas and their goals.
    assert "Skapa ett mer robust samhälle" in html
    assert "Hållbara städer och samhällen" in html


def test_a_rule_shows_the_units_it_covers_today(client):
    html = client.get(f"{HBG}/documents/{EOP}/nodes/10/").content.decode()
    assert "Alla förvaltningar och kommunala bolag" in html or "All departments and municipal companies" in html
    assert "Täcker 14 enheter i dag" in html


def test_a_programme_focus_area_shows_what_contributes_to_it_with_the_plans_words(client):
    html = client.get(f"{HBG}/documents/{QOL}/nodes/3.3/").content.decode()
    assert "Verksamhetsstyrning" in html
    assert "stärka demokratin" in html


def test_the_unit_page_answers_what_are_we_responsible_for(client):
    html = client.get(f"{HBG}/units/stadsledningsforvaltningen/").content.decode()
    assert "Avdelningen för ekonomi och styrning" in html  # coordination through its division
    assert "genom: Alla förvaltningar" in html


def test_the_matrix_downloads_as_csv_and_xlsx_with_the_same_content(client):
    response = client.get(f"{HBG}/documents/{EOP}/matrix.csv")
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:2] == ["Kod", "Titel"] and "Socialförvaltningen" in header
    assert len(body) == 17
    measure_7 = dict(zip(header, next(row for row in body if row[0] == "7")))
    assert measure_7["Fastighetsförvaltningen"] == "Genomför, Samordnar"
    assert measure_7["Miljöförvaltningen"] == ""
    response = client.get(f"{HBG}/documents/{EOP}/matrix.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    xlsx_rows = [[cell if cell is not None else "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert xlsx_rows == rows


def test_the_traceability_view_goes_from_measure_to_focus_area_to_goal(client):
    html = client.get(f"{HBG}/documents/{EOP}/traceability/").content.decode()
    assert "Från plan till Agenda 2030" in html
    assert "2.3" in html and "Bekämpa klimatförändringarna" in html


def test_unknown_addresses_get_a_plain_not_found_page(client):
    response = client.get(f"{HBG}/documents/{EOP}/nodes/99/")
    assert response.status_code == 404
    assert "<h1>Sidan finns inte</h1>" in response.content.decode()
    assert client.get("/nowhere/").status_code == 404


def test_only_the_plan_owner_may_import_plans(client_for):
    url = f"{HBG}/import/"
    assert client_for(None).get(url).status_code == 302
    assert client_for("hbg-soc").get(url).status_code == 403
    assert client_for("hst-agare").get(url).status_code == 403
    assert client_for("hbg-agare").get(url).status_code == 200


def test_a_plan_owner_uploading_a_broken_file_sees_every_problem_and_nothing_changes(client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.test_planfile import MINIMAL

    bad = MINIMAL.replace("code: '9999'", "code: '1283'").replace("slug: testkommun", "slug: helsingborg")
    bad = bad.replace("name: Testkommun", "name: Helsingborgs stad").replace("unit: socialforvaltningen", "unit: okand")
    before = SteeringDocument.objects.count()
    response = client_for("hbg-agare").post(
        f"{HBG}/import/", {"file": SimpleUploadedFile("plan.yaml", bad.encode())}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Inget importerades" in html and "unknown unit &#x27;okand&#x27;" in html
    assert SteeringDocument.objects.count() == before


def test_a_plan_owner_cannot_import_another_municipalitys_plan(client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.test_planfile import MINIMAL

    response = client_for("hst-agare").post("/halmstad/import/", {"file": SimpleUploadedFile("p.yaml", MINIMAL.encode())})
    assert "filen gäller kommun 9999, inte Halmstads kommun" in response.content.decode()


def count_queries(client, url):
    # Django empties the query log when a request starts; begin from an empty log so none are lost.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_page_queries_do_not_grow_with_the_size_of_the_plan(client):
    small = import_plan(synthetic_plan(measures=10, units=6, identifier="small"), "small").document
    large = import_plan(synthetic_plan(measures=200, units=60, identifier="large"), "large").document
    for page in ("matrix/", "", "traceability/", "nodes/5/"):
        assert count_queries(client, f"/synthetic/documents/{small.identifier}/{page}") == count_queries(
            client, f"/synthetic/documents/{large.identifier}/{page}"
        ), page
    assert count_queries(client, "/synthetic/units/unit-001/") < 12


def test_halmstad_shows_its_own_level_names(client):
    html = client.get(f"/halmstad/documents/{HALMSTAD}/").content.decode()
    assert "3 Delar, 8 Ambitioner, 23 Strategier" in html
