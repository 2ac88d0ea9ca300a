"""Aggregated indicator tables in, and out again as Open SDG CSV, without Django.

Each reader returns a list of `IndicatorTable`s (a Kolada file may hold
several KPIs, a PxWeb table several contents). A series row is a period, a
mapping from dimension to category ({} is the whole population) and a value.
Formats, with the files they were tested on, are in docs/statistics.md:

- Open SDG tidy CSV (`Year`, disaggregation columns, `Value`; a blank cell
  means "all"), and an XLSX sheet in the same layout;
- Kolada: the v2 API's JSON (`values[].values[].gender` T/K/M) and the flat
  CSV forms (`kpi,municipality,period,gender,value` and the DDF dump);
- SCB's statistical database (PxWeb): JSON-stat 2.0 and the v1 "json" layout.

Problems raise `ImportProblem` with a message naming the file and the place.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass, field

ALL = ""  # a blank category in Open SDG: the whole population
OPEN_SDG_NOT_DIMENSIONS = {"Year", "Value", "GeoCode"}
KOLADA_GENDER = {"K": "Kvinnor", "M": "Män"}
SEX = "Kön"
# SCB's codes for sex in PxWeb tables, where the v1 "json" layout gives codes only.
SCB_SEX_CODES = {"1": "män", "2": "kvinnor"}
TOTAL_WORDS = ("totalt", "samtliga", "total", "all ")


class ImportProblem(ValueError):
    """A file Lika cannot read as an indicator table; the message says where."""


@dataclass
class IndicatorTable:
    name: str
    unit: str = ""
    source: str = ""
    code: str = ""
    description: str = ""
    dimensions: list[str] = field(default_factory=list)
    rows: list[tuple[str, dict[str, str], float]] = field(default_factory=list)

    def value(self, period: str, **categories) -> float | None:
        for row_period, mapping, value in self.rows:
            if row_period == period and mapping == categories:
                return value
        return None

    def add(self, period: str, mapping: dict[str, str], value: float) -> None:
        for name in mapping:
            if name not in self.dimensions:
                self.dimensions.append(name)
        self.rows.append((str(period), mapping, value))


def _number(text, where: str) -> float | None:
    if text is None:
        return None
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return None if isinstance(text, float) and math.isnan(text) else float(text)
    cleaned = str(text).strip().replace("\u00a0", "").replace(" ", "")
    if cleaned in ("", "..", ".", "-", "–", "NA", "NaN", "nan"):
        return None  # missing or suppressed at the source
    try:
        return float(cleaned.replace(",", "."))
    except ValueError:
        raise ImportProblem(f"{where}: {text!r} is not a number") from None


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _csv_rows(text: str, label: str) -> tuple[list[str], list[list[str]]]:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise ImportProblem(f"{label} is empty")
    return [h.strip() for h in rows[0]], rows[1:]


# --- Open SDG ----------------------------------------------------------------


def read_open_sdg(data: bytes | str, *, name: str = "", label: str = "the file") -> list[IndicatorTable]:
    """Open SDG tidy CSV: `Year`, any disaggregation columns, `Value`; a blank category is "all"."""
    header, rows = _csv_rows(_decode(data), label)
    return [_open_sdg_table(header, rows, name=name, label=label)]


def read_open_sdg_xlsx(data: bytes, *, name: str = "", label: str = "the file") -> list[IndicatorTable]:
    """The same layout as the CSV, in the first sheet of a workbook."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raise ImportProblem(f"{label} is not a readable XLSX file") from error
    cells = [["" if v is None else (str(int(v)) if isinstance(v, float) and v.is_integer() and i == 0 else str(v)) for i, v in enumerate(row)] for row in workbook.worksheets[0].iter_rows(values_only=True)]
    workbook.close()
    cells = [r for r in cells if any(c.strip() for c in r)]
    if not cells:
        raise ImportProblem(f"{label} is empty")
    header = [h.strip() for h in cells[0]]
    while header and not header[-1]:
        header.pop()
    # A year written as a number arrives as 2021.0 from Excel in other columns too: Year is the first by convention.
    rows = [r[: len(header)] for r in cells[1:]]
    if "Year" in header:
        y = header.index("Year")
        for r in rows:
            if y < len(r) and r[y].endswith(".0"):
                r[y] = r[y][:-2]
    return [_open_sdg_table(header, rows, name=name, label=label)]


