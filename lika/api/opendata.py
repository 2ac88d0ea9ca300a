"""Open-data files (CSV and JSON per adopted document and published round, Open SDG CSV per
published indicator) and the DCAT-AP-SE catalogue that lists them (docs/open-data.md).

Everything here is public material only, read through the same functions as the API.
"""

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, SKOS

from lika.lib.tables import Table
from lika.statistics.figures import open_sdg_csv
from lika.statistics.models import Indicator
from lika.statistics.queries import thresholds

from .common import site_url
from .followup import public_examples, published_rounds, round_results
from .plans import document_data, public_documents

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
FREQUENCY = Namespace("http://publications.europa.eu/resource/authority/frequency/")
THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
MEDIA = {"csv": "text/csv", "json": "application/json"}

PLAN_COLUMNS = [
    ("document", "Identifier of the document."),
    ("code", "The node's code in the document (unique within it)."),
    ("parent_code", "Code of the node above; empty at the top."),
    ("depth", "1 at the top."),
    ("level_sv", "The document's name for nodes at this depth, Swedish."),
    ("level_en", "The same in English, where the document has it."),
    ("title_sv", "The node's text, Swedish (the original)."),
    ("title_en", "The node's text, English; empty where not translated."),
    ("is_measure", "true for the leaves units report on in the follow-up."),
    ("implementing_units", "Keys of the units that report on the measure, separated by '; '."),
    ("coordinating_units", "Keys of the units that coordinate the node, separated by '; '."),
    ("rules", "role:rule for responsibilities given by a rule such as all_departments, separated by '; '."),
    ("agenda_2030_goals", "Numbers of the Agenda 2030 goals, separated by '; '."),
    ("contributes_to", "document#code of the nodes of other documents it contributes to, separated by '; '."),
]
ROUND_COLUMNS = [
    ("round", "Identifier of the round."),
    ("measure", "Code of the measure."),
    ("area", "Code of the node above the measure."),
    ("title_sv", "The measure's text, Swedish."),
    ("not_started", "Submitted reports giving this status."),
    ("planned", "Submitted reports giving this status."),
    ("under_way", "Submitted reports giving this status."),
    ("ordinary_operations", "Submitted reports giving this status (part of ordinary operations)."),
    ("no_status", "Submitted reports giving no status."),
    ("approved_examples", "Examples approved by the coordinators."),
]
EXAMPLE_COLUMNS = [
    ("round", "Identifier of the round."),
    ("id", "The example's number in Lika (stable)."),
    ("unit", "Key of the unit that reported it."),
    ("unit_name", "The unit's Swedish name."),
    ("measure", "Code of the measure reported on."),
    ("related_measures", "Codes of other measures it relates to, separated by '; '."),
    ("title", "The example's title."),
    ("what_was_done", "What was done."),
    ("effects", "Effects, observed or expected."),
    ("effects_kind", "observed, expected or empty."),
    ("learning", "What was learnt."),
    ("perspectives", "Keys of the perspectives (discrimination grounds and others), separated by '; '."),
]


def _path(name: str, args) -> str:
    """A stable address: without the /en/ prefix whatever language the visitor reads in."""
    with translation.override("sv"):
        return reverse(name, args=args)


def _joined(items) -> str:
    return "; ".join(str(item) for item in items)


# --- Files ----------------------------------------------------------------------------


def plan_table(document) -> Table:
    data = document_data(document, "sv")
    english = {node.code: node.title_en for node in document.nodes.all()}
    levels_en = {level.depth: level.name_en for level in document.levels.all()}
    table = Table(title=document.identifier, columns=[name for name, _ in PLAN_COLUMNS])
    for node in data["nodes"]:
        rules = [f"{r['role']}:{r['rule']['key']}" for r in node["responsibilities"] if r["rule"]]
        coordinating = [r["unit"]["key"] for r in node["responsibilities"] if r["unit"] and r["role"] == "coordinates"]
        table.rows.append(
            [
                document.identifier, node["code"], node["parent"] or "", node["depth"], node["level"],
                levels_en.get(node["depth"], ""), node["title"], english.get(node["code"], ""),
                "true" if node["is_measure"] else "false",
                _joined(unit["key"] for unit in node["reporting_units"]), _joined(coordinating), _joined(rules),
                _joined(goal["number"] for goal in node["goals"]),
                _joined(f"{link['document']}#{link['code']}" for link in node["contributes_to"]),
            ]
        )
    return table


def plan_json(document) -> bytes:
    return _json({"sv": document_data(document, "sv"), "en": document_data(document, "en")})


def round_table(round_) -> Table:
    table = Table(title=round_.identifier, columns=[name for name, _ in ROUND_COLUMNS])
    for measure in round_results(round_, "sv")["measures"]:
        counts = measure["status_counts"]
        statuses = [counts.get(key, 0) for key in ("not_started", "planned", "under_way", "ordinary_operations", "")]
        table.rows.append([round_.identifier, measure["code"], measure["area"] or "", measure["title"], *statuses, measure["approved_examples"]])
    return table


