"""The follow-up report as a list of blocks, from plain data, without Django.

One layout feeds every output (web page, PDF, DOCX), so the three always say
the same. The structure follows Helsingborg's 2023 follow-up report:
introduction, central support, business plans, examples, employer perspective,
conclusions, and an appendix of every approved example by area and measure.
Narrative sections are the plan owner's words; everything else is computed.
Where something is missing (an unwritten section, a measure without examples)
the report says so in place instead of failing or leaving a silent gap.

The blocks and their renderers are the shared document engine in
`lika.documents`. Fixed text goes through the `_` argument (Django's gettext
in the app, the identity in tests), so this module needs no Django.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from lika.documents.blocks import (
    Contents,
    DocumentBuilder,
    Facts,
    FigureInput,
    Heading,
    PageBreak,
    Paragraph,
    ReportDocument,
    anchor_slug,
    clean,
    identity,
    paragraphs,
)
from lika.followup.figures import item_words
from lika.lib.tables import Table

from . import planreading

SECTION_KEYS = ("introduction", "central_support", "business_plans", "examples", "employer", "conclusions")

# --- Input --------------------------------------------------------------------


@dataclass(frozen=True)
class KeyFigures:
    total_examples: int
    units_submitted: int
    units_responsible: int
    share_with_effects: float
    share_with_learning: float
    measures_without_examples: tuple[str, ...]
    perspectives_with_few_examples: tuple[str, ...]  # names, none or few
    units_without_submission: tuple[str, ...]


@dataclass(frozen=True)
class QuestionAnswers:
    question: str
    answers: tuple[tuple[str, str], ...]  # (unit name, answer), answered ones only


@dataclass(frozen=True)
class AppendixExample:
    unit: str
    title: str
    what_was_done: str
    effects: str
    learning: str
    perspectives: tuple[str, ...]


@dataclass(frozen=True)
class AppendixMeasure:
    code: str
    title: str
    responsible: str
    examples: tuple[AppendixExample, ...]


@dataclass(frozen=True)
class AppendixArea:
    code: str
    title: str
    measures: tuple[AppendixMeasure, ...]


@dataclass(frozen=True)
class BusinessPlanFigures:
    """What the business-plan analysis found in the units' plans for the round's year."""

    year: int
    summary: tuple[str, ...]  # sentences, in the report's language
    coverage: Table  # units × themes
    figure: FigureInput | None = None


@dataclass(frozen=True)
class CentralSupportFigures:
    """What the learning events of the round's period add up to (lika/support/figures.py)."""

    sentences: tuple[str, ...]
    figure: FigureInput | None = None
    tables: tuple[Table, ...] = ()  # beside the figure's own table


@dataclass(frozen=True)
class ReportInputs:
    municipality: str
    round_title: str
    plan_title: str
    case_number: str
    date: str  # ISO date the report is dated
    language: str  # the language of the fixed text
    texts: Mapping[str, str]  # SECTION_KEYS -> the plan owner's text
    text_language: str  # the language the plan owner wrote in
    key_figures: KeyFigures
    figures: tuple[FigureInput, ...]
    heatmap: Table
    questions: tuple[QuestionAnswers, ...]
    appendix: tuple[AppendixArea, ...]
    examples_not_approved: int = 0
    content_language: str = ""  # the language of plan titles and examples, if not `language`
    business_plans: BusinessPlanFigures | None = None  # from the business-plan analysis, when there is one
    plan_reading: planreading.ReadingInputs | None = None  # the business plans read against this plan, when read
    central_support: CentralSupportFigures | None = None  # the learning events of the period
    words: Mapping[str, str] | None = None  # the plan's word for its items (figures.item_words); "measure" if None


# --- Layout ---------------------------------------------------------------------


@dataclass
class _Builder(DocumentBuilder):
    inputs: ReportInputs | None = None

    def text(self, key: str, missing: str) -> None:
        """The plan owner's text for a section, or a visible note that it is still to be written."""
        found = paragraphs(self.inputs.texts.get(key, ""))
        language = "" if self.inputs.text_language == self.inputs.language else self.inputs.text_language
        for part in found:
            self.blocks.append(Paragraph(part, language=language))
        if not found:
            self.blocks.append(Paragraph(missing, style="missing"))


