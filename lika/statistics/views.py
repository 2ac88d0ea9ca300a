"""Statistics pages: indicators, microdata cross-tabs and the representativeness check.

Analysts and plan owners of a municipality only; published indicators also
appear on the plan's node pages, for everyone. Computing a table is a GET
and changes nothing; uploads, imports and publishing are POSTs through the
actions.
"""

import io

import polars as pl
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lika.core.downloads import table_response
from lika.organisations.access import access_for
from lika.organisations.models import Municipality

from . import actions, engine, importers
from .figures import (
    open_sdg_csv,
    crosstab_chart,
    crosstab_table,
    indicator_figure,
    indicator_table,
    shown_indicator_values,
)
from .forms import (
    CrosstabForm,
    IndicatorImportForm,
    MicrodataUploadForm,
    RepresentativenessForm,
)
from .models import Indicator, MicrodataFile, small_cell_threshold


def _municipality(request):
    """The user's municipality, if they analyse statistics there; otherwise 404."""
    access = access_for(request.user)
    if access.municipality_id is None or not actions.can_analyse(access, access.municipality_id):
        raise Http404("no statistics for you")
    return Municipality.objects.get(pk=access.municipality_id), access


def _crumbs(*extra):
    return [(_("Statistics"), reverse("statistics:index")), *extra]


@login_required
def index(request):
    municipality, _access = _municipality(request)
    indicators = Indicator.objects.filter(municipality=municipality).prefetch_related("nodes__document")
    files = MicrodataFile.objects.filter(municipality=municipality).defer("data")
    return render(
        request,
        "statistics/index.html",
        {
            "indicators": indicators,
            "files": files,
            "threshold": small_cell_threshold(municipality),
            "title": _("Statistics"),
            "breadcrumbs": [(_("Statistics"), None)],
        },
    )


def _indicator(request, pk):
    municipality, access = _municipality(request)
    return get_object_or_404(Indicator.objects.prefetch_related("values", "nodes__document"), pk=pk, municipality=municipality), access


@login_required
def indicator(request, pk):
    found, _access = _indicator(request, pk)
    return render(
        request,
        "statistics/indicator.html",
        {"indicator": found, "figure": indicator_figure(found), "title": found.name, "breadcrumbs": _crumbs((found.name, None))},
    )


@login_required
def indicator_download(request, pk, file_format):
    found, _access = _indicator(request, pk)
    if file_format == "opensdg.csv":
        response = HttpResponse(open_sdg_csv(found).encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="indicator_{found.identifier}.csv"'
        return response
    if file_format not in ("csv", "xlsx"):
        raise Http404("unknown format")
    return table_response(indicator_table(found, shown_indicator_values(found)), found.identifier, file_format)


@login_required
@require_POST
def publish(request, pk):
    found, access = _indicator(request, pk)
    actions.set_published(found, request.POST.get("published") == "true", access=access)
    messages.success(request, _("The indicator is published.") if found.published else _("The indicator is no longer published."))
    return redirect("statistics:indicator", pk=found.pk)


@login_required
def import_indicator(request):
    municipality, access = _municipality(request)
    form = IndicatorImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        file_format = form.cleaned_data["file_format"] or importers.guess_format(data, upload.name)
        codes = [c.strip() for c in form.cleaned_data["municipalities"].split(",") if c.strip()]
        try:
            tables = importers.read_any(data, file_format=file_format, label=upload.name, municipalities=codes or None)
            saved = []
            for table in tables:
                if form.cleaned_data["name"] and len(tables) == 1:
                    table.name = form.cleaned_data["name"]
                saved.append(actions.save_indicator(municipality, table, access=access, source=form.cleaned_data["source"]))
        except (importers.ImportProblem, actions.ActionRefused) as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("Imported %(count)s indicators.") % {"count": len(saved)})
            return redirect("statistics:indicator", pk=saved[0].pk) if len(saved) == 1 else redirect("statistics:index")
    return render(
        request,
        "statistics/upload.html",
        {"form": form, "heading": _("Import an indicator"), "button": _("Import"), "title": _("Import an indicator"), "breadcrumbs": _crumbs((_("Import an indicator"), None))},
    )


@login_required
def upload(request):
    municipality, access = _municipality(request)
    form = MicrodataUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            stored = actions.store_microdata(
                municipality, name=form.cleaned_data["name"], data=upload_file.read(), filename=upload_file.name, access=access, user=request.user
            )
        except actions.ActionRefused as error:
            form.add_error("file", str(error))
        else:
            return redirect("statistics:microdata", pk=stored.pk)
    return render(
        request,
        "statistics/upload.html",
        {"form": form, "heading": _("Upload microdata"), "button": _("Upload"), "title": _("Upload microdata"), "breadcrumbs": _crumbs((_("Upload microdata"), None))},
    )


def _microdata(request, pk):
    municipality, access = _municipality(request)
    return get_object_or_404(MicrodataFile, pk=pk, municipality=municipality), municipality, access