def _open_sdg_table(header: list[str], rows: list[list[str]], *, name: str, label: str) -> IndicatorTable:
    for needed in ("Year", "Value"):
        if needed not in header:
            raise ImportProblem(f"{label}: an Open SDG table needs a {needed!r} column; it has {', '.join(header)}")
    if len(set(header)) != len(header):
        raise ImportProblem(f"{label}: two columns have the same heading")
    dimensions = [h for h in header if h not in OPEN_SDG_NOT_DIMENSIONS]
    table = IndicatorTable(name=name, dimensions=list(dimensions))
    seen = set()
    for number, row in enumerate(rows, start=2):
        row = row + [""] * (len(header) - len(row))
        record = dict(zip(header, row))
        where = f"{label}, row {number}"
        value = _number(record["Value"], where)
        if value is None:
            continue
        period = record["Year"].strip()
        if not period:
            raise ImportProblem(f"{where}: the Year is blank")
        mapping = {d: record[d].strip() for d in dimensions if record[d].strip()}
        key = (period, tuple(sorted(mapping.items())))
        if key in seen:
            raise ImportProblem(f"{where}: the same year and categories appear twice")
        seen.add(key)
        table.add(period, mapping, value)
    if not table.rows:
        raise ImportProblem(f"{label} has no values")
    return table


def to_open_sdg_csv(dimensions: list[str], rows: list[tuple[str, dict[str, str], float]]) -> str:
    """Rows as Open SDG tidy CSV: Year, the dimensions in order, Value; blank where a row covers all."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["Year", *dimensions, "Value"])
    for period, mapping, value in rows:
        writer.writerow([period, *(mapping.get(d, "") for d in dimensions), _format(value)])
    return buffer.getvalue()


def _format(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# --- Kolada ------------------------------------------------------------------


def read_kolada(
    data: bytes | str,
    *,
    municipalities: list[str] | None = None,
    names: dict[str, str] | None = None,
    label: str = "the file",
) -> list[IndicatorTable]:
    """Kolada values, from the v2 API's JSON or from the flat CSV forms, one table per KPI.

    Gender T is the whole population; K and M become the dimension Kön
    (Kvinnor, Män). With more than one municipality in the selection, the
    municipality code is a dimension too. `names` gives KPI titles (for
    instance from the KPI metadata file, see `kolada_names`).
    """
    text = _decode(data)
    if text.lstrip().startswith(("{", "[")):
        records = _kolada_json(text, label)
    else:
        records = _kolada_csv(text, label)
    if municipalities:
        wanted = {m.zfill(4) for m in municipalities}
        records = [r for r in records if r[1] in wanted]
    if not records:
        raise ImportProblem(f"{label} has no Kolada values" + (" for those municipalities" if municipalities else ""))
    tables: dict[str, IndicatorTable] = {}
    several = len({r[1] for r in records}) > 1
    seen = set()
    for kpi, municipality, period, gender, value in records:
        table = tables.setdefault(kpi, IndicatorTable(name=(names or {}).get(kpi, kpi), source="Kolada", code=kpi))
        mapping = {}
        if several:
            mapping["Kommun"] = municipality
        if gender in KOLADA_GENDER:
            mapping[SEX] = KOLADA_GENDER[gender]
        elif gender not in ("T", ""):
            raise ImportProblem(f"{label}: gender {gender!r} for {kpi} is not T, K or M")
        key = (kpi, period, tuple(sorted(mapping.items())))
        if key in seen:
            raise ImportProblem(f"{label}: {kpi} has two values for {municipality}, {period}, {gender or 'T'}")
        seen.add(key)
        table.add(period, mapping, value)
    return list(tables.values())


def _kolada_json(text: str, label: str):
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportProblem(f"{label} is not valid JSON: {error.msg} (line {error.lineno})") from error
    entries = document.get("values") if isinstance(document, dict) else document
    if not isinstance(entries, list):
        raise ImportProblem(f"{label}: a Kolada response has a list under 'values'")
    records = []
    for index, entry in enumerate(entries):
        where = f"{label}, values[{index}]"
        try:
            kpi, municipality, period = entry["kpi"], str(entry["municipality"]).zfill(4), str(entry["period"])
            parts = entry["values"]
        except (KeyError, TypeError):
            raise ImportProblem(f"{where}: each entry needs kpi, municipality, period and values") from None
        for part in parts:
            value = _number(part.get("value"), where)
            if value is not None:
                records.append((kpi, municipality, period, str(part.get("gender", "T")), value))
    return records


def _kolada_csv(text: str, label: str):
    header, rows = _csv_rows(text, label)
    lowered = [h.lower() for h in header]
    records = []
    if {"kpi", "municipality", "period", "value"} <= set(lowered):
        at = {name: lowered.index(name) for name in ("kpi", "municipality", "period", "value")}
        gender_at = lowered.index("gender") if "gender" in lowered else None
        for number, row in enumerate(rows, start=2):
            value = _number(row[at["value"]], f"{label}, row {number}")
            if value is None:
                continue
            gender = row[gender_at].strip() if gender_at is not None else "T"
            records.append((row[at["kpi"]].strip(), row[at["municipality"]].strip().zfill(4), row[at["period"]].strip(), gender or "T", value))
        return records
    if len(header) >= 3 and lowered[0] == "geo" and "year" in lowered:
        # The DDF dump: geo, year, [gender,] and the KPI's own column (n15428).
        kpis = [h for h in header if h.lower() not in ("geo", "year", "gender")]
        if len(kpis) != 1:
            raise ImportProblem(f"{label}: expected one KPI column besides geo, year and gender")
        kpi_at = header.index(kpis[0])
        year_at = lowered.index("year")
        gender_at = lowered.index("gender") if "gender" in lowered else None
        for number, row in enumerate(rows, start=2):
            value = _number(row[kpi_at], f"{label}, row {number}")
            if value is None:
                continue
            gender = row[gender_at].strip() if gender_at is not None else "T"
            records.append((kpis[0].upper(), row[0].strip().zfill(4), row[year_at].strip(), gender, value))
        return records
    raise ImportProblem(f"{label}: not a Kolada file (expected kpi, municipality, period, gender, value)")


def kolada_names(data: bytes | str) -> dict[str, str]:
    """KPI titles from Kolada's KPI metadata (CSV with concept/id and name/title columns)."""
    header, rows = _csv_rows(_decode(data), "the KPI metadata")
    lowered = [h.lower() for h in header]
    id_at = next((lowered.index(k) for k in ("concept", "id", "kpi") if k in lowered), None)
    name_at = next((lowered.index(k) for k in ("name", "title") if k in lowered), None)
    if id_at is None or name_at is None:
        raise ImportProblem("the KPI metadata needs an id (concept) and a name (title) column")
    return {row[id_at].strip().upper(): row[name_at].strip() for row in rows if len(row) > max(id_at, name_at)}


