"""From the database to the report's plain inputs, in a fixed number of queries.

The figures come from the follow-up analysis, the same as on the analysis page.
Only approved material goes into the text of the report: the answers of
approved submissions and the examples of approved measure reports.
"""

import html
import re
from collections import defaultdict

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lika.core.localized import localized
from lika.documents import docx as render_docx
from lika.documents.blocks import FigureInput, ReportDocument
from lika.followup.analysis_data import round_analysis, round_figures, round_words
from lika.followup.figures import heatmap
from lika.followup.models import (
    Answer,
    Example,
    FollowUpRound,
    ReviewState,
    RoundState,
    SubmissionState,
)
from lika.lib.tables import Table
from lika.plans.models import ResponsibilityRole
from lika.plans.queries import measure_nodes
from lika.textanalysis.models import LeafReading

from . import layout
from .models import RoundReport
from .planreading_data import reading_inputs

_DESC = re.compile(r"<desc[^>]*>(.*?)</desc>", re.S)


def report_inputs(round_: FollowUpRound, language: str) -> layout.ReportInputs:
    """Everything the report says about `round_`, with fixed text in `language`."""
    with translation.override(language):
        return _inputs(round_, language)


def _inputs(round_: FollowUpRound, language: str) -> layout.ReportInputs:
    document = round_.document
    analysed = round_analysis(round_)
    result = analysed.result
    words = round_words(round_)  # the plan's word for its items in `language`: "strategi", "åtgärd"
    names = {p.key: p.name for p in analysed.data.perspectives}
    texts = RoundReport.objects.filter(round=round_).first()
    figure_inputs = tuple(
        FigureInput(
            title=figure.title,
            description=_svg_description(figure.chart),
            svg=figure.chart,
            table=figure.table,
            note=figure.note,
        )
        for figure in round_figures(analysed, words)
    )
    appendix, not_approved = _appendix(round_, language)
    dated = _report_date(round_)
    responsible_units = {key for keys in analysed.data.responsible.values() for key in keys}
    return layout.ReportInputs(
        municipality=document.municipality.name,
        round_title=localized(round_, "title", language),
        plan_title=localized(document, "title", language),
        case_number=round_.reference_number,
        date=dated.isoformat(),
        language=language,
        texts=texts.texts() if texts else {},
        text_language=texts.language if texts else language,
        key_figures=layout.KeyFigures(
            total_examples=result.total_examples,
            units_submitted=len(analysed.data.submitted_units & responsible_units),
            units_responsible=len(responsible_units),
            share_with_effects=result.share_with_effects,
            share_with_learning=result.share_with_learning,
            measures_without_examples=tuple(result.measures_without_examples),
            perspectives_with_few_examples=tuple(
                names[k] for k in (*result.perspectives_without_examples, *result.perspectives_with_few_examples)
            ),
            units_without_submission=tuple(result.units_without_submission),
        ),
        figures=figure_inputs,
        heatmap=_heatmap_by_unit(analysed, words),
        questions=_questions(round_, language),
        appendix=appendix,
        examples_not_approved=not_approved,
        content_language="sv" if language != "sv" else "",
        business_plans=_business_plans(document.municipality, round_, language),
        plan_reading=_plan_reading(document, round_, language),
        central_support=_central_support(round_),
        words=words,
    )


def _central_support(round_: FollowUpRound):
    """The learning events of the round's period (lika/support), when any is recorded."""
    from lika.support.figures_data import round_support_figures

    found = round_support_figures(round_)
    if not found.events:
        return None
    return layout.CentralSupportFigures(sentences=tuple(found.sentences), figure=found.figure, tables=tuple(found.tables[1:]))


def _business_plans(municipality, round_: FollowUpRound, language: str):
    """The business-plan analysis for the round's year (the year its period ends), when plans are stored."""
    from lika.textanalysis.summary import report_figures

    found = report_figures(municipality, round_.period_end.year, language)
    if found is None:
        return None
    return layout.BusinessPlanFigures(year=found.year, summary=found.sentences, coverage=found.coverage, figure=found.figure)


def _plan_reading(document, round_: FollowUpRound, language: str):
    """The units' business plans for the round's year read against the round's own plan, when they were."""
    year = round_.period_end.year
    if not LeafReading.objects.filter(document=document, plan__year=year).exists():
        return None
    return reading_inputs(document, year, language)