def examples_table(round_) -> Table:
    table = Table(title=f"{round_.identifier}-examples", columns=[name for name, _ in EXAMPLE_COLUMNS])
    examples = (
        public_examples()
        .filter(measure_report__submission__round=round_)
        .select_related("measure_report__measure", "measure_report__submission__unit")
        .prefetch_related("perspectives", "related_measures")
        .order_by("measure_report__measure__position", "measure_report__submission__unit__name_sv", "position", "pk")
    )
    for example in examples:
        unit = example.measure_report.submission.unit
        table.rows.append(
            [
                round_.identifier, example.pk, unit.key, unit.name_sv, example.measure_report.measure.code,
                _joined(node.code for node in example.related_measures.all()), example.title, example.what_was_done,
                example.effects, example.effects_kind, example.learning, _joined(p.key for p in example.perspectives.all()),
            ]
        )
    return table


def round_json(round_) -> bytes:
    results = round_results(round_, "sv")
    examples = examples_table(round_)
    return _json(
        {
            "round": round_.identifier,
            "document": round_.document.identifier,
            "title": round_.title_sv,
            "period_start": round_.period_start,
            "period_end": round_.period_end,
            **results,
            "examples": [dict(zip(examples.columns, row, strict=True)) for row in examples.rows],
        }
    )


def indicator_csv(indicator: Indicator) -> bytes:
    """The Open SDG layout (Year, breakdowns, Value), small cells left out."""
    limit = thresholds([indicator.municipality_id])[indicator.municipality_id]
    return open_sdg_csv(indicator, limit).encode("utf-8")


def _json(data) -> bytes:
    def default(value):
        if isinstance(value, (date, datetime)):
            return value.isoformat()
        raise TypeError(type(value))

    return json.dumps(data, ensure_ascii=False, indent=2, default=default).encode("utf-8")


# --- The catalogue ----------------------------------------------------------------------


@dataclass
class Distribution:
    file_format: str  # csv or json
    path: str  # on this site; `url` is the full address
    title: str

    @property
    def url(self) -> str:
        return site_url(self.path)


@dataclass
class Dataset:
    key: str
    title: str
    description: str
    modified: date | None
    issued: date | None
    keywords: list[str]
    frequency: str  # an EU frequency code: IRREG, ANNUAL, ...
    landing_page: str
    distributions: list[Distribution] = field(default_factory=list)


def datasets(municipality) -> list[Dataset]:
    """Every dataset the municipality publishes, in a fixed number of queries."""
    slug = municipality.slug
    documents = public_documents().filter(municipality=municipality).order_by("identifier")
    rounds = published_rounds().filter(document__municipality=municipality).select_related("document").order_by("identifier")
    indicators = Indicator.objects.published().filter(municipality=municipality).order_by("identifier")
    return (
        [_plan_dataset(slug, document) for document in documents]
        + [_round_dataset(slug, round_) for round_ in rounds]
        + [_indicator_dataset(slug, indicator) for indicator in indicators]
    )


def _plan_dataset(slug: str, document) -> Dataset:
    url = _path("open-data-plan", args=[slug, document.identifier, "csv"])
    return Dataset(
        key=f"plan/{document.identifier}",
        title=document.title_sv,
        description=document.description_sv or document.title_sv,
        modified=document.adopted_on or document.valid_from,
        issued=document.adopted_on or document.valid_from,
        keywords=["lika möjligheter", "social hållbarhet", document.kind],
        frequency="IRREG",
        landing_page=site_url(f"/{slug}/{document.identifier}/"),
        distributions=[
            Distribution("csv", url, f"{document.title_sv} (CSV)"),
            Distribution("json", url[: -len("csv")] + "json", f"{document.title_sv} (JSON)"),
        ],
    )


def _round_dataset(slug: str, round_) -> Dataset:
    day = round_.published_at.date() if round_.published_at else round_.period_end
    base = _path("open-data-round", args=[slug, round_.identifier, "csv"])[: -len(".csv")]
    return Dataset(
        key=f"round/{round_.identifier}",
        title=f"{round_.document.title_sv}: {round_.title_sv}",
        description=f"Uppföljningens resultat per åtgärd och de godkända exemplen ({round_.period_start}–{round_.period_end}).",
        modified=day,
        issued=day,
        keywords=["uppföljning", "lika möjligheter"],
        frequency="ANNUAL",
        landing_page=site_url(f"/{slug}/reports/{round_.identifier}/"),
        distributions=[
            Distribution("csv", f"{base}.csv", f"{round_.title_sv}: resultat per åtgärd (CSV)"),
            Distribution("csv", f"{base}-examples.csv", f"{round_.title_sv}: exempel (CSV)"),
            Distribution("json", f"{base}.json", f"{round_.title_sv} (JSON)"),
        ],
    )


