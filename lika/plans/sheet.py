"""A flat sheet of measures (XLSX) into an existing document.

Plan owners keep measures in Excel: one row per measure with its code, title,
implementing units and coordinating unit. The sheet is merged into the
document's plan-file form and imported through the same checks as a plan file.
"""

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from lika.lib.yamlfile import FileProblems, Problem, ProblemList, clean_text
from lika.organisations.models import Municipality, OrganisationUnit
from lika.plans import planfile
from lika.plans.importing import ImportResult, Progress, _quiet, export_plan, import_plan
from lika.plans.models import Scope, SteeringDocument

COLUMNS = {
    "code": ("code", "kod", "nummer"),
    "title": ("title", "titel", "åtgärd", "title_sv", "titel_sv"),
    "title_en": ("title_en", "titel_en", "english title", "engelsk titel"),
    "parent": ("parent", "förälder", "område", "area"),
    "implements": ("implementing units", "implements", "ansvar för genomförande", "genomförande"),
    "coordinates": ("coordinating unit", "coordinates", "ansvar för samordning", "samordning"),
}
REQUIRED = ("code", "title", "implements")

SCOPE_PHRASES = {
    "alla förvaltningar": Scope.ALL_DEPARTMENTS,
    "all departments": Scope.ALL_DEPARTMENTS,
    "alla förvaltningar och bolag": Scope.ALL_DEPARTMENTS_AND_COMPANIES,
    "all departments and companies": Scope.ALL_DEPARTMENTS_AND_COMPANIES,
    "all departments and municipal companies": Scope.ALL_DEPARTMENTS_AND_COMPANIES,
    "samtliga nämnder och bolagsstyrelser": Scope.ALL_COMMITTEES_AND_COMPANIES,
    "alla nämnder och bolagsstyrelser": Scope.ALL_COMMITTEES_AND_COMPANIES,
    "all committees and company boards": Scope.ALL_COMMITTEES_AND_COMPANIES,
    **{scope.value: scope for scope in Scope},
}