def build(inputs: ReportInputs, _: Callable[[str], str] = identity) -> ReportDocument:
    """The whole report, in order."""
    b = _Builder(_, inputs=inputs)
    not_written = _("This section has not been written yet.")
    b.blocks.append(Contents(_("Contents")))

    b.chapter(_("Introduction"), "introduction")
    b.text("introduction", not_written)

    b.chapter(_("The central support for implementation"), "central-support")
    b.text("central_support", not_written)
    _central_support(b)

    b.chapter(_("Analysis of the business plans"), "business-plans")
    _business_plans(b)

    b.chapter(_("Analysis of the examples sent in by units"), "examples")
    b.text("examples", not_written)
    _key_figures(b)
    for figure in inputs.figures:
        b.figure(figure)
    b.blocks.append(b.table(inputs.heatmap))
    b.blocks.append(
        Paragraph(
            _("The table shows the examples each unit gave per %(leaf)s. An empty cell means the unit is not "
              "responsible there; 0 means it is responsible but gave no example.") % _words(inputs),
            style="note",
        )
    )

    b.chapter(_("The employer perspective"), "employer")
    b.text("employer", not_written)
    _questions(b)

    b.chapter(_("Conclusions"), "conclusions")
    b.text("conclusions", not_written)

    _appendix(b)
    labels = {
        "page": _("Page"),
        "case_number": _("Case number"),
        "contents": _("Contents"),
        "figure_data": _("The figures in the chart"),
        "update_contents": _("Update the table of contents in Word: right-click it and choose Update Field."),
    }
    title = clean(f"{inputs.plan_title}: {inputs.round_title}")
    return ReportDocument(
        title=title,
        subtitle=_("Follow-up report to the city board"),
        municipality=clean(inputs.municipality),
        case_number=clean(inputs.case_number),
        date=inputs.date,
        language=inputs.language,
        blocks=tuple(b.blocks),
        labels=labels,
    )


def _business_plans(b: _Builder) -> None:
    """The plan owner's reading, then what Lika's readings of the business plans found (by theme, and
    against the plan's own items); a note if there is neither."""
    _ = b._
    found, reading = b.inputs.business_plans, b.inputs.plan_reading
    if not found and not reading:
        b.text("business_plans", _("No analysis of the units' business plans has been written for this round."))
        return
    if paragraphs(b.inputs.texts.get("business_plans", "")):
        b.text("business_plans", "")
    if found:
        _theme_reading(b, found)
    if reading:
        planreading.chapter(b, reading)


def _theme_reading(b: _Builder, found: BusinessPlanFigures) -> None:
    _ = b._
    b.blocks.append(
        Paragraph(
            _("Lika's reading of the business plans for %(year)s: where the plans take up equal opportunities, "
              "theme by theme. It finds words and their neighbourhood; it does not judge quality.")
            % {"year": found.year},
            style="note",
        )
    )
    for sentence in found.summary:
        b.blocks.append(Paragraph(clean(sentence)))
    if found.figure:
        b.figure(found.figure)
    b.blocks.append(b.table(found.coverage))


def _central_support(b: _Builder) -> None:
    """The learning events of the round's period, counted by Lika: per kind, per unit, units never reached."""
    found = b.inputs.central_support
    if found is None:
        return
    for sentence in found.sentences:
        b.blocks.append(Paragraph(clean(sentence)))
    if found.figure:
        b.figure(found.figure)
    for table in found.tables:
        b.blocks.append(b.table(table))


def _percent(share: float) -> str:
    return f"{round(share * 100)} %"