def _crosstab(request, found, municipality):
    """The form and, when it is valid, the table (or the engine's message as a form error)."""
    form = CrosstabForm(request.GET or None, columns=found.columns)
    result = None
    if request.GET and form.is_valid():
        frame = pl.read_parquet(io.BytesIO(bytes(found.data)))
        try:
            result = engine.crosstab(
                frame,
                by=form.cleaned_data["by"],
                value=form.cleaned_data["value"],
                weight=form.cleaned_data["weight"] or None,
                min_cell=small_cell_threshold(municipality),
            )
        except engine.StatisticsError as error:
            form.add_error(None, str(error))
    return form, result


@login_required
def microdata(request, pk):
    found, municipality, _access = _microdata(request, pk)
    form, result = _crosstab(request, found, municipality)
    context = {"file": found, "form": form, "title": found.name, "breadcrumbs": _crumbs((found.name, None))}
    if result is not None:
        title = _("%(value)s by %(by)s") % {"value": result.value_column, "by": " × ".join(result.by)}
        reference = _reference(request.GET.get("reference", ""), result)
        found_gaps = engine.gaps(result, reference=reference)
        context.update(
            result=result,
            table=crosstab_table(result, title=title),
            chart=crosstab_chart(result, title=title),
            chart_title=title,
            gaps=[g for g in found_gaps["total"] if g.beyond_intervals],
            reference=reference,
            reference_value=request.GET.get("reference", ""),
            reference_gaps=found_gaps["reference"],
            reference_options=[(f"{column}={level}", f"{column}: {level}") for column in result.by for level in result.levels[column]],
            hidden_params=[(k, v) for k in ("by", "value", "weight") for v in request.GET.getlist(k)],
            query=request.GET.urlencode(),
            share=result.kind == "share",
        )
    return render(request, "statistics/microdata.html", context)


def _reference(text: str, result):
    """("sex", "Man") from "sex=Man", when it names a category of the table; else None."""
    column, _sep, level = text.partition("=")
    if column in result.by and level in result.levels[column]:
        return column, level
    return None


@login_required
def microdata_download(request, pk, file_format):
    if file_format not in ("csv", "xlsx"):
        raise Http404("unknown format")
    found, municipality, _access = _microdata(request, pk)
    form, result = _crosstab(request, found, municipality)
    if result is None:
        raise Http404("choose the breakdown first")
    title = _("%(value)s by %(by)s") % {"value": result.value_column, "by": " × ".join(result.by)}
    return table_response(crosstab_table(result, title=title), f"crosstab-{found.pk}", file_format)


@login_required
@require_POST
def delete_microdata(request, pk):
    found, _municipality_, access = _microdata(request, pk)
    actions.delete_microdata(found, access=access)
    messages.success(request, _("The microdata file is deleted."))
    return redirect("statistics:index")


@login_required
def representativeness(request):
    _municipality(request)
    form = RepresentativenessForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            participants = engine.read_microdata(form.cleaned_data["participants"].read(), filename=form.cleaned_data["participants"].name)
            population = engine.read_microdata(form.cleaned_data["population"].read(), filename=form.cleaned_data["population"].name)
            result = engine.representativeness(participants, population, by=form.cleaned_data["by"].strip())
        except engine.StatisticsError as error:
            form.add_error(None, str(error))
    figure = _representativeness_figure(result) if result else None
    return render(
        request,
        "statistics/representativeness.html",
        {"form": form, "result": result, "figure": figure, "title": _("Representativeness"), "breadcrumbs": _crumbs((_("Representativeness"), None))},
    )


def _representativeness_figure(result):
    from lika.lib import svgchart
    from lika.lib.tables import Table

    from .figures import Figure

    table = Table(
        title=_("Participants against the population, by %(by)s") % {"by": result.by},
        columns=[result.by, _("Participants"), _("Share of participants, %"), _("95 % interval"), _("Share of the population, %"), _("Ratio"), _("Under-represented"), _("More participants needed")],
    )
    rows, marked = [], set()
    for g in result.groups:
        table.rows.append([
            g.group, g.participants, round(g.participant_share * 100, 1),
            f"{g.ci_low * 100:.1f}–{g.ci_high * 100:.1f}", round(g.population_share * 100, 1),
            "" if g.ratio is None else round(g.ratio, 2), _("yes") if g.under_represented else _("no"), g.additional_needed,
        ])
        participants_label = _("%(group)s: participants") % {"group": g.group}
        rows += [(participants_label, round(g.participant_share * 100, 1)), (_("%(group)s: population") % {"group": g.group}, round(g.population_share * 100, 1))]
        if g.under_represented:
            marked.add(participants_label)
    table.rows.append([_("Total"), result.total_participants, 100, "", 100, 1, "", sum(g.additional_needed for g in result.groups)])
    chart = ""
    if len(rows) <= 40:
        chart = svgchart.bar_chart(
            title=table.title, rows=rows, value_format="{:g} %", max_value=100, highlight=marked,
            description=_("Share of participants and of the population in each group; under-represented groups are marked."),
            highlight_text=_("under-represented"),
        )
    from django.utils.safestring import mark_safe

    return Figure("representativeness", table.title, table, mark_safe(chart))  # noqa: S308 - svgchart escapes