def _normalise(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().strip(".").lower()


def unit_lookup(municipality) -> dict[str, OrganisationUnit]:
    """Every name a unit goes by (key, names, other names), lower-cased."""
    lookup: dict[str, OrganisationUnit] = {}
    for unit in OrganisationUnit.objects.filter(municipality=municipality).prefetch_related("aliases"):
        names = [unit.key, unit.name_sv, unit.name_en, *(alias.name for alias in unit.aliases.all())]
        for name in names:
            if name:
                lookup.setdefault(_normalise(name), unit)
    return lookup


def parse_unit_cell(value: str, lookup) -> tuple[list[tuple[str | None, str | None]], list[str]]:
    """[(unit key, scope)], [names not found] for a cell such as 'socialförvaltningen, kulturförvaltningen'."""
    found, unknown = [], []
    for part in re.split(r"[,;\n]", value):
        name = _normalise(part)
        if not name:
            continue
        if name in SCOPE_PHRASES:
            found.append((None, SCOPE_PHRASES[name].value))
            continue
        unit = lookup.get(name)
        inner = re.match(r"^(.*?)\s*\((.+)\)$", name)
        if unit is None and inner:
            # "stadsledningsförvaltningen (avdelningen för ekonomi och styrning)": the division.
            unit = lookup.get(_normalise(inner.group(2)))
        if unit is None:
            unknown.append(part.strip())
        else:
            found.append((unit.key, None))
    return found, unknown


def import_measure_sheet(
    raw: bytes, filename: str, document: SteeringDocument, *, replace: bool = False, progress: Progress = _quiet
) -> ImportResult:
    problems = ProblemList()
    rows, columns = _open_sheet(raw, filename)
    plan = export_plan(document)
    units_in_file = {unit.key for unit in plan.units}
    lookup = unit_lookup(document.municipality)
    sheet = _Sheet(
        columns=columns,
        lookup=lookup,
        municipality=document.municipality,
        existing={node.code: index for index, node in enumerate(plan.document.nodes)},
        replace=replace,
        problems=problems,
    )
    _merge_rows(plan, rows, sheet)
    if problems:
        raise FileProblems(filename, problems.problems)

    _add_named_units(plan, lookup=lookup, units_in_file=units_in_file)
    # The merged plan goes through the same checks as a file: depth, tree, units.
    text = planfile.write_plan_file(plan)
    try:
        merged = planfile.read_plan_file(text, filename)
    except FileProblems as exc:
        raise FileProblems(filename, [Problem(None, p.field, p.message) for p in exc.problems]) from None
    return import_plan(merged, filename, replace=True, progress=progress)


def _open_sheet(raw: bytes, filename: str) -> tuple[Iterator[tuple], dict[str, int]]:
    """The rows after the header, and the index of each known column."""
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise FileProblems(filename, [Problem(None, "", "not an XLSX workbook (save it from Excel as .xlsx)")]) from None
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if not header:
        raise FileProblems(filename, [Problem(None, "", "the first sheet is empty")])
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = _normalise(str(cell or ""))
        for field, names in COLUMNS.items():
            if name in names and field not in columns:
                columns[field] = index
    missing = [field for field in REQUIRED if field not in columns]
    if missing:
        wanted = "; ".join(f"{field}: one of {', '.join(COLUMNS[field])}" for field in missing)
        raise FileProblems(filename, [Problem(1, "header", f"missing columns ({wanted})")])
    return rows, columns


@dataclass
class _Sheet:
    """What reading the rows needs: the columns, the units and the document's codes."""

    columns: dict[str, int]
    lookup: dict[str, OrganisationUnit]
    municipality: Municipality
    existing: dict[str, int]  # code -> index of the document's node
    replace: bool
    problems: ProblemList

    def cell(self, row, field) -> str:
        index = self.columns.get(field)
        value = row[index] if index is not None and index < len(row) else None
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return clean_text(str(value))

    def column(self, field) -> str:
        return get_column_letter(self.columns[field] + 1)


def _merge_rows(plan: planfile.PlanFile, rows: Iterator[tuple], sheet: _Sheet) -> None:
    """Each measure into the plan: a new code is added, a known one replaces the document's node."""
    seen_codes: dict[str, int] = {}
    for row_number, row in enumerate(rows, start=2):
        if not any(value not in (None, "") for value in row):
            continue
        node = _read_row(sheet, row, row_number, seen_codes=seen_codes)
        if node is None:
            continue
        if node.code in sheet.existing:
            old = plan.document.nodes[sheet.existing[node.code]]
            node.body, node.contributes_to, node.goals = old.body, old.contributes_to, old.goals
            plan.document.nodes[sheet.existing[node.code]] = node
        else:
            plan.document.nodes.append(node)


def _read_row(sheet: _Sheet, row: tuple, row_number: int, *, seen_codes: dict[str, int]) -> planfile.Node | None:
    """The row's measure, or None when its code cannot be used; problems go to the sheet."""
    problems = sheet.problems
    where = f"row {row_number}"
    code = sheet.cell(row, "code")
    title = sheet.cell(row, "title")
    if not code:
        problems.add(row_number, f"{where}, column {sheet.column('code')} (code)", "the code is missing")
        return None
    if not title:
        problems.add(row_number, f"{where}, column {sheet.column('title')} (title)", "the title is missing")
    if code in seen_codes:
        problems.add(row_number, f"{where} (code)", f"the code {code!r} is already used on row {seen_codes[code]}")
        return None
    seen_codes[code] = row_number
    if code in sheet.existing and not sheet.replace:
        problems.add(
            row_number, f"{where} (code)", f"the document already has {code!r}; import with --replace to replace it"
        )
        return None
    responsibilities = _row_responsibilities(sheet, row, row_number)
    parent = sheet.cell(row, "parent") or None
    return planfile.Node(
        code=code,
        parent=parent,
        title=planfile.Text(sv=title, en=sheet.cell(row, "title_en")),
        responsibilities=responsibilities,
        line=row_number,
    )


def _row_responsibilities(sheet: _Sheet, row: tuple, row_number: int) -> list[planfile.Responsibility]:
    where = f"row {row_number}"
    responsibilities = []
    for field, role in (("implements", "implements"), ("coordinates", "coordinates")):
        value = sheet.cell(row, field)
        if not value:
            if field == "implements":
                sheet.problems.add(row_number, f"{where} ({field})", "name at least one implementing unit")
            continue
        found, unknown = parse_unit_cell(value, sheet.lookup)
        for name in unknown:
            sheet.problems.add(
                row_number,
                f"{where}, column {sheet.column(field)} ({field})",
                f"unknown unit {name!r} in {sheet.municipality.name}",
            )
        for key, scope in found:
            responsibilities.append(planfile.Responsibility(role=role, unit=key, scope=scope))
    return responsibilities


def _add_named_units(
    plan: planfile.PlanFile, *, lookup: dict[str, OrganisationUnit], units_in_file: set[str]
) -> None:
    # Units named by the sheet travel with the merged plan like in a plan file.
    for unit in {lookup_unit for lookup_unit in lookup.values()}:
        if unit.key not in units_in_file and any(
            r.unit == unit.key for node in plan.document.nodes for r in node.responsibilities
        ):
            chain = [unit]
            while chain[-1].parent_id:
                chain.append(chain[-1].parent)
            for member in chain:
                if member.key not in units_in_file:
                    plan.units.append(
                        planfile.Unit(
                            key=member.key,
                            kind=member.kind,
                            name=planfile.Text(member.name_sv, member.name_en),
                            parent=member.parent.key if member.parent_id else None,
                        )
                    )
                    units_in_file.add(member.key)
