"""The follow-up of a plan through the units' business plans, as a report document, without Django.

Plans such as Halmstad's are followed up "within ordinary business follow-up": every committee
takes the plan into account in its business plan, and the follow-up asks which strategies the
business plans take up, where, and which none does. This builds that report from the reading of
the business plans against the plan's own items (textanalysis.leafreading): per part and item,
the units whose plans take it up, quoted; the items no plan takes up; and the change from the
year before. The result is a `ReportDocument`, so the page, the PDF and the DOCX come from the
renderers the round report uses. Fixed text goes through the `_` argument, as in `layout`.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from lika.documents.blocks import (
    Contents,
    DocumentBuilder,
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

PRESENT, MENTIONED = "present", "mentioned"
QUOTE_LENGTH = 280
SHORT_TITLE = 60  # an item's title in a running list: enough to recognise it, short enough to read the list
# Words a title cut short should not end on ("… delaktigheten i …").
_DANGLING = frozenset("i och av för att med på till om som från vid eller en ett de den det the and of for to in with on a an or".split())
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])")


@dataclass(frozen=True)
class UnitReading:
    unit: str
    status: str  # present | mentioned
    passages: int
    quote: str  # the first passage that takes the item up
    page: int


@dataclass(frozen=True)
class PlanItem:
    code: str
    title: str
    depth: int
    is_leaf: bool
    units: tuple[UnitReading, ...] = ()  # the units whose business plans take it up (leaves only)
    present_before: int | None = None  # units with the item present the year compared with; None without


@dataclass(frozen=True)
class ReadingInputs:
    municipality: str
    document_title: str
    year: int
    previous_year: int | None
    date: str
    language: str
    units_read: tuple[str, ...]  # the units whose business plans for the year were read
    items: tuple[PlanItem, ...]  # in document order
    leaf_level: str  # the plan's name for its items, e.g. "Strategi"
    leaf_plural: str  # e.g. "strategier"
    leaf_plural_definite: str = ""  # e.g. "strategierna" ("4 av de 23 strategierna"); the plural when empty


def build(inputs: ReadingInputs, _: Callable[[str], str] = identity) -> ReportDocument:
    b = DocumentBuilder(_)
    b.blocks.append(Contents(_("Contents")))
    leaves = [item for item in inputs.items if item.is_leaf]
    _about(b, inputs, leaves)
    b.figure(_coverage_figure(inputs, leaves, _))
    top = min((item.depth for item in inputs.items), default=0)
    for item in inputs.items:
        _item_section(b, item, inputs, level=min(item.depth - top + 1, 3))
    return ReportDocument(
        title=_("Follow-up of %(plan)s") % {"plan": clean(inputs.document_title)},
        subtitle=_("Through the business plans for %(year)s") % {"year": inputs.year},
        municipality=clean(inputs.municipality),
        case_number="",
        date=inputs.date,
        language=inputs.language,
        blocks=tuple(b.blocks),
        labels={
            "page": _("Page"),
            "case_number": _("Case number"),
            "contents": _("Contents"),
            "figure_data": _("The figures in the chart"),
            "update_contents": _("Update the table of contents in Word: right-click it and choose Update Field."),
        },
    )


def _about(b: DocumentBuilder, inputs: ReadingInputs, leaves: list[PlanItem]) -> None:
    _ = b._
    b.blocks.append(Heading(1, _("About this follow-up"), "about"))
    b.blocks.append(
        Paragraph(
            _("The plan is followed up within the ordinary business follow-up: every unit takes the plan into account "
              "in its business plan. Lika has read the %(count)s business plans for %(year)s against the plan's own "
              "%(leaves)s, each looked for with the words of its title and text, and lists per %(leaf)s the units "
              "whose plans take it up, with a quote.")
            % {"count": len(inputs.units_read), "year": inputs.year, "leaves": inputs.leaf_plural, "leaf": inputs.leaf_level.lower()}
        )
    )
    b.blocks.append(
        Paragraph(
            _("Present means at least two passages or a heading, mentioned in passing one passage. Lika finds the plan's "
              "words, not the work itself: a plan that describes the work in other words is missed, and a passage may use "
              "the words without doing the work. Read the quotes."),
            style="note",
        )
    )
    if inputs.units_read:
        b.blocks.append(Paragraph(_("Business plans read: %(units)s.") % {"units": ", ".join(clean(u) for u in inputs.units_read)}))
    _untouched(b, inputs, leaves)
    _change(b, inputs, leaves)


def chapter(b: DocumentBuilder, inputs: ReadingInputs, *, level: int = 2) -> None:
    """The reading as a section of another report: the round report's chapter on the business plans."""
    _ = b._
    leaves = [item for item in inputs.items if item.is_leaf]
    b.blocks.append(Heading(level, _("The business plans read against the plan's %(leaves)s") % {"leaves": inputs.leaf_plural}, "plan-reading"))
    b.blocks.append(
        Paragraph(
            _("Lika has read the %(count)s business plans for %(year)s against the plan's own %(leaves)s, each looked "
              "for with the words of its title and text. The table lists per %(leaf)s the units whose plans take it up; "
              "the report on the follow-up through the business plans quotes them.")
            % {"count": len(inputs.units_read), "year": inputs.year, "leaves": inputs.leaf_plural, "leaf": inputs.leaf_level.lower()}
        )
    )
    _untouched(b, inputs, leaves)
    _change(b, inputs, leaves)
    b.figure(_coverage_figure(inputs, leaves, _))
    table = Table(
        title=_("The units whose business plans take up each %(leaf)s, %(year)s") % {"leaf": inputs.leaf_level.lower(), "year": inputs.year},
        columns=[inputs.leaf_level, _("Present"), _("Mentioned in passing")],
    )
    for leaf in leaves:
        present = [clean(unit.unit) for unit in leaf.units if unit.status == PRESENT]
        mentioned = [clean(unit.unit) for unit in leaf.units if unit.status != PRESENT]
        table.rows.append([clean(f"{leaf.code} {leaf.title}"), ", ".join(present) or "–", ", ".join(mentioned) or "–"])
    b.blocks.append(b.table(table))


