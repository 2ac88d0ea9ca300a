"""The units × themes table for a year, compared with the year before, and the report's summary.

Two queries whatever the number of units: the plans of both years with their
scores (prefetched).
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from lika.documents.blocks import FigureInput
from lika.lib.tables import Table

from .models import BusinessPlan, LeafReading, ThemeScore, ThemeStatus

STATUS_MARK = {ThemeStatus.PRESENT: "●", ThemeStatus.MENTIONED: "◐", ThemeStatus.ABSENT: "○"}


@dataclass
class Cell:
    count: int
    status: str
    previous_count: int | None = None
    previous_status: str | None = None

    @property
    def change(self) -> str:
        """'newly present', 'now only in passing', 'no longer present', '+2', '−1' or '' (no plan the year before, or no change)."""
        if self.previous_status is None:
            return ""
        if self.status == ThemeStatus.PRESENT and self.previous_status != ThemeStatus.PRESENT:
            return _("newly present")
        if self.previous_status == ThemeStatus.PRESENT and self.status == ThemeStatus.MENTIONED:
            return _("now only in passing")
        if self.previous_status == ThemeStatus.PRESENT and self.status != ThemeStatus.PRESENT:
            return _("no longer present")
        diff = self.count - (self.previous_count or 0)
        return f"+{diff}" if diff > 0 else (f"−{-diff}" if diff < 0 else "")

    @property
    def mark(self) -> str:
        return STATUS_MARK.get(self.status, "")

    @property
    def status_label(self) -> str:
        return str(ThemeStatus(self.status).label)


@dataclass
class Row:
    unit: str
    plan_pk: int
    cells: list
    had_previous: bool

    @property
    def addressed(self) -> int:
        """The themes the plan takes up at all (present or in passing)."""
        return sum(1 for cell in self.cells if cell.status != ThemeStatus.ABSENT)

    @property
    def addressed_share(self) -> str:
        return f"{round(100 * self.addressed / len(self.cells))} %" if self.cells else "–"


@dataclass
class Comparison:
    year: int
    previous_year: int
    themes: list  # (key, name)
    rows: list = field(default_factory=list)
    totals: list = field(default_factory=list)  # per theme: (present, mentioned, absent, present the year before or None)
    previous_plans: int = 0


def _plans(municipality, year):
    return (
        BusinessPlan.objects.filter(municipality=municipality, year=year)
        .select_related("unit")
        .defer("pages", "passages", "empty_pages")
        .prefetch_related(Prefetch("scores", queryset=ThemeScore.objects.only("plan_id", "theme", "status", "passages")))
        .order_by("unit__name_sv")
    )


@dataclass(frozen=True)
class _Score:
    status: str
    passages: int


def _scores(plans: list, document) -> dict[int, dict[str, _Score]]:
    """Plan id -> theme key -> score: the vocabulary's (prefetched), or the reading against a
    document's leaves (one query)."""
    if document is None:
        return {plan.pk: {s.theme: _Score(s.status, s.passages) for s in plan.scores.all()} for plan in plans}
    result: dict[int, dict[str, _Score]] = {plan.pk: {} for plan in plans}
    for plan_id, scores in LeafReading.objects.filter(plan__in=plans, document=document).values_list("plan_id", "scores"):
        result[plan_id] = {key: _Score(status, count) for key, status, count, _heading in scores}
    return result


def year_comparison(municipality, year: int, vocabulary, language: str, document=None) -> Comparison:
    """Units × themes for a year. `vocabulary` gives the themes (anything with `.themes`, each with
    `.key` and `.label(language)`); with `document`, the scores are the readings against its leaves."""
    themes = [(t.key, t.label(language)) for t in vocabulary.themes]
    current = list(_plans(municipality, year))
    previous_year = year - 1
    previous = {p.unit_id: p for p in _plans(municipality, previous_year)}
    if not previous:
        earlier = BusinessPlan.objects.filter(municipality=municipality, year__lt=year).order_by("-year").values_list("year", flat=True).first()
        if earlier:
            previous_year = earlier
            previous = {p.unit_id: p for p in _plans(municipality, earlier)}
    comparison = Comparison(year, previous_year, themes, previous_plans=len(previous))
    scores = _scores(current + list(previous.values()), document)
    for plan in current:
        before = previous.get(plan.unit_id)
        comparison.rows.append(Row(plan.unit.name, plan.pk, _cells(themes, scores[plan.pk], scores[before.pk] if before else None), before is not None))
    for index, (key, _name) in enumerate(themes):
        column = [row.cells[index] for row in comparison.rows]
        present_before = sum(1 for p in previous.values() if _status(scores[p.pk], key) == ThemeStatus.PRESENT) if previous else None
        comparison.totals.append(
            (
                sum(1 for c in column if c.status == ThemeStatus.PRESENT),
                sum(1 for c in column if c.status == ThemeStatus.MENTIONED),
                sum(1 for c in column if c.status == ThemeStatus.ABSENT),
                present_before,
            )
        )
    return comparison


