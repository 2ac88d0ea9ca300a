"""The live analysis of a round: each figure is a table, drawn as an SVG chart beside it.

The figures are declared in `figures` (a plain module); the page, the CSV and
the XLSX downloads here and the report to the city board all use them.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from lika.core.downloads import table_response
from lika.lib import svgchart

from .analysis_data import round_analysis, round_figures, round_words
from .figures import heatmap, heatmap_table
from .views import _crumbs, _round


def _analysis(request, identifier):
    round_, who = _round(request, identifier)
    if not who.can_analyse:
        raise Http404("no analysis for you")
    return round_, round_analysis(round_)


@login_required
def analysis(request, identifier):
    round_, analysed = _analysis(request, identifier)
    units, heat_rows = heatmap(analysed)
    result = analysed.result
    words = round_words(round_)  # "strategi" in a plan of strategies; once for the page and its figures
    names = {p.key: p.name for p in analysed.data.perspectives}
    return render(
        request,
        "followup/analysis.html",
        {
            "round": round_,
            **words,
            "analysed": analysed,
            "result": result,
            "figures": [(f, mark_safe(f.chart)) for f in round_figures(analysed, words)],  # noqa: S308 - svgchart escapes its input
            "heat_units": units,
            "heat_rows": heat_rows,
            "measures_without": result.measures_without_examples,
            "measures_few": result.measures_with_few_examples,
            "perspectives_without": [names[k] for k in result.perspectives_without_examples],
            "perspectives_few": [names[k] for k in result.perspectives_with_few_examples],
            "title": _("Analysis"),
            "breadcrumbs": _crumbs(round_, (_("Analysis"), None)),
        },
    )


@login_required
def download(request, identifier, figure, file_format):
    if file_format not in ("csv", "xlsx"):
        raise Http404("unknown format")
    round_, analysed = _analysis(request, identifier)
    if figure == "heatmap":
        table = heatmap_table(analysed, _, round_words(round_))
    else:
        table = next((f.table for f in round_figures(analysed) if f.slug == figure), None)
        if table is None:
            raise Http404("unknown figure")
    return table_response(table, f"{round_.identifier}-{figure}", file_format)


def download_url(round_, figure, file_format):
    return reverse("followup:analysis-download", args=[round_.identifier, figure, file_format])


@login_required
def periods(request, identifier):
    """A unit's or a perspective's examples in every round of every plan period of the round's plan."""
    from lika.organisations.models import OrganisationUnit
    from lika.reference.models import Perspective

    from .periods import across_periods

    round_, who = _round(request, identifier)
    if not who.can_analyse:
        raise Http404("no analysis for you")
    units = list(OrganisationUnit.objects.filter(municipality_id=round_.document.municipality_id).order_by("name_sv"))
    perspectives = list(Perspective.objects.order_by("position"))
    unit = next((u for u in units if u.key == request.GET.get("unit")), None)
    perspective = next((p for p in perspectives if p.key == request.GET.get("perspective")), None)
    rows = across_periods(round_.document, unit=unit, perspective=perspective)
    charts = []
    for chosen, attribute in ((unit, "unit_examples"), (perspective, "perspective_examples")):
        if chosen is not None:
            title = _("Examples of %(name)s per round") % {"name": chosen.name}
            charts.append(mark_safe(svgchart.bar_chart(  # noqa: S308 - svgchart escapes its input
                title=title, rows=[(row.round.title, getattr(row, attribute)) for row in rows], width=480)))
    heading = _("Across plan periods")
    return render(request, "followup/periods.html", {
        "round": round_, "rows": rows, "units": units, "perspectives": perspectives, "unit": unit,
        "perspective": perspective, "charts": charts, "title": heading,
        "breadcrumbs": _crumbs(round_, (_("Analysis"), reverse("followup:analysis", args=[round_.identifier])), (heading, None)),
    })