# --- SCB PxWeb ---------------------------------------------------------------


def read_pxweb(data: bytes | str, *, label: str = "the file") -> list[IndicatorTable]:
    """A PxWeb response: JSON-stat 2.0 (API v1 or v2) or the v1 "json" layout (columns, data)."""
    try:
        document = json.loads(_decode(data))
    except json.JSONDecodeError as error:
        raise ImportProblem(f"{label} is not valid JSON: {error.msg} (line {error.lineno})") from error
    if isinstance(document, dict) and document.get("class") == "dataset" and "dimension" in document:
        return _json_stat(document, label)
    if isinstance(document, dict) and "columns" in document and "data" in document:
        return _pxweb_v1(document, label)
    raise ImportProblem(f"{label}: not a PxWeb response (JSON-stat 2.0 dataset, or columns and data)")


def _is_total(code: str, text: str) -> bool:
    lowered = text.strip().lower()
    return code in ("TotSa", "1+2", "tot", "Tot") or lowered.startswith(TOTAL_WORDS)


def _json_stat(document: dict, label: str) -> list[IndicatorTable]:
    ids, sizes = document["id"], document["size"]
    if len(ids) != len(sizes):
        raise ImportProblem(f"{label}: 'id' and 'size' differ in length")
    roles = document.get("role", {})
    time_ids = set(roles.get("time", []))
    metric_ids = set(roles.get("metric", []))
    categories = []
    for dim, size in zip(ids, sizes):
        category = document["dimension"][dim]["category"]
        index = category.get("index")
        if isinstance(index, dict):
            codes = sorted(index, key=index.get)
        elif isinstance(index, list):
            codes = index
        else:
            codes = list(category.get("label", {}))
        if len(codes) != size:
            raise ImportProblem(f"{label}: dimension {dim!r} has {len(codes)} categories, not {size}")
        labels = category.get("label", {})
        categories.append([(code, labels.get(code, code)) for code in codes])
    values = document["value"]
    total = math.prod(sizes)
    if isinstance(values, dict):
        values = [values.get(str(i)) for i in range(total)]
    if len(values) != total:
        raise ImportProblem(f"{label}: {len(values)} values for {total} cells")
    metric = next((d for d in ids if d in metric_ids), None)
    metric_cats = categories[ids.index(metric)] if metric else [(None, None)]
    tables = {}
    for code, text in metric_cats:
        unit_info = document["dimension"][metric]["category"].get("unit", {}).get(code, {}) if metric else {}
        name = text or document.get("label", "")
        tables[code] = IndicatorTable(
            name=name,
            unit=str(unit_info.get("base", "")),
            source=str(document.get("source", "SCB")),
            code=str(document.get("extension", {}).get("px", {}).get("tableid", "")),
            description=document.get("label", ""),
        )
    for flat, combination in enumerate(_product(categories)):
        value = _number(values[flat], f"{label}, value {flat}")
        if value is None:
            continue
        mapping, period, metric_code = {}, "", None
        for dim, size, (code, text) in zip(ids, sizes, combination):
            if dim in time_ids:
                period = code
            elif dim == metric:
                metric_code = code
            elif size > 1 and not _is_total(code, text):
                mapping[document["dimension"][dim].get("label", dim)] = text
        tables[metric_code].add(period, mapping, value)
    return [t for t in tables.values() if t.rows]