def short_item(code: str, title: str, limit: int = SHORT_TITLE) -> str:
    """An item in a running list: its code and the start of its title (its first sentence, cut between
    words), without the title's own closing full stop, so the list's punctuation is not doubled."""
    text = " ".join(clean(title).split())
    cut = _SENTENCE_END.split(text, maxsplit=1)[0]
    if len(cut) > limit:
        words = cut[: limit + 1].split(" ")[:-1] or [cut[:limit]]
        while len(words) > 1 and words[-1].lower() in _DANGLING:
            words.pop()
        cut = " ".join(words)
    shortened = cut != text
    cut = cut.rstrip(" .,;:–-")
    return " ".join(part for part in (clean(code), cut, "…" if shortened else "") if part)


def item_list(items: list[PlanItem]) -> str:
    # Semicolons between items: the titles themselves hold commas ("Systematiserad, bred samverkan …").
    return "; ".join(short_item(item.code, item.title) for item in items)


def _untouched(b: DocumentBuilder, inputs: ReadingInputs, leaves: list[PlanItem]) -> None:
    _ = b._
    untouched = [leaf for leaf in leaves if not leaf.units]
    if not untouched:
        return
    # "leaves" is the definite plural: "4 av de 23 strategierna".
    sentence = _("No business plan takes up %(count)s of the %(total)s %(leaves)s: %(list)s.") % {
        "count": len(untouched),
        "total": len(leaves),
        "leaves": inputs.leaf_plural_definite or inputs.leaf_plural,
        "list": item_list(untouched),
    }
    # A list ending on a shortened title ends on its ellipsis, not on "…" and a full stop.
    if sentence.endswith("…."):
        sentence = sentence[:-1]
    b.blocks.append(Paragraph(sentence, style="missing"))