def _key_figures(b: _Builder) -> None:
    _ = b._
    k = b.inputs.key_figures
    if not k.total_examples:
        b.blocks.append(Paragraph(_("No examples have been submitted in this round."), style="missing"))
    else:
        b.blocks.append(
            Paragraph(
                _("%(units)s of %(responsible)s responsible units submitted a report, with %(examples)s examples in all. "
                  "%(effects)s of the examples describe effects and %(learning)s describe learning.")
                % {
                    "units": k.units_submitted,
                    "responsible": k.units_responsible,
                    "examples": k.total_examples,
                    "effects": _percent(k.share_with_effects),
                    "learning": _percent(k.share_with_learning),
                }
            )
        )
    gaps = [
        (_("%(Leaves)s without examples: %(list)s."), k.measures_without_examples),
        (_("Perspectives with few or no examples: %(list)s."), k.perspectives_with_few_examples),
        (_("Units that have not submitted a report: %(list)s."), k.units_without_submission),
    ]
    for sentence, items in gaps:
        if items:
            b.blocks.append(Paragraph(sentence % {"list": ", ".join(clean(i) for i in items), **_words(b.inputs)}))
    if b.inputs.examples_not_approved:
        b.blocks.append(
            Paragraph(
                _("%(count)s submitted examples are not yet approved: they count in the figures but are not in the appendix.")
                % {"count": b.inputs.examples_not_approved},
                style="note",
            )
        )


def _questions(b: _Builder) -> None:
    _ = b._
    if not b.inputs.questions:
        b.blocks.append(Paragraph(_("The round put no questions of its own to the units."), style="note"))
        return
    for number, question in enumerate(b.inputs.questions, start=1):
        b.blocks.append(Heading(2, _("Question %(number)s") % {"number": number}, f"question-{number}"))
        b.blocks.append(Paragraph(clean(question.question)))
        if not question.answers:
            b.blocks.append(Paragraph(_("No unit has answered this question."), style="missing"))
            continue
        b.blocks.append(
            Facts(tuple((clean(unit), clean(answer)) for unit, answer in question.answers), language=_content_language(b.inputs))
        )


def _words(inputs: ReportInputs) -> Mapping[str, str]:
    """The plan's word for its items: "Strategi 1.1.1" in a plan of strategies, not "Åtgärd 1.1.1"."""
    return inputs.words or item_words()


def _content_language(inputs: ReportInputs) -> str:
    return inputs.content_language if inputs.content_language and inputs.content_language != inputs.language else ""


def _appendix(b: _Builder) -> None:
    _ = b._
    inputs = b.inputs
    language = _content_language(inputs)
    b.blocks.append(PageBreak())
    b.blocks.append(
        Heading(1, _("Appendix 1: Examples of work under %(plan)s") % {"plan": clean(inputs.plan_title)}, "appendix")
    )
    if not any(m.examples for area in inputs.appendix for m in area.measures):
        b.blocks.append(Paragraph(_("No approved examples yet."), style="missing"))
    for area in inputs.appendix:
        # The area's title alone, as in the 2023 report: a section number such as "4.1" from the plan
        # would read as a subsection of this report's chapter 4.
        b.blocks.append(Heading(2, clean(area.title or area.code), f"area-{anchor_slug(area.code)}"))
        for measure in area.measures:
            b.blocks.append(
                Heading(
                    3,
                    _("%(Leaf)s %(code)s: %(title)s")
                    % {"code": clean(measure.code), "title": clean(measure.title), **_words(inputs)},
                    f"measure-{anchor_slug(measure.code)}",
                )
            )
            if measure.responsible:
                b.blocks.append(
                    Paragraph(_("Responsible for implementation: %(units)s") % {"units": clean(measure.responsible)}, style="note")
                )
            if not measure.examples:
                b.blocks.append(Paragraph(_("No approved examples yet."), style="missing"))
            for example in measure.examples:
                b.blocks.append(Heading(4, f"{clean(example.unit)}: {clean(example.title)}", ""))
                for part in paragraphs(example.what_was_done):
                    b.blocks.append(Paragraph(part, language=language))
                not_described = _("Not described.")
                b.blocks.append(
                    Facts(
                        (
                            (_("Effects"), clean(example.effects).strip() or not_described),
                            (_("Learning"), clean(example.learning).strip() or not_described),
                            (_("Perspectives"), ", ".join(clean(p) for p in example.perspectives) or "–"),
                        ),
                        language=language,
                    )
                )
