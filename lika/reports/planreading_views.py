"""The follow-up of a plan through the units' business plans: the report page and its files.
Analysts and plan owners of the plan's municipality only (others get 404)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from lika.organisations.access import access_for, can_analyse
from lika.plans.models import SteeringDocument
from lika.textanalysis.actions import bring_readings_up_to_date
from lika.textanalysis.models import LeafReading

from .planreading_data import build_reading_report
from .report_data import FORMATS, render_document


def _analysable(request, identifier) -> SteeringDocument:
    document = get_object_or_404(SteeringDocument.objects.select_related("municipality"), identifier=identifier)
    if not can_analyse(access_for(request.user), document.municipality):
        raise Http404("no business-plan follow-up for you")
    return document


def _require_reading(document: SteeringDocument, year: int) -> None:
    bring_readings_up_to_date(document)  # a plan adopted or changed after the business plans were stored
    if not LeafReading.objects.filter(document=document, plan__year=year).exists():
        raise Http404("no business plans read that year")


def _no_items(request, document):
    """A plan with no items has nothing to read the business plans against: say so, and how to fix it."""
    title = _("The plan has no measures or strategies to read the business plans against")
    return render(
        request,
        "reports/reading_nothing.html",
        {
            "document": document,
            "title": title,
            "can_add": access_for(request.user).is_plan_owner(document.municipality),
            "breadcrumbs": [(_("Business-plan analysis"), reverse("textanalysis:index")), (title, None)],
        },
    )


@login_required
def reading_report(request, identifier, year):
    document = _analysable(request, identifier)
    if not document.nodes.exists():
        return _no_items(request, document)
    _require_reading(document, year)
    report = build_reading_report(document, year, translation.get_language())
    return render(
        request,
        "reports/reading_report.html",
        {
            "document": document,
            "year": year,
            "report": report,
            "title": report.title,
            "breadcrumbs": [
                (_("Business-plan analysis"), reverse("textanalysis:index")),
                (report.title, None),
            ],
        },
    )


@login_required
def reading_report_download(request, identifier, year, file_format):
    if file_format not in FORMATS:
        raise Http404("unknown format")
    document = _analysable(request, identifier)
    _require_reading(document, year)
    language = translation.get_language()
    content = render_document(build_reading_report(document, year, language), file_format)
    response = HttpResponse(content, content_type=FORMATS[file_format])
    disposition = "inline" if file_format == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{document.identifier}-business-plans-{year}-{language}.{file_format}"'
    return response
