"""Open-data files per plan, round and indicator, and the DCAT-AP-SE catalogue that lists them."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.utils import timezone
from rdflib import Graph
from rdflib.namespace import DCAT, DCTERMS, RDF

from lika.api.opendata import EXAMPLE_COLUMNS, PLAN_COLUMNS, ROUND_COLUMNS
from lika.organisations.models import Municipality
from lika.statistics.models import Indicator, IndicatorValue
from tests.conftest import EOP

pytestmark = pytest.mark.django_db
SHAPES = Path(__file__).parent / "data" / "dcat-ap"
PUBLISHED = "helsingborg-lika-2023"
OPEN = "helsingborg-lika-2025"


@pytest.fixture
def rounds(db):
    from lika.followup.demo import ensure_demo_rounds

    ensure_demo_rounds(timezone.localdate())


def rows(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def catalogue(client, slug="helsingborg", file_format="ttl"):
    response = client.get(f"/{slug}/data/catalog.{file_format}")
    assert response.status_code == 200
    graph = Graph()
    graph.parse(data=response.content.decode(), format={"ttl": "turtle", "rdf": "xml", "jsonld": "json-ld"}[file_format])
    return graph


def test_the_plan_file_has_the_documented_columns_and_the_17_measures(client):
    plan = rows(client.get(f"/helsingborg/data/plans/{EOP}.csv"))
    assert list(plan[0]) == [name for name, _ in PLAN_COLUMNS]
    measures = [row for row in plan if row["is_measure"] == "true"]
    assert len(measures) == 17 and all(row["implementing_units"] for row in measures)
    assert {row["level_sv"] for row in measures} == {"Åtgärd"} and {row["level_en"] for row in measures} == {"Measure"}
    assert all(row["contributes_to"] for row in plan if not row["parent_code"])
    data = json.loads(client.get(f"/helsingborg/data/plans/{EOP}.json").content)
    assert data["en"]["title"] == "Equal Opportunities Plan 2022–2025" and len(data["sv"]["nodes"]) == len(plan)


def test_a_draft_plan_has_no_file(client):
    from lika.plans.models import SteeringDocument

    SteeringDocument.objects.filter(identifier=EOP).update(status="draft")
    assert client.get(f"/helsingborg/data/plans/{EOP}.csv").status_code == 404
    assert client.get(f"/halmstad/data/plans/{EOP}.csv").status_code == 404  # another municipality's address


def test_the_published_round_has_its_results_and_examples_and_the_open_round_none(client, rounds):
    results = rows(client.get(f"/helsingborg/data/rounds/{PUBLISHED}.csv"))
    assert list(results[0]) == [name for name, _ in ROUND_COLUMNS] and len(results) == 17
    examples = rows(client.get(f"/helsingborg/data/rounds/{PUBLISHED}-examples.csv"))
    assert list(examples[0]) == [name for name, _ in EXAMPLE_COLUMNS] and len(examples) == 39
    assert sum(int(row["approved_examples"]) for row in results) == 39
    data = json.loads(client.get(f"/helsingborg/data/rounds/{PUBLISHED}.json").content)
    assert len(data["examples"]) == 39 and data["figures"]["total_examples"] == 39
    for address in (f"{OPEN}.csv", f"{OPEN}-examples.csv", f"{OPEN}.json", f"{PUBLISHED}.exe"):
        assert client.get(f"/helsingborg/data/rounds/{address}").status_code == 404, address


def test_the_indicator_file_leaves_out_small_cells(client):
    municipality = Municipality.objects.get(slug="helsingborg")
    indicator = Indicator.objects.create(municipality=municipality, identifier="trygghet", name_sv="Trygghet", dimensions=["Kön"], published=True)
    for position, (categories, value, n) in enumerate([({}, 60.0, 40), ({"Kön": "Kvinnor"}, 55.5, 37), ({"Kön": "Män"}, 99.5, 3)]):
        IndicatorValue.objects.create(indicator=indicator, period="2024", categories=categories, value=value, n=n, position=position)
    text = client.get("/helsingborg/data/indicators/trygghet.csv").content.decode("utf-8")
    assert text.splitlines()[0] == "Year,Kön,Value"
    assert "99.5" not in text and "55.5" not in text  # the small cell, and the one that would reveal it
    Indicator.objects.filter(pk=indicator.pk).update(published=False)
    assert client.get("/helsingborg/data/indicators/trygghet.csv").status_code == 404


def test_the_page_lists_every_dataset_and_every_download_works(client, rounds):
    assert 'href="/helsingborg/data/"' in client.get("/helsingborg/").content.decode()  # linked from the documents page
    page = client.get("/helsingborg/data/")
    html = page.content.decode()
    assert page.status_code == 200 and "Öppna data</h1>" in html and "catalog.ttl" in html
    graph = catalogue(client)
    urls = list(graph.objects(None, DCAT.downloadURL))
    assert len(list(graph.subjects(RDF.type, DCAT.Dataset))) >= 3 and urls
    for url in urls:
        path = str(url).split("://", 1)[1].split("/", 1)[1]
        assert f'href="/{path}"' in html
        assert client.get(f"/{path}").status_code == 200, path


def test_the_catalogue_conforms_to_dcat_ap_and_names_a_publisher_on_every_dataset(client, rounds):
    from pyshacl import validate

    graph = catalogue(client)
    shapes = Graph()
    for name in ("dcat-ap_2.1.1_shacl_shapes.ttl", "dcat-ap_2.1.1_shacl_range.ttl"):
        shapes.parse(SHAPES / name, format="turtle")
    conforms, _report, text = validate(graph, shacl_graph=shapes, inference="none", allow_warnings=True)
    assert conforms, text
    datasets = list(graph.subjects(RDF.type, DCAT.Dataset))
    for dataset in datasets:  # DCAT-AP-SE: publisher, and Lika's promise: licence, contact, frequency, date
        assert graph.value(dataset, DCTERMS.publisher) is not None
        assert graph.value(dataset, DCAT.contactPoint) is not None
        assert graph.value(dataset, DCTERMS.accrualPeriodicity) is not None
        assert graph.value(dataset, DCTERMS.modified) is not None
        for distribution in graph.objects(dataset, DCAT.distribution):
            assert str(graph.value(distribution, DCTERMS.license)) == "http://creativecommons.org/publicdomain/zero/1.0/"


def test_the_licence_is_configurable_and_the_catalogue_comes_in_rdf_xml_and_json_ld(client, settings):
    settings.LIKA_OPEN_DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
    for file_format in ("rdf", "jsonld"):
        graph = catalogue(client, file_format=file_format)
        licences = {str(o) for o in graph.objects(None, DCTERMS.license)}
        assert licences == {"https://creativecommons.org/licenses/by/4.0/"}
    assert client.get("/helsingborg/data/catalog.exe").status_code == 404
    assert client.get("/atlantis/data/catalog.ttl").status_code == 404


def test_an_example_title_written_as_a_formula_reaches_the_csv_as_inert_text(client, rounds):
    from lika.followup.models import Example

    example = Example.objects.filter(measure_report__submission__round__identifier=PUBLISHED).order_by("pk").first()
    Example.objects.filter(pk=example.pk).update(title='=HYPERLINK("http://evil.example","Klicka")')
    examples = rows(client.get(f"/helsingborg/data/rounds/{PUBLISHED}-examples.csv"))
    titles = {row["title"] for row in examples}
    assert "'=HYPERLINK(\"http://evil.example\",\"Klicka\")" in titles
    assert not any(title.startswith("=") for title in titles)