def _heatmap_by_unit(analysed, words) -> Table:
    """Units down, measures across: a report page holds 17 narrow measure columns better than 25 unit ones.
    An empty cell: the unit is not responsible; 0: responsible, but no example."""
    units, rows = heatmap(analysed)
    table = Table(title=_("Examples per unit and %(leaf)s") % words, columns=[_("Unit"), *[m.code for m, _c in rows]])
    for index, (_key, name) in enumerate(units):
        cells = [row_cells[index] for _m, row_cells in rows]
        table.rows.append([name, *[count if (count or responsible) else "" for count, _missing, responsible in cells]])
    return table


def _report_date(round_: FollowUpRound):
    """The day it was published; for a published round imported without that day, the end of its period
    (the 2023 report is dated the day its period ends); otherwise today."""
    if round_.published_at:
        return timezone.localdate(round_.published_at)
    if round_.state == RoundState.PUBLISHED:
        return round_.period_end
    return timezone.localdate()


def _svg_description(svg: str) -> str:
    found = _DESC.search(svg)
    return html.unescape(found.group(1)) if found else ""


def _questions(round_: FollowUpRound, language: str) -> tuple[layout.QuestionAnswers, ...]:
    answers = defaultdict(list)
    for answer in (
        Answer.objects.filter(submission__round=round_, submission__state=SubmissionState.APPROVED)
        .exclude(text="")
        .select_related("submission__unit")
        .order_by("submission__unit__name_sv")
    ):
        answers[answer.question_id].append((answer.submission.unit.name, answer.text))
    return tuple(
        layout.QuestionAnswers(question=localized(question, "text", language), answers=tuple(answers[question.pk]))
        for question in round_.questions.order_by("position", "pk")
    )


def _appendix(round_: FollowUpRound, language: str) -> tuple[tuple[layout.AppendixArea, ...], int]:
    """Approved examples by area and measure, and how many submitted examples are left out as not approved."""
    document = round_.document
    nodes = {node.pk: node for node in document.nodes.all()}
    submitted = Example.objects.filter(measure_report__submission__round=round_).exclude(
        measure_report__submission__state=SubmissionState.DRAFT
    )
    approved = (
        submitted.filter(measure_report__review_state=ReviewState.APPROVED)
        .select_related("measure_report__submission__unit")
        .prefetch_related("perspectives")
        .order_by("measure_report__submission__unit__name_sv", "position", "pk")
    )
    by_measure = defaultdict(list)
    for example in approved:
        by_measure[example.measure_report.measure_id].append(
            layout.AppendixExample(
                unit=example.measure_report.submission.unit.name,
                title=example.title,
                what_was_done=example.what_was_done,
                effects=example.effects,
                learning=example.learning,
                perspectives=tuple(localized(p, "name", language) for p in example.perspectives.all()),
            )
        )
    responsible = defaultdict(list)
    for item in document.responsibilities.filter(role=ResponsibilityRole.IMPLEMENTS).select_related("unit"):
        responsible[item.node_id].append(item.unit.name if item.unit_id else str(item.get_scope_display()))
    areas: dict[int | None, list] = {}
    for measure in measure_nodes(document):
        who = [name for node_id in _lineage(measure, nodes) for name in responsible[node_id]]
        areas.setdefault(measure.parent_id, []).append(
            layout.AppendixMeasure(
                code=measure.code,
                title=localized(measure, "title", language),
                responsible=", ".join(dict.fromkeys(who)),
                examples=tuple(by_measure[measure.pk]),
            )
        )
    result = tuple(
        layout.AppendixArea(
            code=nodes[parent].code if parent else "",
            title=localized(nodes[parent], "title", language) if parent else "",
            measures=tuple(measures),
        )
        for parent, measures in areas.items()
    )
    return result, submitted.count() - approved.count()


def _lineage(node, nodes) -> list:
    ids = []
    current = node
    while current is not None:
        ids.append(current.pk)
        current = nodes.get(current.parent_id)
    return list(reversed(ids))


# --- Output -----------------------------------------------------------------------

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}


def build_report(round_: FollowUpRound, language: str) -> ReportDocument:
    inputs = report_inputs(round_, language)
    with translation.override(language):
        return layout.build(inputs, _)


def render(round_: FollowUpRound, file_format: str, language: str) -> bytes:
    """The report as bytes in one of FORMATS."""
    return render_document(build_report(round_, language), file_format)


def render_document(report: ReportDocument, file_format: str) -> bytes:
    if file_format == "docx":
        return render_docx.render(report)
    from lika.documents.html import render_pdf, render_standalone

    if file_format == "pdf":
        return render_pdf(report)
    if file_format == "html":
        return render_standalone(report).encode("utf-8")
    raise ValueError(f"unknown report format {file_format!r}; use one of {', '.join(FORMATS)}")


def file_name(round_: FollowUpRound, file_format: str, language: str) -> str:
    return f"{round_.identifier}-{language}.{file_format}"
