"""The figures of the central support: learning events per kind, attendance per unit, units never
reached, mean evaluation. Plain data in and out (no Django): the report and the analysis page call
`support_figures` with what lika/support/figures_data.py read, and get text, tables and a chart."""

from collections.abc import Callable
from dataclasses import dataclass, field

from lika.documents.blocks import FigureInput, identity
from lika.lib import svgchart
from lika.lib.tables import Table


@dataclass(frozen=True)
class EventInput:
    title: str
    date: str  # ISO date
    kind: str  # the kind's key
    attendance: tuple[tuple[str, int, int], ...] = ()  # (unit key, registered, attended)
    scores: tuple[int, ...] = ()


@dataclass
class SupportFigures:
    events: int
    per_kind: list[tuple[str, int, int]]  # (kind label, events, attended)
    per_unit: list[tuple[str, int, int, int]]  # (unit name, events attended, people registered, people attended)
    never_reached: list[str]  # unit names
    mean_score: float | None
    evaluations: int
    figure: FigureInput | None = None
    tables: list[Table] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)


def support_figures(
    events: list[EventInput],
    units: list[tuple[str, str]],
    kinds: list[tuple[str, str]],
    _: Callable[[str], str] = identity,
) -> SupportFigures:
    """`units`: (key, name) of the units the plan reaches out to; `kinds`: (key, label) in order."""
    names = dict(units)
    per_kind = []
    for key, label in kinds:
        of_kind = [e for e in events if e.kind == key]
        per_kind.append((label, len(of_kind), sum(a for e in of_kind for _k, _r, a in e.attendance)))
    reached: dict[str, list[int]] = {}
    for event in events:
        for key, registered, attended in event.attendance:
            row = reached.setdefault(key, [0, 0, 0])
            row[0] += 1 if attended else 0
            row[1] += registered
            row[2] += attended
    per_unit = sorted(
        ((names.get(key, key), *values) for key, values in reached.items()), key=lambda row: (-row[3], row[0])
    )
    never = sorted(name for key, name in units if not reached.get(key, [0])[0])
    scores = [s for e in events for s in e.scores]
    mean = round(sum(scores) / len(scores), 1) if scores else None
    result = SupportFigures(
        events=len(events), per_kind=per_kind, per_unit=per_unit, never_reached=never,
        mean_score=mean, evaluations=len(scores),
    )
    _describe(result, _)
    return result


def _describe(result: SupportFigures, _) -> None:
    if not result.events:
        result.sentences.append(_("No learning event is recorded for the period."))
        return
    result.sentences.append(
        _("%(events)s learning events were held; %(people)s people from %(units)s units took part.")
        % {"events": result.events, "people": sum(row[3] for row in result.per_unit), "units": len([r for r in result.per_unit if r[1]])}
    )
    if result.mean_score is not None:
        result.sentences.append(
            _("The participants gave them %(mean)s on average on a scale of 1 to 5 (%(count)s evaluations).")
            % {"mean": f"{result.mean_score:.1f}".replace(".", ","), "count": result.evaluations}
        )
    if result.never_reached:
        result.sentences.append(
            _("%(count)s units took part in no event: %(names)s.") % {"count": len(result.never_reached), "names": ", ".join(result.never_reached)}
        )
    kinds = Table(title=_("Learning events per kind"), columns=[_("Kind"), _("Events"), _("People who attended")])
    kinds.rows = [[label, count, attended] for label, count, attended in result.per_kind]
    units = Table(
        title=_("Attendance per unit"),
        columns=[_("Unit"), _("Events attended"), _("People registered"), _("People who attended")],
    )
    units.rows = [list(row) for row in result.per_unit]
    result.tables = [kinds, units]
    title = _("Learning events per kind")
    rows = [(label, count) for label, count, _attended in result.per_kind]
    description = "; ".join(f"{label}: {count}" for label, count in rows)
    result.figure = FigureInput(
        title=title, description=description, svg=svgchart.bar_chart(title=title, rows=rows, description=description), table=kinds
    )
