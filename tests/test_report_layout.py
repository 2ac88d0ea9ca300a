"""The report's layout and its DOCX, from plain data: what a reader of the report would see."""

import io
import zipfile

import docx
import pytest

from lika.documents import blocks
from lika.documents import docx as render_docx
from lika.followup.figures import item_words
from lika.lib import svgchart
from lika.lib.tables import Table
from lika.reports import layout

LONG = " ".join(["ord"] * 10_000)
BROKEN = "Titel med \x00noll, \x0bvertikal tab, \ufffe och <vinkel> & \"citat\""


def inputs(**changes) -> layout.ReportInputs:
    chart = svgchart.bar_chart(title="Exempel per åtgärd", rows=[("Åtgärd 1", 3), ("Åtgärd 2", 0)])
    base = dict(
        municipality="Exempelstad",
        round_title="Uppföljning 2023",
        plan_title="Plan för lika möjligheter",
        case_number="00488/2023",
        date="2023-10-12",
        language="sv",
        texts={"introduction": "Första stycket.\n\nAndra stycket.", "conclusions": "Vi drar slutsatser."},
        text_language="sv",
        key_figures=layout.KeyFigures(
            total_examples=3,
            units_submitted=2,
            units_responsible=4,
            share_with_effects=2 / 3,
            share_with_learning=1 / 3,
            measures_without_examples=("2",),
            perspectives_with_few_examples=("Religion",),
            units_without_submission=("Bolaget AB",),
        ),
        figures=(
            blocks.FigureInput(
                title="Exempel per åtgärd",
                description="Åtgärd 1: 3. Åtgärd 2: 0.",
                svg=chart,
                table=Table("Exempel per åtgärd", ["Åtgärd", "Exempel"], [["1", 3], ["2", 0]]),
            ),
        ),
        heatmap=Table("Exempel per enhet och åtgärd", ["Enhet", "1", "2"], [["Kulturförvaltningen", 2, 0]]),
        questions=(layout.QuestionAnswers("Hur arbetar ni som arbetsgivare?", (("Kulturförvaltningen", "Vi utbildar."),)),),
        appendix=(
            layout.AppendixArea(
                "1",
                "Verksamhetsstyrning",
                (
                    layout.AppendixMeasure(
                        "1",
                        "Vi ska utforska",
                        "Alla förvaltningar",
                        (layout.AppendixExample("Kulturförvaltningen", "Språkcafé", "Vi höll språkcaféer.", "Fler lånar.", "", ("Etnisk tillhörighet",)),),
                    ),
                    layout.AppendixMeasure("2", "Vi ska testa", "", ()),
                ),
            ),
        ),
    )
    base.update(changes)
    return layout.ReportInputs(**base)


def texts_of(report: blocks.ReportDocument) -> list[str]:
    found = []
    for block in report.blocks:
        if isinstance(block, blocks.Facts):
            found.extend(f"{label}: {value}" for label, value in block.items)
        elif hasattr(block, "text"):
            found.append(block.text)
    return found


def test_chapters_follow_the_2023_report_and_are_numbered():
    report = layout.build(inputs())
    chapters = [h.text for h in report.headings(max_level=1)]
    assert chapters == [
        "1 Introduction",
        "2 The central support for implementation",
        "3 Analysis of the business plans",
        "4 Analysis of the examples sent in by units",
        "5 The employer perspective",
        "6 Conclusions",
        "Appendix 1: Examples of work under Plan för lika möjligheter",
    ]


def test_the_plan_owners_paragraphs_are_kept_and_unwritten_sections_say_so():
    report = layout.build(inputs())
    texts = texts_of(report)
    assert "Första stycket." in texts and "Andra stycket." in texts
    missing = [b.text for b in report.blocks if isinstance(b, blocks.Paragraph) and b.style == "missing"]
    # central support and the employer perspective are unwritten; the business plans get their own sentence
    assert missing.count("This section has not been written yet.") == 3
    assert "No analysis of the units' business plans has been written for this round." in missing


