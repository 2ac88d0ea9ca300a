"""A programme's follow-up, rolled up from the plans under it, as a report document, without Django.

A programme such as Helsingborg's Quality of Life Programme is not followed up
on its own: the plans that contribute to its focus areas are. For each focus
area this lists the plan measures that contribute to it (through their area or
themselves) and each measure's status in the latest follow-up of its plan, so
the programme's follow-up is fed by the plans' follow-ups. The result is a
`ReportDocument`, so the web page, the PDF and the DOCX all come from
the renderers the round report uses.

Fixed text goes through the `_` argument, as in `layout`.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from lika.documents.blocks import (
    Contents,
    DocumentBuilder,
    Facts,
    FigureInput,
    Heading,
    Paragraph,
    ReportDocument,
    anchor_slug,
    clean,
    identity,
)
from lika.lib import svgchart
from lika.lib.tables import Table

from .planreading import short_item


@dataclass(frozen=True)
class MeasureFollowUp:
    plan: str
    code: str
    title: str
    round_title: str  # '' when no follow-up of the plan has reported on the measure
    units_responsible: int
    units_reported: int
    status_counts: Mapping[str, int]  # status key -> units that gave it
    examples: int


@dataclass(frozen=True)
class Contribution:
    """A node of a plan that contributes to a programme node, in the plan's own words."""

    plan: str
    node: str  # the contributing node, e.g. "4.3 Demokrati och inflytande"
    as_stated: str


@dataclass(frozen=True)
class ProgrammeNode:
    code: str
    title: str
    depth: int  # the smallest depth is the top level (an intention)
    goals: tuple[str, ...]  # Agenda 2030 goals, as "5 Jämställdhet"
    contributions: tuple[Contribution, ...]
    measures: tuple[MeasureFollowUp, ...]
    is_leaf: bool


@dataclass(frozen=True)
class RollupInputs:
    municipality: str
    programme_title: str
    date: str
    language: str
    nodes: tuple[ProgrammeNode, ...]  # in document order
    statuses: tuple[tuple[str, str], ...]  # (key, label) in the order of progress
    leaf_level: str  # the programme's name for its leaves, e.g. "Fokusområde"
    published_only: bool
    content_language: str = ""


def build(inputs: RollupInputs, _: Callable[[str], str] = identity) -> ReportDocument:
    b = DocumentBuilder(_)
    blocks = b.blocks
    blocks.append(Contents(_("Contents")))
    leaves = [node for node in inputs.nodes if node.is_leaf]
    _about(blocks, inputs, leaves, _)
    return _finish(b, inputs, leaves)


def _about(blocks: list, inputs: RollupInputs, leaves: list[ProgrammeNode], _: Callable[[str], str]) -> None:
    """How the programme is followed up, what is counted, and how much of the programme the plans cover."""
    with_measures = [node for node in leaves if node.measures]
    all_measures = {(m.plan, m.code): m for node in inputs.nodes for m in node.measures}
    followed_up = [m for m in all_measures.values() if m.round_title]

    # No chapter numbers of our own: the programme's codes are its own numbering (Helsingborg's start at 2).
    blocks.append(Heading(1, _("About this follow-up"), "about"))
    blocks.append(
        Paragraph(
            _("The programme is followed up through the plans that contribute to it. For each part of the programme "
              "the tables list the plan measures that contribute to it, through their area or themselves, and each "
              "measure's status in the latest follow-up of its plan: how many of the responsible units gave each status.")
        )
    )
    blocks.append(
        Paragraph(
            _("Only published follow-ups are counted.")
            if inputs.published_only
            else _("Follow-ups still open or not yet published are counted too; drafts are not."),
            style="note",
        )
    )
    blocks.append(
        Paragraph(
            _("%(with)s of %(leaves)s parts of the programme have plan measures that contribute to them: %(measures)s "
              "measures in all, of which %(followed)s have been followed up.")
            % {
                "with": len(with_measures),
                "leaves": len(leaves),
                "measures": len(all_measures),
                "followed": len(followed_up),
            }
        )
    )
    without = [node for node in leaves if not node.measures]
    if without:
        blocks.append(
            Paragraph(
                _("Without any contributing plan measure: %(list)s.")
                # Semicolons, and titles without their closing full stop: no doubled punctuation.
                % {"list": "; ".join(short_item(n.code, n.title) for n in without)},
                style="missing",
            )
        )


