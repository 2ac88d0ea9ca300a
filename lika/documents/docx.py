"""A document as a DOCX for the municipality to edit further in Word, without Django.

What makes it a real Word document rather than a printout: the built-in heading
styles (so Word's navigation pane and table of contents work), a TOC field,
SEQ fields in the figure and table captions (so Word can list them), PAGE and
NUMPAGES fields in the footer, and the municipality and case number in the
header. Charts are pictures (PNG drawn from the same SVG) with the chart's
description as their alternative text, each followed by its data table.
"""

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .blocks import Contents, Facts, FigureBlock, Heading, PageBreak, Paragraph, ReportDocument, TableBlock

FONT = "Arial"
TEXT_COLOUR = RGBColor(0x1B, 0x1B, 0x1B)
HEADING_COLOUR = RGBColor(0x00, 0x3F, 0x6E)  # 10:1 against white
CHART_WIDTH = Cm(16)
LANGUAGE_TAGS = {"sv": "sv-SE", "en": "en-GB"}


def render(report: ReportDocument) -> bytes:
    document = Document()
    _set_up(document, report)
    _title_page(document, report)
    for block in report.blocks:
        _BLOCKS[type(block)](document, block, report)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- Document set-up ------------------------------------------------------------


def _set_up(document, report: ReportDocument) -> None:
    language = LANGUAGE_TAGS.get(report.language, report.language)
    properties = document.core_properties
    properties.title = report.title
    properties.subject = report.subtitle
    properties.author = report.municipality
    properties.language = language
    properties.keywords = report.case_number

    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.font.color.rgb = TEXT_COLOUR
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    set_language(normal.element, language)
    for level, size in ((1, 18), (2, 14), (3, 12), (4, 11)):
        style = styles[f"Heading {level}"]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = HEADING_COLOUR
        style.font.italic = False
        drop_theme_fonts(style)
        style.paragraph_format.space_before = Pt(18 if level == 1 else 12)
        style.paragraph_format.keep_with_next = True
    for name in ("Title", "Subtitle", "Caption"):
        style = styles[name]
        style.font.name = FONT
        style.font.color.rgb = HEADING_COLOUR if name != "Caption" else TEXT_COLOUR
        drop_theme_fonts(style)
    styles["Caption"].font.size = Pt(9)
    styles["Caption"].font.bold = True

    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.text = report.municipality
    if report.case_number:
        header.add_run(f"\t{report.date}\t{report.labels['case_number']} {report.case_number}")
    else:
        header.add_run(f"\t{report.date}")
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run(f"{report.labels['page']} ")
    _field(footer, "PAGE", "1")
    footer.add_run(" (")
    _field(footer, "NUMPAGES", "1")
    footer.add_run(")")
    # Word refreshes the table of contents and page numbers when the document opens.
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)


def drop_theme_fonts(style) -> None:
    # The built-in styles name theme fonts, which win over font.name; drop them.
    fonts = style.element.rPr.find(qn("w:rFonts")) if style.element.rPr is not None else None
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts is not None:
            fonts.attrib.pop(qn(attribute), None)


def set_language(style_element, language: str) -> None:
    run_properties = style_element.get_or_add_rPr()
    lang = run_properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_properties.append(lang)
    lang.set(qn("w:val"), language)


def _title_page(document, report: ReportDocument) -> None:
    document.add_paragraph(report.municipality, style="Subtitle")
    document.add_paragraph(report.title, style="Title")
    document.add_paragraph(report.subtitle, style="Subtitle")
    facts = document.add_paragraph(report.date)
    if report.case_number:
        facts.add_run(f"\n{report.labels['case_number']} {report.case_number}")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


# --- Fields -----------------------------------------------------------------------


def _field(paragraph, instruction: str, shown: str) -> None:
    """A complex field with a cached result, so the document reads right before Word updates it."""
    _field_start(paragraph, instruction)
    paragraph.add_run(shown)
    _field_char(paragraph, "end")


def _field_start(paragraph, instruction: str) -> None:
    _field_char(paragraph, "begin")
    element = OxmlElement("w:instrText")
    element.set(qn("xml:space"), "preserve")
    element.text = f" {instruction} "
    paragraph.add_run()._r.append(element)
    _field_char(paragraph, "separate")


def _field_char(paragraph, kind: str) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(element)


def _caption(document, caption: str, number: int, sequence: str) -> None:
    paragraph = document.add_paragraph(style="Caption")
    before, _number, after = caption.partition(str(number))
    paragraph.add_run(before)
    _field(paragraph, f"SEQ {sequence} \\* ARABIC", str(number))
    paragraph.add_run(after)