def test_the_fixed_text_is_translated_and_numbers_figures_and_tables_in_order():
    report = layout.build(inputs(), lambda text: text.replace("Figure", "Figur").replace("Table", "Tabell"))
    figure = next(b for b in report.blocks if isinstance(b, blocks.FigureBlock))
    assert figure.caption == "Figur 1. Exempel per åtgärd"
    assert figure.table.caption == "Tabell 1. Exempel per åtgärd"
    heatmap = [b for b in report.blocks if isinstance(b, blocks.TableBlock)]
    assert [t.number for t in heatmap] == [2]


def test_gaps_are_named_in_the_examples_chapter():
    texts = texts_of(layout.build(inputs()))
    assert "2 of 4 responsible units submitted a report, with 3 examples in all. 67 % of the examples describe effects and 33 % describe learning." in texts
    assert "Measures without examples: 2." in texts
    assert "Units that have not submitted a report: Bolaget AB." in texts


def test_the_appendix_groups_examples_by_area_and_measure_with_the_unit():
    report = layout.build(inputs())
    texts = texts_of(report)
    start = texts.index("Appendix 1: Examples of work under Plan för lika möjligheter")
    assert texts[start + 1 : start + 4] == ["Verksamhetsstyrning", "Measure 1: Vi ska utforska", "Responsible for implementation: Alla förvaltningar"]
    assert "Kulturförvaltningen: Språkcafé" in texts
    assert "Learning: Not described." in texts
    assert "No approved examples yet." in texts  # under the measure that has none


def test_the_appendix_names_the_items_by_the_plans_own_word():
    strategies = layout.build(inputs(words=item_words("strategy", "strategies")))
    assert "Strategy 1: Vi ska utforska" in texts_of(strategies)
    assert "Measure 1: Vi ska utforska" not in texts_of(strategies)


def test_a_round_without_examples_still_makes_a_report_that_says_what_is_missing():
    empty = inputs(
        key_figures=layout.KeyFigures(0, 0, 4, 0.0, 0.0, ("1", "2"), (), ("A", "B")),
        appendix=(layout.AppendixArea("1", "Område", (layout.AppendixMeasure("1", "Åtgärd", "", ()),)),),
        questions=(),
        texts={},
    )
    report = layout.build(empty)
    texts = texts_of(report)
    assert "No examples have been submitted in this round." in texts
    assert "No approved examples yet." in texts
    assert "The round put no questions of its own to the units." in texts
    document = docx.Document(io.BytesIO(render_docx.render(report)))
    assert "No approved examples yet." in [p.text for p in document.paragraphs]


def test_characters_that_break_xml_are_dropped_and_long_texts_kept_whole():
    example = layout.AppendixExample("Enhet", BROKEN, LONG, BROKEN, "", ())
    report = layout.build(
        inputs(appendix=(layout.AppendixArea("1", BROKEN, (layout.AppendixMeasure("1", BROKEN, "", (example,)),)),))
    )
    content = render_docx.render(report)
    document = docx.Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    assert "Enhet: Titel med noll, vertikal tab,  och <vinkel> & \"citat\"" in texts
    assert LONG in texts
    assert len(LONG.split()) == 10_000


def test_the_docx_is_a_real_word_document():
    content = render_docx.render(layout.build(inputs(language="en")))
    document = docx.Document(io.BytesIO(content))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "1 Introduction") in headings
    assert ("Heading 2", "Verksamhetsstyrning") in headings
    assert ("Heading 3", "Measure 1: Vi ska utforska") in headings
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        body = package.read("word/document.xml").decode()
        headers = "".join(package.read(n).decode() for n in package.namelist() if n.startswith("word/header"))
        footers = "".join(package.read(n).decode() for n in package.namelist() if n.startswith("word/footer"))
        settings = package.read("word/settings.xml").decode()
        styles = package.read("word/styles.xml").decode()
    assert 'TOC \\o "1-2"' in body  # a table of contents field
    assert "SEQ Figure" in body and "SEQ Table" in body  # captions Word can list
    assert 'descr="Exempel per åtgärd. Åtgärd 1: 3. Åtgärd 2: 0."' in body  # the chart's text alternative
    assert "Exempelstad" in headers and "00488/2023" in headers
    assert " PAGE " in footers and " NUMPAGES " in footers
    assert "updateFields" in settings
    assert 'w:val="en-GB"' in styles  # the document's language
    assert 'w:lang w:val="sv-SE"' in body  # the plan owner's Swedish text inside the English report
    assert document.core_properties.title == "Plan för lika möjligheter: Uppföljning 2023"