def _product(categories):
    import itertools

    return itertools.product(*categories)


def _pxweb_v1(document: dict, label: str) -> list[IndicatorTable]:
    columns = document["columns"]
    keys = [c for c in columns if c.get("type") in ("d", "t")]
    contents = [c for c in columns if c.get("type") == "c"]
    if not contents:
        raise ImportProblem(f"{label}: no content column (type c)")
    source = (document.get("metadata") or [{}])[0]
    tables = [IndicatorTable(name=c.get("text", c["code"]), source=source.get("source", "SCB"), code=c["code"], description=source.get("label", "")) for c in contents]
    # A dimension with one category throughout (the region of a one-municipality table) is not shown.
    distinct = {c["code"]: set() for c in keys}
    for entry in document["data"]:
        for column, code in zip(keys, entry["key"]):
            distinct[column["code"]].add(code)
    seen = set()
    for number, entry in enumerate(document["data"]):
        mapping, period = {}, ""
        for column, code in zip(keys, entry["key"]):
            if column.get("type") == "t":
                period = code
            elif len(distinct[column["code"]]) > 1 and not _is_total(code, code):
                text = SCB_SEX_CODES.get(code, code) if column["code"] == "Kon" else code
                mapping[column.get("text", column["code"])] = text
        key = (period, tuple(sorted(mapping.items())))
        if key in seen:
            raise ImportProblem(f"{label}, data[{number}]: the same key appears twice")
        seen.add(key)
        for table, raw in zip(tables, entry["values"]):
            value = _number(raw, f"{label}, data[{number}]")
            if value is not None:
                table.add(period, dict(mapping), value)
    return [t for t in tables if t.rows]


# --- Any of them ---------------------------------------------------------------

FORMATS = {
    "open-sdg": "Open SDG CSV",
    "open-sdg-xlsx": "Open SDG XLSX",
    "kolada": "Kolada (JSON or CSV)",
    "pxweb": "SCB PxWeb (JSON-stat 2.0 or json)",
}


def read_any(data: bytes, *, file_format: str, name: str = "", label: str = "the file", municipalities=None) -> list[IndicatorTable]:
    if file_format == "open-sdg":
        return read_open_sdg(data, name=name, label=label)
    if file_format == "open-sdg-xlsx":
        return read_open_sdg_xlsx(data, name=name, label=label)
    if file_format == "kolada":
        return read_kolada(data, municipalities=municipalities, label=label)
    if file_format == "pxweb":
        return read_pxweb(data, label=label)
    raise ImportProblem(f"unknown format {file_format!r}; choose one of {', '.join(FORMATS)}")


def guess_format(data: bytes, filename: str = "") -> str:
    """open-sdg, open-sdg-xlsx, kolada or pxweb, from the content."""
    if data[:4] == b"PK\x03\x04":
        return "open-sdg-xlsx"
    text = _decode(data[:4096]).lstrip()
    if text.startswith("{") and ('"columns"' in text or '"dimension"' in text or '"class"' in text):
        return "pxweb"
    if text.startswith(("{", "[")):
        return "kolada"
    first = text.split("\n", 1)[0].lower()
    if "kpi" in first or first.startswith("geo,"):
        return "kolada"
    return "open-sdg"