# --- Blocks -------------------------------------------------------------------------


def _contents(document, block: Contents, report: ReportDocument) -> None:
    title = document.add_paragraph()
    run = title.add_run(block.title)
    run.bold = True
    run.font.size = Pt(16)
    run.font.color.rgb = HEADING_COLOUR
    # The cached result lists the chapters, so the contents read right even before Word updates the field.
    paragraph = document.add_paragraph()
    _field_start(paragraph, 'TOC \\o "1-2" \\h \\z \\u')
    headings = report.headings(max_level=2)
    for index, heading in enumerate(headings):
        run = paragraph.add_run(("    " if heading.level > 1 else "") + heading.text)
        if index < len(headings) - 1:
            run.add_break()
    _field_char(paragraph, "end")
    note = document.add_paragraph()
    note_run = note.add_run(report.labels["update_contents"])
    note_run.italic = True
    note_run.font.size = Pt(9)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _heading(document, block: Heading, report: ReportDocument) -> None:
    document.add_heading(block.text, level=block.level)


def _paragraph(document, block: Paragraph, report: ReportDocument) -> None:
    paragraph = document.add_paragraph()
    _add_lines(paragraph, block.text, block.language)
    if block.style in ("missing", "note"):
        for run in paragraph.runs:
            run.italic = True
            if block.style == "note":
                run.font.size = Pt(9.5)


def _add_lines(paragraph, text: str, language: str = "", bold: bool = False) -> None:
    for index, line in enumerate(text.split("\n")):
        run = paragraph.add_run()
        run.bold = bold
        if language:
            set_language(run._r, LANGUAGE_TAGS.get(language, language))
        if index:
            run.add_break()
        run.add_text(line)


def _facts(document, block: Facts, report: ReportDocument) -> None:
    for label, value in block.items:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(0.5)
        paragraph.add_run(f"{label}: ").bold = True
        _add_lines(paragraph, value, block.language)


def _table(document, block: TableBlock, report: ReportDocument) -> None:
    _caption(document, block.caption, block.number, "Tabell" if report.language == "sv" else "Table")
    table = block.table
    columns = max(1, len(table.columns))
    grid = document.add_table(rows=1, cols=columns)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    header = grid.rows[0]
    # Repeat the header row on every page the table runs over.
    header_properties = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_properties.append(repeat)
    for cell, title in zip(header.cells, table.columns, strict=False):
        cell.text = ""
        run = cell.paragraphs[0].add_run(str(title))
        run.bold = True
        run.font.size = Pt(9)
    for values in block.cells():
        cells = grid.add_row().cells
        for index, (cell, (value, number)) in enumerate(zip(cells, values, strict=False)):
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(_cell_text(value))
            run.font.size = Pt(9)
            run.bold = index == 0
            if number and index:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _set_widths(grid, table)
    document.add_paragraph()


TEXT_WIDTH_CM = 16.0


def _set_widths(grid, table) -> None:
    """Columns as wide as their longest text needs (within limits), so titles and unit names do not
    wrap letter by letter; Word reads the cell widths, LibreOffice the grid."""
    columns = len(table.columns)
    if not columns:
        return
    weights = []
    for index in range(columns):
        texts = [str(table.columns[index])] + [_cell_text(row[index]) for row in table.rows if index < len(row)]
        longest = max(len(word) for text in texts for word in (text.split() or [""]))
        total = max(len(text) for text in texts)
        weights.append(max(longest, min(total, 45), 3) + 2)
    widths = [Cm(TEXT_WIDTH_CM * weight / sum(weights)) for weight in weights]
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _cell_text(value) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _figure(document, block: FigureBlock, report: ReportDocument) -> None:
    import cairosvg  # imported late: it loads Cairo, which only the DOCX needs

    png = cairosvg.svg2png(bytestring=block.svg.encode("utf-8"), scale=2)
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True
    shape = paragraph.add_run().add_picture(io.BytesIO(png), width=CHART_WIDTH)
    properties = shape._inline.docPr
    title = block.caption.partition(". ")[2] or block.caption
    properties.set("title", title)
    properties.set("descr", f"{title}. {block.description}".strip())
    _caption(document, block.caption, block.number, "Figur" if report.language == "sv" else "Figure")
    if block.note:
        _paragraph(document, Paragraph(block.note, style="note"), report)
    _table(document, block.table, report)


def _page_break(document, block: PageBreak, report: ReportDocument) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


_BLOCKS = {
    Contents: _contents,
    Heading: _heading,
    Paragraph: _paragraph,
    Facts: _facts,
    TableBlock: _table,
    FigureBlock: _figure,
    PageBreak: _page_break,
}
