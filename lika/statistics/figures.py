"""Indicators and cross-tabs as tables with an SVG chart beside them (the pages, the downloads)."""

from dataclasses import dataclass

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from lika.lib import svgchart
from lika.lib.tables import Table

from .engine import TOTAL, CrossTab
from .importers import to_open_sdg_csv
from .models import Indicator, small_cell_threshold
from .queries import ShownValue, shown_values

MAX_BARS = 40


@dataclass
class Figure:
    slug: str
    title: str
    table: Table
    chart: str = ""
    note: str = ""
    source: str = ""


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",") if _swedish() else f"{value:g}"


def _swedish() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "sv").startswith("sv")


def _label(mapping: dict[str, str], dimensions: list[str]) -> str:
    return ", ".join(mapping[d] for d in dimensions if d in mapping) or _("All")


def indicator_table(indicator: Indicator, values=None) -> Table:
    """Every value: period, each breakdown (blank = all), value."""
    values = list(indicator.values.all()) if values is None else values
    dimensions = list(indicator.dimensions)
    unit = f" ({indicator.unit})" if indicator.unit else ""
    table = Table(title=indicator.name, columns=[_("Period"), *dimensions, _("Value") + unit])
    for v in values:
        table.rows.append([v.period, *(v.categories.get(d, "") for d in dimensions), v.value])
    return table


def shown_indicator_values(indicator: Indicator, threshold: int | None = None) -> list[ShownValue]:
    """The indicator's values with small cells hidden at the municipality's threshold (docs/small-cells.md)."""
    if threshold is None:
        threshold = small_cell_threshold(indicator.municipality_id)
    return shown_values(indicator.values.all(), list(indicator.dimensions), threshold)


def open_sdg_csv(indicator: Indicator, threshold: int | None = None) -> str:
    """The Open SDG layout (Year, breakdowns, Value) with small cells left out: the analysts'
    download and the open-data file are the same file."""
    shown = shown_indicator_values(indicator, threshold)
    rows = [(value.period, value.categories, value.value) for value in shown if value.value is not None]
    return to_open_sdg_csv(list(indicator.dimensions), rows)


def indicator_figure(indicator: Indicator, threshold: int | None = None) -> Figure:
    """The latest period as a bar chart, with the table of all periods; small cells are hidden in both."""
    values = shown_indicator_values(indicator, threshold)
    dimensions = list(indicator.dimensions)
    table = indicator_table(indicator, values)
    latest = max((v.period for v in values), default="")
    hidden = [v for v in values if v.suppressed]
    shown = [v for v in values if v.period == latest and not v.suppressed]
    chart, note = "", ""
    if hidden:
        note = _("%(count)s values are hidden (–) to protect small groups, with the values that would let them be worked out.") % {"count": len(hidden)}
    if len(shown) > MAX_BARS:
        note = " ".join([note, _("Too many values for one chart; the table has them all.")]).strip()
    elif shown and all(v.value >= 0 for v in shown):
        suffix = " %" if indicator.unit == "%" else ""
        chart = svgchart.bar_chart(
            title=f"{indicator.name} ({latest})",
            rows=[(_label(v.categories, dimensions), v.value) for v in shown],
            description=_("Source: %(source)s.") % {"source": indicator.source} if indicator.source else "",
            value_format="{:g}" + suffix,
            max_value=100 if indicator.unit == "%" else None,
        )
    return Figure(indicator.identifier, indicator.name, table, mark_safe(chart), note, indicator.source)  # noqa: S308 - svgchart escapes


def crosstab_table(result: CrossTab, *, title: str) -> Table:
    share = result.kind == "share"
    value_heading = _("Share, %") if share else _("Mean")
    table = Table(title=title, columns=[*result.by, "n", value_heading, _("95 % interval, low"), _("95 % interval, high"), _("Suppressed")])
    for c in result.cells:
        scale = 100 if share else 1
        shown = [None if x is None else round(x * scale, 1) for x in (c.value, c.ci_low, c.ci_high)]
        table.rows.append([*(_("Total") if level == TOTAL else level for level in c.levels), c.n, *shown, _("yes") if c.suppressed else _("no")])
    return table


def crosstab_chart(result: CrossTab, *, title: str) -> str:
    """Bars for the shown inner cells; suppressed cells are listed by name with no bar."""
    share = result.kind == "share"
    rows, hidden = [], []
    for c in result.cells:
        if c.is_margin and len(result.by) > 1:
            continue
        label = ", ".join(_("Total") if level == TOTAL else level for level in c.levels)
        if c.suppressed:
            hidden.append(label)
        elif c.value is not None and c.value >= 0:
            rows.append((label, round(c.value * 100, 1) if share else round(c.value, 2)))
    if len(rows) > MAX_BARS or not rows:
        return ""
    description = _("Suppressed to protect small groups: %(groups)s.") % {"groups": "; ".join(hidden)} if hidden else ""
    return mark_safe(  # noqa: S308 - svgchart escapes its input
        svgchart.bar_chart(title=title, rows=rows, description=description, value_format="{:g} %" if share else "{:g}", max_value=100 if share else None)
    )
