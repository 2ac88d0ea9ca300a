"""A flat Excel sheet of measures into an existing document, with the plan file's checks."""

import io

import pytest
from openpyxl import Workbook

from lika.lib.yamlfile import FileProblems
from lika.plans.models import Node, SteeringDocument
from lika.plans.sheet import import_measure_sheet
from tests.conftest import EOP, HALMSTAD

pytestmark = pytest.mark.django_db


def sheet(*rows, header=("Kod", "Titel", "Område", "Ansvar för genomförande", "Ansvar för samordning")) -> bytes:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.append(header)
    for row in rows:
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_measures_with_unit_names_aliases_and_rules_are_added():
    document = SteeringDocument.objects.get(identifier=EOP)
    raw = sheet(
        ("18", "Vi ska pröva något nytt.", "4.4", "Socialförvaltningen; employment department", "stadsledningsförvaltningen (avdelningen för demokrati och juridik)"),
        (19, "Vi ska alla göra något.", "4.1", "alla förvaltningar och bolag", "Kulturförvaltningen"),
    )
    import_measure_sheet(raw, "measures.xlsx", document)
    node = Node.objects.get(document=document, code="18")
    assert node.parent.code == "4.4" and node.depth == 2
    found = {(r.role, r.unit.key if r.unit else r.scope) for r in node.responsibilities.all()}
    assert found == {
        ("implements", "socialforvaltningen"),
        ("implements", "arbetsmarknadsforvaltningen"),
        ("coordinates", "slf-demokrati-och-juridik"),
    }
    assert Node.objects.get(document=document, code="19").responsibilities.filter(scope="all_departments_and_companies").exists()
    assert Node.objects.filter(document=document).count() == 27


def test_unknown_units_and_existing_codes_are_named_by_row_and_nothing_is_written():
    document = SteeringDocument.objects.get(identifier=EOP)
    before = Node.objects.filter(document=document).count()
    raw = sheet(("6", "Finns redan", "4.4", "Socialförvaltningen", ""), ("20", "Ny", "4.4", "Socialförvaltning", ""))
    with pytest.raises(FileProblems) as caught:
        import_measure_sheet(raw, "measures.xlsx", document)
    assert caught.value.lines() == [
        "measures.xlsx:2: row 2 (code): the document already has '6'; import with --replace to replace it",
        "measures.xlsx:3: row 3, column D (implements): unknown unit 'Socialförvaltning' in Helsingborgs stad",
    ]
    assert Node.objects.filter(document=document).count() == before


def test_units_of_another_municipality_are_unknown_here():
    document = SteeringDocument.objects.get(identifier=HALMSTAD)
    with pytest.raises(FileProblems) as caught:
        import_measure_sheet(sheet(("9", "X", "1", "Socialförvaltningen", "")), "m.xlsx", document)
    assert "unknown unit 'Socialförvaltningen' in Halmstads kommun" in caught.value.lines()[0]


def test_a_sheet_without_the_needed_columns_says_which_are_missing():
    document = SteeringDocument.objects.get(identifier=EOP)
    with pytest.raises(FileProblems) as caught:
        import_measure_sheet(sheet(header=("Nummer", "Beskrivning")), "m.xlsx", document)
    assert caught.value.lines()[0].startswith("m.xlsx:1: header: missing columns (title: one of")


def test_a_file_that_is_not_a_workbook_is_named():
    document = SteeringDocument.objects.get(identifier=EOP)
    with pytest.raises(FileProblems) as caught:
        import_measure_sheet(b"code,title\n1,x\n", "measures.xlsx", document)
    assert caught.value.lines() == ["measures.xlsx: not an XLSX workbook (save it from Excel as .xlsx)"]


def test_replace_updates_an_existing_measure():
    document = SteeringDocument.objects.get(identifier=EOP)
    import_measure_sheet(sheet(("6", "Ny lydelse", "4.4", "Kulturförvaltningen", "")), "m.xlsx", document, replace=True)
    node = Node.objects.get(document=document, code="6")
    assert node.title_sv == "Ny lydelse"
    assert [r.unit.key for r in node.responsibilities.all()] == ["kulturforvaltningen"]
