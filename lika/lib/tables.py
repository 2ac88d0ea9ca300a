"""Tables out as CSV and XLSX, without Django.

A table is declared once (a title, column headings, rows of plain values) and
written to either format; the pages show the same table as HTML.

Cells hold text people wrote (example titles, consultation answers, unit
names). A spreadsheet program runs a text cell that starts with = + - @ as a
formula ("CSV injection", OWASP), so every writer here neutralises them: CSV
cells get a leading apostrophe, which Excel and LibreOffice show as plain
text; XLSX cells are stored as text, so the value stays exactly as written.
"""

import csv
import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)


def to_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens Swedish letters correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([spreadsheet_safe(name) for name in table.columns])
    writer.writerows([spreadsheet_safe(value) for value in row] for row in table.rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(*tables: Table) -> bytes:
    workbook = Workbook(write_only=True)
    for table in tables:
        sheet = workbook.create_sheet(title=_sheet_title(table.title))
        header = []
        for name in table.columns:
            cell = _xlsx_cell(sheet, name)
            cell.font = Font(bold=True)
            header.append(cell)
        sheet.append(header)
        for row in table.rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """The value for a CSV cell: None as empty, formula-like text made inert.

    Numbers stay numbers (a negative number is not a formula); text that reads
    as a number ("-12", "+3.5") is left alone for the same reason.
    """
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _is_number(value):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def _xlsx_cell(sheet, value) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # openpyxl stores a string that starts with "=" as a formula; text stays text.
        cell.data_type = "s"
    return cell


def _sheet_title(title: str) -> str:
    cleaned = "".join("-" if ch in '[]:*?/\\' else ch for ch in title)
    if len(cleaned) > 31:  # Excel's limit: cut at a word, not inside one
        cut = cleaned[:32].rsplit(" ", 1)[0] if " " in cleaned[:32] else cleaned[:31]
        cleaned = cut.rstrip(" ,;-–")[:31]
    return cleaned or "Sheet"
