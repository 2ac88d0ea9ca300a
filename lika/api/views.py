"""The open-data page of a municipality, its files and its DCAT-AP-SE catalogue: public, no login."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lika.lib.tables import to_csv
from lika.organisations.models import Municipality
from lika.statistics.models import Indicator

from . import opendata
from .followup import published_rounds
from .plans import public_documents

CATALOGUE_FORMATS = {"ttl": ("turtle", "text/turtle"), "rdf": ("xml", "application/rdf+xml"), "jsonld": ("json-ld", "application/ld+json")}


def _file(content: bytes, name: str, file_format: str) -> HttpResponse:
    content_type = {"csv": "text/csv; charset=utf-8", "json": "application/json"}[file_format]
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def open_data(request, municipality):
    found = get_object_or_404(Municipality, slug=municipality)
    return render(
        request,
        "api/open_data.html",
        {
            "municipality": found,
            "datasets": opendata.datasets(found),
            "catalogue": reverse("open-data-catalogue", args=[found.slug, "ttl"]),
            "licence": settings.LIKA_OPEN_DATA_LICENCE,
            "licence_url": settings.LIKA_OPEN_DATA_LICENCE_URL,
            "title": _("Open data"),
            "breadcrumbs": [(found.name, reverse("plans:documents", args=[found.slug])), (_("Open data"), None)],
        },
    )


def plan_file(request, municipality, identifier, file_format):
    document = get_object_or_404(public_documents(), municipality__slug=municipality, identifier=identifier)
    if file_format == "csv":
        return _file(to_csv(opendata.plan_table(document)), document.identifier, "csv")
    if file_format == "json":
        return _file(opendata.plan_json(document), document.identifier, "json")
    raise Http404("unknown format")


def round_file(request, municipality, identifier, file_format):
    examples = identifier.endswith("-examples") and file_format == "csv"
    identifier = identifier.removesuffix("-examples") if examples else identifier
    round_ = get_object_or_404(published_rounds().select_related("document"), document__municipality__slug=municipality, identifier=identifier)
    if examples:
        return _file(to_csv(opendata.examples_table(round_)), f"{round_.identifier}-examples", "csv")
    if file_format == "csv":
        return _file(to_csv(opendata.round_table(round_)), round_.identifier, "csv")
    if file_format == "json":
        return _file(opendata.round_json(round_), round_.identifier, "json")
    raise Http404("unknown format")


def indicator_file(request, municipality, identifier):
    indicator = get_object_or_404(Indicator.objects.published().select_related("municipality"), municipality__slug=municipality, identifier=identifier)
    return _file(opendata.indicator_csv(indicator), f"indicator_{indicator.identifier}", "csv")


def catalogue(request, municipality, file_format):
    if file_format not in CATALOGUE_FORMATS:
        raise Http404("unknown format")
    found = get_object_or_404(Municipality, slug=municipality)
    rdf_format, content_type = CATALOGUE_FORMATS[file_format]
    graph = opendata.catalogue(found, opendata.datasets(found))
    response = HttpResponse(graph.serialize(format=rdf_format).encode("utf-8"), content_type=f"{content_type}; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response
