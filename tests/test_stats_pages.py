"""The statistics pages as analysts, plan owners and everyone else see them."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from lika.statistics.demo import ensure_demo_statistics
from lika.statistics.models import Indicator, MicrodataFile

DATA = Path(__file__).parent / "data"
EXTERNAL = Path(__file__).resolve().parent / "data" / "external-data"


@pytest.fixture
def demo_statistics(db):
    ensure_demo_statistics()
    return MicrodataFile.objects.get(synthetic=True)


def test_only_analysts_and_plan_owners_reach_the_statistics_pages(client_for, demo_statistics):
    assert client_for("hbg-analytiker").get("/statistics/").status_code == 200
    assert client_for("hbg-agare").get("/statistics/").status_code == 200
    for user in ("hbg-soc", "hbg-lasare", "hbg-samordnare"):
        assert client_for(user).get("/statistics/").status_code == 404, user
    assert client_for(None).get("/statistics/").status_code == 302  # to the login page
    # Halmstad's plan owner does not see Helsingborg's microdata.
    assert client_for("hst-agare").get(f"/statistics/microdata/{demo_statistics.pk}/").status_code == 404


def test_the_nav_link_shows_for_analysts_only(client_for, demo_statistics):
    assert 'href="/statistics/"' in client_for("hbg-analytiker").get("/").content.decode()
    assert 'href="/statistics/"' not in client_for("hbg-soc").get("/").content.decode()


def test_the_index_lists_indicators_without_more_queries_per_row(client_for, demo_statistics, django_assert_max_num_queries):
    client = client_for("hbg-analytiker")
    with django_assert_max_num_queries(15):
        html = client.get("/statistics/").content.decode()
    assert "Andel som är rädda att gå ut ensamma" in html and "Syntetiska enkätsvar" in html


def test_indicator_page_with_chart_table_and_downloads(client_for, demo_statistics):
    client = client_for("hbg-analytiker")
    indicator = Indicator.objects.get(identifier="radda-att-ga-ut-ensamma-2021")
    html = client.get(f"/statistics/indicators/{indicator.pk}/").content.decode()
    assert "<svg" in html and "Kvinnor, 18-29" in html and "<caption>" in html
    response = client.get(f"/statistics/indicators/{indicator.pk}/download.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Period", "Kön", "Ålder", "Värde (%)")
    assert ("2021", "Kvinnor", "18-29", 58) in rows
    open_sdg = client.get(f"/statistics/indicators/{indicator.pk}/download.opensdg.csv").content.decode()
    assert open_sdg.splitlines()[0] == "Year,Kön,Ålder,Value" and "2021,Kvinnor,18-29,58" in open_sdg


def test_unpublishing_takes_the_indicator_off_the_node_page(client_for, client, demo_statistics):
    indicator = Indicator.objects.get(identifier="radda-att-ga-ut-ensamma-2021")
    client_for("hbg-analytiker").post(f"/statistics/indicators/{indicator.pk}/publish/", {"published": "false"})
    indicator.refresh_from_db()
    assert not indicator.published
    assert "rädda att gå ut ensamma" not in client.get("/helsingborg/documents/helsingborg-lika-mojligheter-2022/nodes/16/").content.decode()
    assert client_for("hbg-soc").post(f"/statistics/indicators/{indicator.pk}/publish/", {"published": "true"}).status_code == 404


def test_the_synthetic_survey_cross_tab_protects_small_groups(client_for, demo_statistics):
    client = client_for("hbg-analytiker")
    url = f"/statistics/microdata/{demo_statistics.pk}/"
    html = client.get(url).content.decode()
    assert "Syntetiska data" in html or "Synthetic data" in html
    html = client.get(url, {"by": ["sex", "age_band"], "value": "afraid_alone", "weight": "weight"}).content.decode()
    assert "<svg" in html and "Annan könsidentitet" in html
    assert "inte visas" in html or "not shown" in html or "–" in html
    # The download against a plain-Python count of the same made-up rows.
    from collections import Counter

    from lika.statistics.synthetic import synthetic_survey

    rows = synthetic_survey().to_dicts()
    n = Counter((r["sex"], r["district"]) for r in rows)
    yes = Counter((r["sex"], r["district"]) for r in rows if r["afraid_alone"])
    response = client.get(f"{url}table.csv", {"by": ["sex", "district"], "value": "afraid_alone"})
    lines = [line.split(",") for line in response.content.decode("utf-8-sig").splitlines()[1:]]
    small = shown = 0
    for sex, district, count, share, low, high, suppressed in lines:
        if "Totalt" in (sex, district):
            continue
        if n[(sex, district)] < 5:
            small += 1
            assert (count, share, low, high, suppressed) == ("", "", "", "", "ja")
        elif suppressed == "nej":
            shown += 1
            assert int(count) == n[(sex, district)]
            assert float(share) == round(100 * yes[(sex, district)] / n[(sex, district)], 1)
    assert small >= 1 and shown >= 15  # the small groups are there, and protected


def test_upload_a_csv_then_a_bad_file(client_for, db):
    client = client_for("hbg-agare")
    upload = io.BytesIO("sex,y\nK,1\nM,0\nK,0\n".encode())
    upload.name = "svar.csv"
    response = client.post("/statistics/microdata/upload/", {"file": upload, "name": "Enkät"})
    stored = MicrodataFile.objects.get(name="Enkät")
    assert response.status_code == 302 and stored.rows == 3 and stored.columns == ["sex", "y"]
    empty = io.BytesIO(b"")
    empty.name = "tom.csv"
    html = client.post("/statistics/microdata/upload/", {"file": empty}).content.decode()
    assert "errorlist" in html


def test_import_an_scb_table_in_the_browser(client_for, db):
    client = client_for("hbg-analytiker")
    with open(EXTERNAL / "pxweb_scb" / "scb_v1_TAB3554_medianinkomst_kon_jsonstat2.json", "rb") as handle:
        response = client.post("/statistics/import/", {"file": handle, "file_format": ""})
    indicator = Indicator.objects.get(identifier="tab3554")
    assert response.status_code == 302 and not indicator.published
    assert indicator.values.get(period="2020", categories={"kön": "män"}).value == 332.8


def test_representativeness_page_marks_the_missing_young_and_old(client_for, db):
    client = client_for("hbg-analytiker")
    with open(DATA / "stats_participants.csv", "rb") as p, open(DATA / "stats_population.csv", "rb") as q:
        html = client.post("/statistics/representativeness/", {"participants": p, "population": q, "by": "age_band"}).content.decode()
    assert "<strong>16-24</strong>" in html and "<strong>75+</strong>" in html and "<strong>25-44</strong>" not in html
    assert "<svg" in html


def test_plan_owners_set_the_threshold_and_indicator_links_in_the_admin(client_for, demo_statistics):
    html = client_for("hbg-agare").get("/admin/statistics/indicator/").content.decode()
    assert "radda-att-ga-ut-ensamma-2021" in html
    assert "radda-att-ga-ut-ensamma-2021" not in client_for("hst-agare").get("/admin/statistics/indicator/").content.decode()
    assert client_for("hbg-agare").get("/admin/statistics/statisticssettings/add/").status_code == 200


def test_groups_are_compared_with_a_chosen_reference_group(client_for, demo_statistics):
    client = client_for("hbg-analytiker")
    params = {"by": ["sex", "age_band"], "value": "afraid_alone", "reference": "sex=Man"}
    html = client.get(f"/statistics/microdata/{demo_statistics.pk}/", params).content.decode()
    assert "Each group against sex: Man" in html or "Varje grupp jämförd med sex: Man" in html
    assert "<th scope=\"row\">Kvinna, 25-44</th><td>Man, 25-44</td>" in html