def _indicator_dataset(slug: str, indicator) -> Dataset:
    return Dataset(
        key=f"indicator/{indicator.identifier}",
        title=indicator.name_sv,
        description=indicator.description_sv or indicator.name_sv,
        modified=indicator.updated_at.date(),
        issued=None,
        keywords=["statistik", "indikator"],
        frequency="ANNUAL",
        landing_page=site_url(_path("open-data", args=[slug])),
        distributions=[
            Distribution("csv", _path("open-data-indicator", args=[slug, indicator.identifier]), f"{indicator.name_sv} (Open SDG CSV)")
        ],
    )


def catalogue(municipality, found: list[Dataset]) -> Graph:
    """The DCAT-AP-SE catalogue of the municipality's open data."""
    graph = Graph()
    for prefix, namespace in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("vcard", VCARD)):
        graph.bind(prefix, namespace)
    home = site_url(_path("open-data", args=[municipality.slug]))
    catalog = URIRef(home + "#catalog")
    publisher = URIRef(home + "#publisher")
    contact = URIRef(home + "#contact")
    licence = URIRef(settings.LIKA_OPEN_DATA_LICENCE_URL)
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(municipality.name, lang="sv")))
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, RDF.type, VCARD.Kind))
    graph.add((THEME.SOCI, RDF.type, SKOS.Concept))
    graph.add((THEME.SOCI, SKOS.prefLabel, Literal("Befolkning och samhälle", lang="sv")))
    graph.add((THEME.SOCI, SKOS.prefLabel, Literal("Population and society", lang="en")))
    graph.add((contact, VCARD.fn, Literal(municipality.name, lang="sv")))
    graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{settings.LIKA_OPEN_DATA_CONTACT}")))
    graph.add((licence, RDF.type, DCTERMS.LicenseDocument))
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal(f"{municipality.name}: planer och uppföljning för lika möjligheter", lang="sv")))
    graph.add((catalog, DCTERMS.description, Literal("Antagna styrdokument, publicerade uppföljningar och indikatorer ur Lika.", lang="sv")))
    graph.add((catalog, DCTERMS.publisher, publisher))
    graph.add((catalog, DCTERMS.license, licence))
    graph.add((catalog, DCTERMS.language, LANGUAGE.SWE))
    graph.add((LANGUAGE.SWE, RDF.type, DCTERMS.LinguisticSystem))
    graph.add((catalog, FOAF.homepage, URIRef(home)))
    graph.add((URIRef(home), RDF.type, FOAF.Document))
    for dataset in found:
        node = URIRef(f"{home}#{dataset.key}")
        graph.add((catalog, DCAT.dataset, node))
        _dataset(graph, node, dataset, publisher=publisher, contact=contact, licence=licence)
    return graph


def _dataset(graph: Graph, node: URIRef, dataset: Dataset, *, publisher, contact, licence) -> None:
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, DCTERMS.title, Literal(dataset.title, lang="sv")))
    graph.add((node, DCTERMS.description, Literal(dataset.description, lang="sv")))
    graph.add((node, DCTERMS.publisher, publisher))
    graph.add((node, DCAT.contactPoint, contact))
    graph.add((node, DCTERMS.accrualPeriodicity, FREQUENCY[dataset.frequency]))
    graph.add((node, DCAT.theme, THEME.SOCI))
    graph.add((FREQUENCY[dataset.frequency], RDF.type, DCTERMS.Frequency))
    graph.add((node, DCAT.landingPage, URIRef(dataset.landing_page)))
    graph.add((URIRef(dataset.landing_page), RDF.type, FOAF.Document))
    for keyword in dataset.keywords:
        graph.add((node, DCAT.keyword, Literal(keyword, lang="sv")))
    if dataset.modified:
        graph.add((node, DCTERMS.modified, Literal(dataset.modified.isoformat(), datatype=XSD.date)))
    if dataset.issued:
        graph.add((node, DCTERMS.issued, Literal(dataset.issued.isoformat(), datatype=XSD.date)))
    for item in dataset.distributions:
        distribution = URIRef(item.url)
        graph.add((node, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCTERMS.title, Literal(item.title, lang="sv")))
        graph.add((distribution, DCAT.accessURL, URIRef(item.url)))
        graph.add((distribution, DCAT.downloadURL, URIRef(item.url)))
        graph.add((distribution, DCTERMS.format, FILE_TYPE[item.file_format.upper()]))
        media_type = URIRef(f"http://www.iana.org/assignments/media-types/{MEDIA[item.file_format]}")
        graph.add((distribution, DCAT.mediaType, media_type))
        graph.add((media_type, RDF.type, DCTERMS.MediaType))
        graph.add((FILE_TYPE[item.file_format.upper()], RDF.type, DCTERMS.MediaTypeOrExtent))
        graph.add((distribution, DCTERMS.license, licence))