def _status(scores: dict, key: str) -> str:
    return scores[key].status if key in scores else ThemeStatus.ABSENT


def _cells(themes, now: dict, before: dict | None) -> list[Cell]:
    cells = []
    for key, _name in themes:
        score, old = now.get(key), (before or {}).get(key)
        cells.append(
            Cell(
                score.passages if score else 0,
                score.status if score else ThemeStatus.ABSENT,
                (old.passages if old else 0) if before is not None else None,
                (old.status if old else ThemeStatus.ABSENT) if before is not None else None,
            )
        )
    return cells


def comparison_table(comparison: Comparison) -> Table:
    """One row per unit and theme: passages, status, and the change from the year compared with."""
    table = Table(
        _("Business plans %(year)s, units and themes") % {"year": comparison.year},
        [
            _("Unit"),
            _("Theme"),
            _("Passages"),
            _("Status"),
            _("Passages %(year)s") % {"year": comparison.previous_year},
            _("Status %(year)s") % {"year": comparison.previous_year},
            _("Change"),
        ],
    )
    for row in comparison.rows:
        for (_key, name), cell in zip(comparison.themes, row.cells, strict=True):
            table.rows.append(
                [
                    row.unit,
                    name,
                    cell.count,
                    cell.status_label,
                    cell.previous_count,
                    str(ThemeStatus(cell.previous_status).label) if cell.previous_status else None,
                    str(cell.change),
                ]
            )
    return table


def coverage_table(comparison: Comparison) -> Table:
    """Per theme: how many plans have it present, in passing, absent; and present the year compared with."""
    table = Table(
        _("Themes in the business plans %(year)s") % {"year": comparison.year},
        [_("Theme"), _("Present"), _("Mentioned in passing"), _("Absent"), _("Present %(year)s") % {"year": comparison.previous_year}],
    )
    for (_key, name), (present, mentioned, absent, before) in zip(comparison.themes, comparison.totals, strict=True):
        table.rows.append([name, present, mentioned, absent, "–" if before is None else before])
    return table


def summary_sentences(comparison: Comparison) -> tuple[str, ...]:
    """A few sentences a report can include."""
    plans = len(comparison.rows)
    if not plans:
        return ()
    sentences = [_("%(plans)s business plans for %(year)s were read.") % {"plans": plans, "year": comparison.year}]
    ranked = sorted(zip(comparison.themes, comparison.totals, strict=True), key=lambda item: -item[1][0])
    strongest = [name for (_k, name), totals in ranked[:3] if totals[0]]
    if strongest:
        sentences.append(_("The themes present in most plans: %(themes)s.") % {"themes": ", ".join(strongest)})
    absent = [name for (_k, name), totals in ranked if totals[2] == plans]
    if absent:
        sentences.append(_("Absent from every plan: %(themes)s.") % {"themes": ", ".join(absent)})
    if comparison.previous_plans:
        rising = [name for (_k, name), t in zip(comparison.themes, comparison.totals, strict=True) if t[3] is not None and t[0] > t[3]]
        falling = [name for (_k, name), t in zip(comparison.themes, comparison.totals, strict=True) if t[3] is not None and t[0] < t[3]]
        if rising:
            sentences.append(_("Present in more plans than in %(year)s: %(themes)s.") % {"year": comparison.previous_year, "themes": ", ".join(rising)})
        if falling:
            sentences.append(_("Present in fewer plans than in %(year)s: %(themes)s.") % {"year": comparison.previous_year, "themes": ", ".join(falling)})
    return tuple(sentences)


@dataclass(frozen=True)
class YearSummary:
    """What the reading of a year's business plans found, for the follow-up report."""

    year: int
    sentences: tuple[str, ...]  # in the active language
    coverage: Table  # units × themes
    figure: FigureInput  # the coverage as a chart


def report_figures(municipality, year: int, language: str) -> YearSummary | None:
    """What the follow-up report says about the business plans of `year`, or None without any plans.

    Fixed text in the active language (the caller overrides it).
    """
    from lika.lib import svgchart

    from .models import vocabulary_for
    from .vocabulary import load_vocabulary

    if not BusinessPlan.objects.filter(municipality=municipality, year=year).exists():
        return None
    text, _version = vocabulary_for(municipality)
    comparison = year_comparison(municipality, year, load_vocabulary(text), language)
    coverage = coverage_table(comparison)
    title = _("Business plans in which a theme is present, %(year)s") % {"year": year}
    rows = [(name, totals[0]) for (_key, name), totals in zip(comparison.themes, comparison.totals, strict=True)]
    description = _("Bar chart: the number of the %(plans)s business plans in which each theme is present.") % {"plans": len(comparison.rows)}
    figure = FigureInput(
        title=title,
        description=description,
        svg=svgchart.bar_chart(title=title, rows=rows, description=description, max_value=max(1, len(comparison.rows))),
        table=coverage,
    )
    return YearSummary(year=year, sentences=summary_sentences(comparison), coverage=coverage, figure=figure)
