"""Indicators: the plan's baseline figures on the node pages, imports, export, the small-cell threshold."""

import csv
import io
from pathlib import Path

import pytest

from lika.organisations.models import Municipality
from lika.statistics import actions, importers
from lika.statistics.demo import ensure_demo_statistics
from lika.statistics.models import Indicator, IndicatorValue, StatisticsSettings, small_cell_threshold

KOLADA = Path(__file__).resolve().parent / "data" / "external-data" / "kolada"
EOP = "/helsingborg/documents/helsingborg-lika-mojligheter-2022/nodes"


@pytest.fixture
def demo_statistics(db):
    ensure_demo_statistics()


def test_the_baseline_figures_are_loaded_with_their_source_and_links(demo_statistics):
    afraid = Indicator.objects.get(identifier="radda-att-ga-ut-ensamma-2021")
    assert afraid.published and afraid.unit == "%" and "Ramböll" in afraid.source
    assert afraid.values.get(categories={"Kön": "Kvinnor", "Ålder": "18-29"}).value == 58
    assert afraid.values.get(categories__Kön="Män", categories__Ålder="65-84").value == 27  # the JSON is queryable
    assert sorted(n.code for n in afraid.nodes.all()) == ["16", "3.1", "4.8"]
    abuse = Indicator.objects.get(identifier="krankande-behandling-3-man-2021")
    assert abuse.values.get(categories={"Födelseland": "Afrika"}).value == 36
    assert ensure_demo_statistics() == []  # a second run changes nothing


def test_published_indicators_show_on_the_public_node_page_with_chart_and_table(client, demo_statistics):
    html = client.get(f"{EOP}/4.8/").content.decode()
    assert "Andel som är rädda att gå ut ensamma, per kön och ålder" in html
    assert "<svg" in html and "<caption>Andel som är rädda" in html
    assert "Ramböll" in html
    assert "Andel som blivit utsatta för kränkande behandling" in html
    measure_16 = client.get(f"{EOP}/16/").content.decode()
    assert "utsatta för våld de senaste 12 månaderna" in measure_16 and "kränkande behandling" not in measure_16
    focus_area = client.get("/helsingborg/documents/helsingborg-livskvalitetsprogrammet-2025/nodes/3.1/").content.decode()
    assert "rädda att gå ut ensamma" in focus_area  # the programme's focus area Öka tryggheten


def test_an_unpublished_indicator_stays_off_the_public_pages(client, demo_statistics):
    Indicator.objects.filter(identifier="radda-att-ga-ut-ensamma-2021").update(published=False)
    html = client.get(f"{EOP}/4.8/").content.decode()
    assert "rädda att gå ut ensamma" not in html
    assert "kränkande behandling" in html


def test_node_page_queries_do_not_grow_with_indicators(client, demo_statistics, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        client.get(f"{EOP}/4.8/")


def test_an_imported_kolada_indicator_exports_as_open_sdg_csv(db):
    helsingborg = Municipality.objects.get(slug="helsingborg")
    tables = importers.read_kolada((KOLADA / "kolada_extract_helsingborg_halmstad_riket_long.csv").read_bytes(), municipalities=["1283"])
    table = next(t for t in tables if t.code == "N00206")
    indicator = actions.save_indicator(helsingborg, table, access=None)
    assert indicator.identifier == "n00206" and indicator.dimensions == ["Kön"]
    from lika.statistics.figures import open_sdg_csv

    rows = list(csv.DictReader(io.StringIO(open_sdg_csv(indicator))))
    assert {"Year": "2019", "Kön": "", "Value": "81.52548"} in rows
    assert {"Year": "2019", "Kön": "Kvinnor", "Value": "79.831224"} in rows
    with pytest.raises(actions.ActionRefused, match="n00206"):
        actions.save_indicator(helsingborg, table, access=None)
    actions.save_indicator(helsingborg, table, access=None, replace=True)
    assert IndicatorValue.objects.filter(indicator__identifier="n00206").count() == len(table.rows)


def test_the_small_cell_threshold_can_be_set_per_municipality(db, settings):
    helsingborg = Municipality.objects.get(slug="helsingborg")
    assert small_cell_threshold(helsingborg) == settings.LIKA_SMALL_CELL_THRESHOLD
    StatisticsSettings.objects.create(municipality=helsingborg, small_cell_threshold=10)
    assert small_cell_threshold(helsingborg) == 10


def test_the_analysts_open_sdg_download_leaves_out_small_cells_as_the_open_data_file_does(client_for):
    municipality = Municipality.objects.get(slug="helsingborg")
    indicator = Indicator.objects.create(municipality=municipality, identifier="trygghet", name_sv="Trygghet", dimensions=["Kön"])
    for position, (categories, value, n) in enumerate([({}, 60.0, 40), ({"Kön": "Kvinnor"}, 55.5, 37), ({"Kön": "Män"}, 99.5, 3)]):
        IndicatorValue.objects.create(indicator=indicator, period="2024", categories=categories, value=value, n=n, position=position)
    response = client_for("hbg-analytiker").get(f"/statistics/indicators/{indicator.pk}/download.opensdg.csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.splitlines()[0] == "Year,Kön,Value" and "2024,,60" in text
    assert "99.5" not in text and "55.5" not in text  # the small cell, and the one that would reveal it