def _present(item: PlanItem) -> int:
    return sum(1 for unit in item.units if unit.status == PRESENT)


def _change(b: DocumentBuilder, inputs: ReadingInputs, leaves: list[PlanItem]) -> None:
    _ = b._
    if inputs.previous_year is None:
        b.blocks.append(Paragraph(_("There are no business plans from an earlier year to compare with."), style="note"))
        return
    more = [leaf for leaf in leaves if leaf.present_before is not None and _present(leaf) > leaf.present_before]
    fewer = [leaf for leaf in leaves if leaf.present_before is not None and _present(leaf) < leaf.present_before]
    values = {"year": inputs.previous_year}
    if more:
        b.blocks.append(Paragraph(_("Present in more business plans than in %(year)s: %(list)s.") % {**values, "list": ", ".join(clean(leaf.code) for leaf in more)}))
    if fewer:
        b.blocks.append(Paragraph(_("Present in fewer business plans than in %(year)s: %(list)s.") % {**values, "list": ", ".join(clean(leaf.code) for leaf in fewer)}))
    if not more and not fewer:
        b.blocks.append(Paragraph(_("Every item is present in as many business plans as in %(year)s.") % values))


def _coverage_figure(inputs: ReadingInputs, leaves: list[PlanItem], _) -> FigureInput:
    before = inputs.previous_year
    table = Table(
        title=_("Business plans that take up each %(leaf)s, %(year)s") % {"leaf": inputs.leaf_level.lower(), "year": inputs.year},
        columns=[
            inputs.leaf_level,
            _("Present"),
            _("Mentioned in passing"),
            _("Absent"),
            _("Present %(year)s") % {"year": before} if before else _("Present the year before"),
        ],
    )
    rows = []
    for leaf in leaves:
        present = _present(leaf)
        mentioned = len(leaf.units) - present
        absent = len(inputs.units_read) - len(leaf.units)
        table.rows.append([clean(f"{leaf.code} {leaf.title}"), present, mentioned, absent, "–" if leaf.present_before is None else leaf.present_before])
        rows.append((clean(leaf.code), present))
    description = _("Per %(leaf)s, the number of the %(count)s business plans in which it is present.") % {
        "leaf": inputs.leaf_level.lower(),
        "count": len(inputs.units_read),
    }
    title = _("Business plans in which each %(leaf)s is present") % {"leaf": inputs.leaf_level.lower()}
    return FigureInput(
        title=title,
        description=description,
        svg=svgchart.bar_chart(title=title, rows=rows, description=description, max_value=max(1, len(inputs.units_read))),
        table=table,
    )


def _item_section(b: DocumentBuilder, item: PlanItem, inputs: ReadingInputs, *, level: int) -> None:
    _ = b._
    title = clean(f"{item.code} {item.title}")
    b.blocks.append(Heading(level, title, f"item-{anchor_slug(item.code)}"))
    if not item.is_leaf:
        return
    if not item.units:
        b.blocks.append(Paragraph(_("No business plan takes this up."), style="missing"))
        return
    table = Table(
        title=_("Business plans that take up %(item)s") % {"item": clean(item.code)},
        columns=[_("Unit"), _("Status"), _("Passages"), _("Page"), _("Quote")],
    )
    labels = {PRESENT: _("present"), MENTIONED: _("mentioned in passing")}
    opening = "”" if inputs.language == "sv" else "“"  # Swedish quotes open and close with ”
    for unit in item.units:
        quote = unit.quote if len(unit.quote) <= QUOTE_LENGTH else unit.quote[: QUOTE_LENGTH - 1].rsplit(" ", 1)[0] + " …"
        table.rows.append([clean(unit.unit), labels.get(unit.status, unit.status), unit.passages, unit.page, f"{opening}{clean(quote)}”"])
    b.blocks.append(b.table(table))