def _finish(b, inputs: RollupInputs, leaves: list[ProgrammeNode]):
    """The status figure, a section per programme node, and the document around all the blocks."""
    _ = b._
    blocks = b.blocks
    b.figure(_status_figure(inputs, leaves, _))

    top = min((node.depth for node in inputs.nodes), default=0)
    for node in inputs.nodes:
        _node_section(b, node, inputs, top_level=node.depth == top)

    return ReportDocument(
        title=clean(inputs.programme_title),
        subtitle=_("Follow-up of the programme through its plans"),
        municipality=clean(inputs.municipality),
        case_number="",
        date=inputs.date,
        language=inputs.language,
        blocks=tuple(blocks),
        labels={
            "page": _("Page"),
            "case_number": _("Case number"),
            "contents": _("Contents"),
            "figure_data": _("The figures in the chart"),
            "update_contents": _("Update the table of contents in Word: right-click it and choose Update Field."),
        },
    )


def _status_figure(inputs: RollupInputs, leaves: list[ProgrammeNode], _) -> FigureInput:
    """Per part of the programme: how far the contributing measures have come, counted in units × measures."""
    labels = dict(inputs.statuses)
    table = Table(
        title=_("Status of the contributing measures per part of the programme"),
        columns=[inputs.leaf_level or _("Part"), _("Measures"), *labels.values(), _("Not reported")],
    )
    rows = []
    for node in leaves:
        counts = _sum_counts(node.measures, labels)
        not_reported = sum(m.units_responsible for m in node.measures) - sum(counts.values())
        table.rows.append([clean(f"{node.code} {node.title}"), len(node.measures), *counts.values(), max(not_reported, 0)])
        done = counts.get(inputs.statuses[-1][0], 0) if inputs.statuses else 0
        rows.append((clean(node.code), done))
    last = inputs.statuses[-1][1] if inputs.statuses else ""
    chart = svgchart.bar_chart(
        title=_("Units × measures that are part of ordinary operations"),
        rows=rows,
        description=_("Per part of the programme, how many responsible units report a contributing measure as: %(status)s.")
        % {"status": last},
    )
    return FigureInput(
        title=_("Status of the contributing measures per part of the programme"),
        description=_("Per part of the programme, how many responsible units report a contributing measure as: %(status)s.")
        % {"status": last},
        svg=chart,
        table=table,
        note=_("The table gives every status; a unit responsible for several contributing measures counts once per measure."),
    )


def _sum_counts(measures, labels: Mapping[str, str]) -> dict[str, int]:
    return {key: sum(m.status_counts.get(key, 0) for m in measures) for key in labels}


def _node_section(b: DocumentBuilder, node: ProgrammeNode, inputs: RollupInputs, *, top_level: bool) -> None:
    _ = b._
    title = clean(f"{node.code} {node.title}".strip())
    anchor = f"node-{anchor_slug(node.code)}"
    if top_level:
        b.blocks.append(Heading(1, title, anchor))
    else:
        b.blocks.append(Heading(2, title, anchor))
    if node.goals:
        b.blocks.append(Paragraph(_("Agenda 2030: %(goals)s") % {"goals": ", ".join(clean(g) for g in node.goals)}, style="note"))
    if not node.is_leaf and not node.contributions:
        return
    language = inputs.content_language if inputs.content_language != inputs.language else ""
    if node.contributions:
        b.blocks.append(
            Facts(
                tuple(
                    (
                        clean(c.plan),
                        _("%(node)s (as the plan puts it: %(words)s)") % {"node": clean(c.node), "words": clean(c.as_stated)}
                        if c.as_stated
                        else clean(c.node),
                    )
                    for c in node.contributions
                ),
                language=language,
            )
        )
    if not node.measures:
        b.blocks.append(Paragraph(_("No plan measure contributes to this part of the programme yet."), style="missing"))
        return
    labels = dict(inputs.statuses)
    several_plans = len({m.plan for m in node.measures}) > 1
    table = Table(
        title=_("Contributing measures: %(node)s") % {"node": title},
        columns=[
            *([_("Plan")] if several_plans else []),
            _("Measure"),
            _("Latest follow-up"),
            _("Units reported / responsible"),
            *labels.values(),
            _("Examples"),
        ],
    )
    for measure in node.measures:
        plan = [measure.plan] if several_plans else []
        if measure.round_title:
            counts = [measure.status_counts.get(key, 0) for key in labels]
            table.rows.append(
                [
                    *plan,
                    f"{measure.code} {measure.title}",
                    measure.round_title,
                    f"{measure.units_reported} / {measure.units_responsible}",
                    *counts,
                    measure.examples,
                ]
            )
        else:
            table.rows.append(
                [*plan, f"{measure.code} {measure.title}", _("Not followed up yet"), f"0 / {measure.units_responsible}", *["–"] * len(labels), "–"]
            )
    b.blocks.append(b.table(table))
