"""A document as HTML: a part of a web page, a standalone file, and (through WeasyPrint) a tagged PDF.

The PDF is made from the same HTML as the web page, so what a screen reader
finds in the PDF's tags (headings, tables, the language of each passage) is
what the page has. PDF/UA-1 makes WeasyPrint tag the document and set its
title and language.
"""

from pathlib import Path

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from .blocks import ReportDocument

STYLESHEET = Path(__file__).parent / "static" / "documents" / "document.css"


def _css_string(text: str) -> str:
    # A CSS string literal: escape the backslash and quote, and write line breaks as escapes.
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ") + '"'


def page_css(report: ReportDocument) -> str:
    case = f"{report.labels['case_number']} {report.case_number}" if report.case_number else ""
    return (
        "@page { "
        f"@top-left {{ content: {_css_string(report.municipality)}; }} "
        f"@top-center {{ content: {_css_string(report.date)}; }} "
        f"@top-right {{ content: {_css_string(case)}; }} "
        f"@bottom-right {{ content: {_css_string(report.labels['page'] + ' ')} counter(page) \" (\" counter(pages) \")\"; }} "
        "} "
        "@page :first { @top-left { content: none; } @top-center { content: none; } "
        "@top-right { content: none; } @bottom-right { content: none; } }"
    )


def render_standalone(report: ReportDocument) -> str:
    return render_to_string(
        "documents/standalone.html",
        {
            "report": report,
            "stylesheet": mark_safe(STYLESHEET.read_text(encoding="utf-8")),  # noqa: S308 - our own file
            "page_css": mark_safe(page_css(report)),  # noqa: S308 - every value is a quoted, escaped CSS string
        },
    )


def render_pdf(report: ReportDocument) -> bytes:
    from weasyprint import HTML  # imported late: it loads Pango, which only the PDF needs

    return HTML(string=render_standalone(report)).write_pdf(pdf_variant="pdf/ua-1")