def test_a_swedish_report_numbers_figures_as_figur_for_word():
    report = layout.build(inputs())
    content = render_docx.render(report)
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        body = package.read("word/document.xml").decode()
    assert "SEQ Figur " in body and "SEQ Tabell " in body


@pytest.mark.parametrize("value, number", [(3, True), ("12 %", True), ("+2", True), ("-5 %-enh.", True), ("Åtgärd 3", False), ("", False), (True, False)])
def test_only_numbers_are_right_aligned(value, number):
    assert blocks._is_number(value) is number


def test_the_business_plan_chapter_shows_the_analysis_after_the_plan_owners_reading():
    coverage = Table("Teman per verksamhet", ["Verksamhet", "Kön", "Ålder"], [["Kulturförvaltningen", 3, 0]])
    found = layout.BusinessPlanFigures(year=2023, summary=("2 av 3 verksamhetsplaner tar upp kön.",), coverage=coverage)
    report = layout.build(inputs(business_plans=found, texts={"business_plans": "Vår läsning."}))
    texts = texts_of(report)
    start = texts.index("3 Analysis of the business plans")
    chapter = texts[start : texts.index("4 Analysis of the examples sent in by units")]
    assert chapter[1] == "Vår läsning."
    assert "2 av 3 verksamhetsplaner tar upp kön." in chapter
    assert any("2023" in text and "does not judge quality" in text for text in chapter)
    table = next(b for b in report.blocks if isinstance(b, blocks.TableBlock) and b.table.title == "Teman per verksamhet")
    assert table.table.rows == [["Kulturförvaltningen", 3, 0]]
    # Without the plan owner's text the computed part stands alone, with no "not written" note.
    alone = texts_of(layout.build(inputs(business_plans=found, texts={})))
    assert "No analysis of the units' business plans has been written for this round." not in alone


def test_the_pdf_hyphenates_body_text_but_not_the_title_page_the_contents_or_headings():
    import pypdf

    from lika.documents.html import render_pdf

    words = "inkluderande kommunen förvaltningarnas likabehandlingsarbete hedersrelaterat förtryck " * 3
    report = blocks.ReportDocument(
        title=f"Uppföljning av {words}",
        subtitle="Genom verksamhetsplanerna för 2024",
        municipality="Exempelstad",
        case_number="",
        date="2024-12-01",
        language="sv",
        blocks=(
            blocks.Contents("Innehåll"),
            blocks.PageBreak(),
            blocks.Heading(1, words, "first"),
            blocks.Heading(2, words, "second"),
            blocks.Paragraph("Brödtext: " + words * 4),
        ),
        labels={"page": "Sida", "case_number": "Diarienummer", "contents": "Innehåll", "figure_data": "", "update_contents": ""},
    )
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(render_pdf(report))).pages]
    hyphen = "\u2010"  # what WeasyPrint sets where it hyphenates a word
    cover, contents = pages[0], pages[1]
    headings, _colon, body = "".join(pages[2:]).partition("Brödtext")
    assert "likabehandlingsarbete" in cover and hyphen not in cover
    assert "likabehandlingsarbete" in contents and hyphen not in contents
    assert "likabehandlingsarbete" in headings and hyphen not in headings
    assert hyphen in body  # body text is still hyphenated, so the checks above would see a hyphen
