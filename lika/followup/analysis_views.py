"""The live analysis of a round: each figure is a table, drawn as an SVG chart beside it.

Every figure is declared once as a `Figure` (title, table, chart); the page,
the CSV and the XLSX downloads are all made from the same declaration.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from lika.core.downloads import table_response
from lika.lib import svgchart
from lika.lib.tables import Table

from .analysis_data import RoundAnalysis, round_analysis
from .models import MeasureStatus
from .views import _crumbs, _round


@dataclass
class Figure:
    slug: str
    title: str
    table: Table
    chart: str = ""
    note: str = ""


def _percent(share: float) -> str:
    return f"{round(share * 100)} %"


def _delta(value):
    if value is None:
        return ""
    return f"{value:+d}" if isinstance(value, int) else f"{value * 100:+.0f} %-enh."


def figures(analysed: RoundAnalysis) -> list[Figure]:
    result = analysed.result
    comparison = analysed.comparison
    data = analysed.data
    measure_titles = {m.code: m.title for m in data.measures}
    unit_names = {u.key: u.name for u in data.units}
    perspective_names = {p.key: p.name for p in data.perspectives}
    previous = analysed.previous_result
    with_previous = previous is not None
    found = []

    columns = [_("Measure"), _("Title"), _("Examples answering it"), _("Examples touching it")]
    if with_previous:
        columns.append(_("Change since the last round"))
    table = Table(title=_("Examples per measure"), columns=columns)
    for code, count in result.examples_per_measure.items():
        row = [code, measure_titles[code], count, result.examples_touching_measure[code]]
        if with_previous:
            row.append(_delta(comparison.examples_per_measure.get(code, 0)))
        table.rows.append(row)
    few = set(result.measures_without_examples) | set(result.measures_with_few_examples)
    found.append(
        Figure(
            "per-measure",
            _("Examples per measure"),
            table,
            svgchart.bar_chart(
                title=_("Examples per measure"),
                rows=[(f"{_('Measure')} {code}", count) for code, count in result.examples_touching_measure.items()],
                description=_("Examples that answer or relate to each measure. Measures with few or none are marked."),
                highlight={f"{_('Measure')} {code}" for code in few},
            ),
            _("An example can relate to more than one measure; the chart counts every measure it touches."),
        )
    )

    table = Table(title=_("Examples per area"), columns=[_("Area"), _("Title"), _("Examples")])
    for code, count in result.examples_per_area.items():
        table.rows.append([code, result.area_titles.get(code, ""), count])
    found.append(
        Figure(
            "per-area",
            _("Examples per area"),
            table,
            svgchart.bar_chart(
                title=_("Examples per area"),
                rows=[(f"{code} {result.area_titles.get(code, '')}", count) for code, count in result.examples_per_area.items()],
            ),
        )
    )

    table = Table(title=_("Examples per unit"), columns=[_("Unit"), _("Examples")])
    for key, count in result.examples_per_unit.items():
        table.rows.append([unit_names.get(key, key), count])
    found.append(
        Figure(
            "per-unit",
            _("Examples per unit"),
            table,
            svgchart.bar_chart(title=_("Examples per unit"), rows=[(unit_names.get(k, k), c) for k, c in result.examples_per_unit.items()]),
        )
    )

    columns = [_("Perspective"), _("Examples")]
    if with_previous:
        columns.append(_("Change since the last round"))
    table = Table(title=_("Examples per perspective"), columns=columns)
    for key, count in result.examples_per_perspective.items():
        row = [perspective_names[key], count]
        if with_previous:
            row.append(_delta(comparison.examples_per_perspective.get(key, 0)))
        table.rows.append(row)
    table.rows.append([_("No perspective given"), result.examples_without_perspective] + ([""] if with_previous else []))
    few_perspectives = set(result.perspectives_without_examples) | set(result.perspectives_with_few_examples)
    found.append(
        Figure(
            "per-perspective",
            _("Examples per perspective"),
            table,
            svgchart.bar_chart(
                title=_("Examples per perspective"),
                rows=[(perspective_names[k], c) for k, c in result.examples_per_perspective.items()],
                description=_("The seven discrimination grounds, socioeconomic status and the rights of the child. Perspectives with few or no examples are marked."),
                highlight={perspective_names[k] for k in few_perspectives},
            ),
            _("%(count)s of %(total)s examples touch two or more perspectives (intersectional): %(share)s.")
            % {"count": result.intersectional, "total": result.total_examples, "share": _percent(result.share_intersectional)},
        )
    )

    columns = [_("Share of examples"), _("Examples"), _("Share")]
    if with_previous:
        columns.append(_("Change since the last round"))
    table = Table(title=_("Effects, learning and intersectionality"), columns=columns)
    shares = [
        (_("describe effects"), result.with_effects, result.share_with_effects, "share_with_effects"),
        (_("describe learning"), result.with_learning, result.share_with_learning, "share_with_learning"),
        (_("are intersectional"), result.intersectional, result.share_intersectional, "share_intersectional"),
    ]
    for label, count, share, name in shares:
        row = [label, count, _percent(share)]
        if with_previous:
            row.append(_delta(getattr(comparison, name)))
        table.rows.append(row)
    found.append(
        Figure(
            "effects-learning",
            _("Effects, learning and intersectionality"),
            table,
            svgchart.bar_chart(
                title=_("Share of examples, per cent"),
                rows=[(label, round(share * 100)) for label, _count, share, _name in shares],
                max_value=100,
                value_format="{:g} %",
            ),
        )
    )

    labels = dict(MeasureStatus.choices) | {"not_reported": _("Not reported")}
    columns = [_("Status"), _("Measures × units")]
    if with_previous:
        columns.append(_("Change since the last round"))
    table = Table(title=_("Status of the measures"), columns=columns)
    for key, count in result.status_counts.items():
        row = [str(labels[key]), count]
        if with_previous:
            row.append(_delta(comparison.status_counts.get(key, 0)))
        table.rows.append(row)
    found.append(
        Figure(
            "statuses",
            _("Status of the measures"),
            table,
            svgchart.stacked_share_bar(
                title=_("Status of the measures"),
                parts=[(str(labels[key]), count) for key, count in result.status_counts.items()],
                description=_("Each unit's status for each measure it implements."),
            ),
            _("The aim is that measures become part of ordinary operations, not projects on the side."),
        )
    )
    return found


def heatmap(analysed: RoundAnalysis):
    result = analysed.result
    units = [(key, {u.key: u.name for u in analysed.data.units}[key]) for key in result.heatmap_units]
    rows = []
    for measure in analysed.data.measures:
        cells = []
        for key, _name in units:
            count = result.heatmap.get((measure.code, key), 0)
            cells.append((count, (measure.code, key) in result.missing_cells, key in analysed.data.responsible.get(measure.code, ())))
        rows.append((measure, cells))
    return units, rows


def heatmap_table(analysed: RoundAnalysis) -> Table:
    units, rows = heatmap(analysed)
    table = Table(title=_("Measures × units"), columns=[_("Measure"), *[name for _key, name in units]])
    for measure, cells in rows:
        table.rows.append([measure.code, *[(f"{count}" if not missing else _("0 (responsible)")) if responsible or count else "" for count, missing, responsible in cells]])
    return table


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
    names = {p.key: p.name for p in analysed.data.perspectives}
    return render(
        request,
        "followup/analysis.html",
        {
            "round": round_,
            "analysed": analysed,
            "result": result,
            "figures": [(f, mark_safe(f.chart)) for f in figures(analysed)],  # noqa: S308 - svgchart escapes its input
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
        table = heatmap_table(analysed)
    else:
        table = next((f.table for f in figures(analysed) if f.slug == figure), None)
        if table is None:
            raise Http404("unknown figure")
    return table_response(table, f"{round_.identifier}-{figure}", file_format)


def download_url(round_, figure, file_format):
    return reverse("followup:analysis-download", args=[round_.identifier, figure, file_format])
