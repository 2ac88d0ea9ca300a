"""The figures of a round's analysis: each a table, drawn as an SVG chart beside it, without Django.

Every figure is declared once as a `Figure` (title, table, chart); the analysis
page, its CSV and XLSX downloads and the report to the city board are all made
from the same declaration. Fixed text goes through the `_` argument (Django's
gettext in the app), so this module needs no Django.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from lika.lib import svgchart
from lika.lib.tables import Table


@dataclass
class Figure:
    slug: str
    title: str
    table: Table
    chart: str = ""
    note: str = ""


def _identity(text: str) -> str:
    return text


def _percent(share: float) -> str:
    return f"{round(share * 100)} %"


def _delta(value):
    if value is None:
        return ""
    return f"{value:+d}" if isinstance(value, int) else f"{value * 100:+.0f} %-enh."


@dataclass(frozen=True)
class _Context:
    """What every figure reads: the analysis, its comparison with the last round, and the words."""

    analysed: object  # analysis_data.RoundAnalysis
    _: Callable[[str], str]
    status_labels: Mapping[str, str]
    words: Mapping[str, str]  # the plan's word for its items: item_words("strategi", "strategier")

    @property
    def result(self):
        return self.analysed.result

    @property
    def comparison(self):
        return self.analysed.comparison

    @property
    def with_previous(self) -> bool:
        return self.analysed.previous_result is not None

    def columns(self, *names: str) -> list[str]:
        return [*names, self._("Change since the last round")] if self.with_previous else list(names)

    def row(self, cells: list, change) -> list:
        return [*cells, _delta(change)] if self.with_previous else cells


def item_words(leaf: str = "measure", leaves: str = "measures") -> dict[str, str]:
    """The plan's word for its items, lower case and capitalised, for the texts' %(leaf)s, %(Leaves)s."""
    return {"leaf": leaf, "leaves": leaves, "Leaf": leaf[:1].upper() + leaf[1:], "Leaves": leaves[:1].upper() + leaves[1:]}


def figures(
    analysed, *, status_labels: Mapping[str, str], _: Callable[[str], str] = _identity, words: Mapping[str, str] | None = None
) -> list[Figure]:
    """The round's figures in the order the page and the report show them; `words` names the plan's
    items ("strategi" in a plan of strategies), "measure" when not given."""
    context = _Context(analysed, _, status_labels, words or item_words())
    return [
        _per_measure(context),
        _per_area(context),
        _per_unit(context),
        _per_perspective(context),
        _effects_learning(context),
        _statuses(context),
    ]


def _per_measure(c: _Context) -> Figure:
    _, result, w = c._, c.result, c.words
    titles = {m.code: m.title for m in c.analysed.data.measures}
    title = _("Examples per %(leaf)s") % w
    table = Table(title=title, columns=c.columns(w["Leaf"], _("Title"), _("Examples answering it"), _("Examples touching it")))
    for code, count in result.examples_per_measure.items():
        change = c.comparison.examples_per_measure.get(code, 0) if c.with_previous else None
        table.rows.append(c.row([code, titles[code], count, result.examples_touching_measure[code]], change))
    few = set(result.measures_without_examples) | set(result.measures_with_few_examples)
    chart = svgchart.bar_chart(
        title=title,
        rows=[(f"{w['Leaf']} {code}", count) for code, count in result.examples_touching_measure.items()],
        description=_("Examples that answer or relate to each %(leaf)s. %(Leaves)s with few or none are marked.") % w,
        highlight={f"{w['Leaf']} {code}" for code in few},
    )
    note = _("An example can relate to several %(leaves)s; the chart counts every %(leaf)s it touches.") % w
    return Figure("per-measure", title, table, chart, note)


def _per_area(c: _Context) -> Figure:
    _, result = c._, c.result
    table = Table(title=_("Examples per area"), columns=[_("Area"), _("Title"), _("Examples")])
    for code, count in result.examples_per_area.items():
        table.rows.append([code, result.area_titles.get(code, ""), count])
    chart = svgchart.bar_chart(
        title=_("Examples per area"),
        rows=[(f"{code} {result.area_titles.get(code, '')}", count) for code, count in result.examples_per_area.items()],
    )
    return Figure("per-area", _("Examples per area"), table, chart)


def _per_unit(c: _Context) -> Figure:
    _, result = c._, c.result
    names = {u.key: u.name for u in c.analysed.data.units}
    table = Table(title=_("Examples per unit"), columns=[_("Unit"), _("Examples")])
    for key, count in result.examples_per_unit.items():
        table.rows.append([names.get(key, key), count])
    chart = svgchart.bar_chart(title=_("Examples per unit"), rows=[(names.get(k, k), n) for k, n in result.examples_per_unit.items()])
    return Figure("per-unit", _("Examples per unit"), table, chart)


def _per_perspective(c: _Context) -> Figure:
    _, result = c._, c.result
    names = {p.key: p.name for p in c.analysed.data.perspectives}
    table = Table(title=_("Examples per perspective"), columns=c.columns(_("Perspective"), _("Examples")))
    for key, count in result.examples_per_perspective.items():
        change = c.comparison.examples_per_perspective.get(key, 0) if c.with_previous else None
        table.rows.append(c.row([names[key], count], change))
    table.rows.append([_("No perspective given"), result.examples_without_perspective] + ([""] if c.with_previous else []))
    few = set(result.perspectives_without_examples) | set(result.perspectives_with_few_examples)
    chart = svgchart.bar_chart(
        title=_("Examples per perspective"),
        rows=[(names[k], n) for k, n in result.examples_per_perspective.items()],
        description=_("The seven discrimination grounds, socioeconomic status and the rights of the child. Perspectives with few or no examples are marked."),
        highlight={names[k] for k in few},
    )
    note = _("%(count)s of %(total)s examples touch two or more perspectives (intersectional): %(share)s.") % {
        "count": result.intersectional,
        "total": result.total_examples,
        "share": _percent(result.share_intersectional),
    }
    return Figure("per-perspective", _("Examples per perspective"), table, chart, note)


def _effects_learning(c: _Context) -> Figure:
    _, result = c._, c.result
    table = Table(title=_("Effects, learning and intersectionality"), columns=c.columns(_("Share of examples"), _("Examples"), _("Share")))
    shares = [
        (_("describe effects"), result.with_effects, result.share_with_effects, "share_with_effects"),
        (_("describe learning"), result.with_learning, result.share_with_learning, "share_with_learning"),
        (_("are intersectional"), result.intersectional, result.share_intersectional, "share_intersectional"),
    ]
    for label, count, share, name in shares:
        change = getattr(c.comparison, name) if c.with_previous else None
        table.rows.append(c.row([label, count, _percent(share)], change))
    chart = svgchart.bar_chart(
        title=_("Share of examples, per cent"),
        rows=[(label, round(share * 100)) for label, _count, share, _name in shares],
        max_value=100,
        value_format="{:g} %",
    )
    return Figure("effects-learning", _("Effects, learning and intersectionality"), table, chart)


def _statuses(c: _Context) -> Figure:
    _, result, w = c._, c.result, c.words
    labels = c.status_labels
    title = _("Status per %(leaf)s") % w
    table = Table(title=title, columns=c.columns(_("Status"), _("%(Leaves)s × units") % w))
    for key, count in result.status_counts.items():
        change = c.comparison.status_counts.get(key, 0) if c.with_previous else None
        table.rows.append(c.row([str(labels[key]), count], change))
    chart = svgchart.stacked_share_bar(
        title=title,
        parts=[(str(labels[key]), count) for key, count in result.status_counts.items()],
        description=_("Each unit's status for each %(leaf)s it implements.") % w,
    )
    note = _("The aim is that the work becomes part of ordinary operations, not projects on the side.")
    return Figure("statuses", title, table, chart, note)


def heatmap(analysed):
    """Units across, measures down: (units, rows), each cell (count, missing, responsible)."""
    result = analysed.result
    names = {u.key: u.name for u in analysed.data.units}
    units = [(key, names[key]) for key in result.heatmap_units]
    rows = []
    for measure in analysed.data.measures:
        cells = []
        for key, _name in units:
            count = result.heatmap.get((measure.code, key), 0)
            cells.append((count, (measure.code, key) in result.missing_cells, key in analysed.data.responsible.get(measure.code, ())))
        rows.append((measure, cells))
    return units, rows


def heatmap_table(analysed, _: Callable[[str], str] = _identity, words: Mapping[str, str] | None = None) -> Table:
    units, rows = heatmap(analysed)
    w = words or item_words()
    table = Table(title=_("%(Leaves)s × units") % w, columns=[w["Leaf"], *[name for _key, name in units]])
    for measure, cells in rows:
        table.rows.append(
            [measure.code, *[(f"{count}" if not missing else _("0 (responsible)")) if responsible or count else "" for count, missing, responsible in cells]]
        )
    return table
