"""Disaggregated statistics from microdata, without Django.

`read_microdata` reads one row per person or response (CSV, XLSX or Parquet)
into a Polars frame; `crosstab` breaks a value column down by any combination
of grouping columns, with margins, 95 % confidence intervals and small-cell
protection; `gaps` compares each group with the total and with a reference
group; `representativeness` compares who took part in a dialogue or survey
with the population.

Every problem with the input raises `StatisticsError` with a message that
names it. The caller's frame is never changed. A suppressed cell leaves the
engine without its count, value or interval: nothing downstream can show
what it never received. The rules are described in docs/small-cells.md and
the methods in docs/statistics.md.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

TOTAL = "Total"
MISSING = "(missing)"
DEFAULT_MIN_CELL = 5
MAX_LEVELS = 1000  # more distinct values than this in a grouping column is probably an identifier
MAX_CELLS = 250_000
Z95 = 1.959963984540054
SHARE = "share"
MEAN = "mean"

_PRIME = (1 << 61) - 1  # for the exact linear audit of suppression patterns


class StatisticsError(ValueError):
    """Input the engine cannot use; the message says what is wrong and where."""


# --- Reading -----------------------------------------------------------------


def read_microdata(source, *, filename: str | None = None) -> pl.DataFrame:
    """A frame from a CSV, XLSX or Parquet file: a path, bytes or a binary file object.

    The format comes from the content (XLSX and Parquet have signatures), so a
    misnamed file still reads. CSV may be separated by commas or semicolons
    (Swedish Excel writes semicolons) and may start with a byte-order mark.
    """
    name = filename
    if isinstance(source, (str, Path)):
        path = Path(source)
        name = name or path.name
        try:
            data = path.read_bytes()
        except OSError as error:
            raise StatisticsError(f"cannot read {path}: {error.strerror or error}") from error
    elif isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    else:
        data = source.read()
    label = name or "the file"
    if not data.strip():
        raise StatisticsError(f"{label} is empty")
    if data[:4] == b"PAR1":
        try:
            frame = pl.read_parquet(io.BytesIO(data))
        except Exception as error:  # Polars raises several types for broken files
            raise StatisticsError(f"{label} is not a readable Parquet file: {error}") from error
    elif data[:4] == b"PK\x03\x04":
        frame = _read_xlsx(data, label)
    else:
        frame = _read_csv(data, label)
    if frame.width == 0 or frame.height == 0:
        raise StatisticsError(f"{label} has no data rows")
    return frame


def _read_csv(data: bytes, label: str) -> pl.DataFrame:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")  # older Swedish Excel exports
    first = text.split("\n", 1)[0]
    separator = ";" if first.count(";") > first.count(",") else ","
    try:
        frame = pl.read_csv(
            text.encode("utf-8"),
            separator=separator,
            infer_schema_length=10_000,
            null_values=[""],
            truncate_ragged_lines=False,
        )
    except Exception as error:
        raise StatisticsError(f"{label} is not a readable CSV file: {_first_line(error)}") from error
    if separator == ";":
        frame = _decimal_commas(frame)
    return frame


def _decimal_commas(frame: pl.DataFrame) -> pl.DataFrame:
    """Semicolon files from Swedish Excel write 0,5 for 0.5: make such text columns numbers."""
    pattern = r"^-?\d+(,\d+)?$"
    fixes = []
    for name, dtype in frame.schema.items():
        if dtype == pl.String:
            column = frame[name].drop_nulls()
            if column.len() and column.str.contains(pattern).all():
                fixes.append(pl.col(name).str.replace(",", ".").cast(pl.Float64))
    return frame.with_columns(fixes) if fixes else frame


def _read_xlsx(data: bytes, label: str) -> pl.DataFrame:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raise StatisticsError(f"{label} is not a readable XLSX file: {_first_line(error)}") from error
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise StatisticsError(f"{label} has no data rows")
    names = [str(h).strip() if h is not None else "" for h in header]
    while names and not names[-1]:
        names.pop()
    if not names or "" in names:
        raise StatisticsError(f"{label}: every column needs a heading in the first row")
    if len(set(names)) != len(names):
        raise StatisticsError(f"{label}: two columns have the same heading")
    columns: list[list] = [[] for _ in names]
    for row in rows:
        row = list(row[: len(names)]) + [None] * (len(names) - len(row))
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            continue
        for index, value in enumerate(row):
            columns[index].append(value.strip() or None if isinstance(value, str) else value)
    workbook.close()
    series = []
    for name, values in zip(names, columns):
        present = [v for v in values if v is not None]
        if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
            dtype = pl.Int64 if all(isinstance(v, int) or float(v).is_integer() for v in present) else pl.Float64
            cast = int if dtype == pl.Int64 else float
            series.append(pl.Series(name, [None if v is None else cast(v) for v in values], dtype=dtype))
        else:
            series.append(pl.Series(name, [None if v is None else str(v) for v in values], dtype=pl.String))
    return pl.DataFrame(series)


def _first_line(error: Exception) -> str:
    return str(error).strip().split("\n", 1)[0]


# --- Results -----------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One cell of a table. When `suppressed`, n, value and the interval are None."""

    levels: tuple[str, ...]
    n: int | None
    value: float | None
    ci_low: float | None
    ci_high: float | None
    suppressed: bool
    suppression: str = ""  # "primary" (n below the threshold) or "secondary" (protects another cell)
    effective_n: float | None = None

    @property
    def is_margin(self) -> bool:
        return TOTAL in self.levels


@dataclass
class CrossTab:
    by: tuple[str, ...]
    value_column: str
    weight_column: str | None
    kind: str  # SHARE or MEAN
    min_cell: int
    levels: dict[str, list[str]]
    cells: list[Cell]
    metadata: dict = field(default_factory=dict)

    def cell(self, *levels: str) -> Cell:
        return self._index()[tuple(levels)]

    def _index(self) -> dict[tuple[str, ...], Cell]:
        index = self.__dict__.get("_cell_index")
        if index is None:
            index = {c.levels: c for c in self.cells}
            self.__dict__["_cell_index"] = index
        return index

    @property
    def total(self) -> Cell:
        return self.cell(*([TOTAL] * len(self.by)))

    def records(self) -> list[dict]:
        """One mapping per cell: the grouping columns, n, value, ci_low, ci_high, suppressed."""
        return [
            {
                **dict(zip(self.by, c.levels)),
                "n": c.n,
                "value": c.value,
                "ci_low": c.ci_low,
                "ci_high": c.ci_high,
                "suppressed": c.suppressed,
            }
            for c in self.cells
        ]


# --- Validation --------------------------------------------------------------


def _check_columns(frame: pl.DataFrame, names: Iterable[str], what: str) -> None:
    known = set(frame.columns)
    for name in names:
        if name not in known:
            listed = ", ".join(frame.columns[:20]) + (" …" if frame.width > 20 else "")
            raise StatisticsError(f"unknown {what} column {name!r}; the file has: {listed}")


def _check_threshold(min_cell) -> int:
    if isinstance(min_cell, bool) or not isinstance(min_cell, int) or min_cell < 1:
        raise StatisticsError(f"the small-cell threshold must be a whole number of at least 1, not {min_cell!r}")
    return min_cell


def _numeric(frame: pl.DataFrame, name: str, what: str) -> pl.DataFrame:
    """The frame with column `name` as Float64, or an error naming the first value that is not a number."""
    dtype = frame.schema[name]
    if dtype.is_numeric():
        return frame  # cast inside the aggregations, without a copy of the column
    if dtype == pl.Boolean:
        return frame.with_columns(pl.col(name).cast(pl.Int8))
    if dtype == pl.String:
        cleaned = pl.col(name).str.strip_chars().str.replace(",", ".")
        converted = frame.select(cleaned.cast(pl.Float64, strict=False).alias("_x"), pl.col(name))
        bad = converted.filter(pl.col("_x").is_null() & pl.col(name).is_not_null() & (pl.col(name).str.strip_chars() != ""))
        if bad.height == 0:
            return frame.with_columns(cleaned.cast(pl.Float64, strict=False).alias(name))
        example = bad[name][0]
        raise StatisticsError(f"the {what} column {name!r} must hold numbers; it has {example!r}")
    raise StatisticsError(f"the {what} column {name!r} must hold numbers, not {dtype}")


def _level_text(frame: pl.DataFrame, by: Sequence[str]) -> list[pl.Expr]:
    return [pl.col(name).cast(pl.String).fill_null(MISSING).alias(name) for name in by]


def _natural_key(text: str):
    return [(0, int(part), "") if part.isdigit() else (1, 0, part.lower()) for part in re.split(r"(\d+)", text) if part]


# --- Cross-tabulation --------------------------------------------------------


def crosstab(
    data: pl.DataFrame,
    *,
    by: Sequence[str],
    value: str,
    weight: str | None = None,
    min_cell: int = DEFAULT_MIN_CELL,
    kind: str | None = None,
    force: bool = False,
    max_levels: int = MAX_LEVELS,
) -> CrossTab:
    """The value broken down by every combination of the `by` columns, with all margins.

    `kind` is SHARE for a 0/1 value (the default when every value is 0 or 1)
    and MEAN otherwise. Rows with no value are left out (and counted in the
    metadata). Cells with n below `min_cell` are suppressed, then further
    cells so that no suppressed figure can be worked out from the others.
    """
    by = tuple(by)
    min_cell = _check_arguments(data, by=by, value=value, weight=weight, min_cell=min_cell, kind=kind)

    frame = data.select([*by, value] + ([weight] if weight else []))  # a new frame; the columns are shared, not copied
    frame = _numeric(frame, value, "value")
    if weight:
        frame = _numeric(frame, weight, "weight")
    found = _check_values(frame, by=by, value=value, weight=weight, force=force, max_levels=max_levels)
    kind = _choose_kind(kind, binary=found["binary"], value=value)
    if found["missing_value"] == data.height:
        raise StatisticsError(f"the value column {value!r} is empty")

    cells_table, levels = _aggregate(frame, by=by, value=value, weight=weight, kind=kind, drop_missing=found["missing_value"] > 0)
    sizes = math.prod(len(levels[name]) + 1 for name in by)
    if sizes > MAX_CELLS:
        raise StatisticsError(f"the table would have {sizes} cells; choose fewer or coarser grouping columns")

    stats = _full_table(cells_table, by=by, levels=levels, weighted=weight is not None)
    counts = {key: row[0] for key, row in stats.items()}
    status = suppress(counts, by_sizes=[len(levels[name]) for name in by], min_cell=min_cell, level_order=levels)
    cells = _crosstab_cells(stats, status, by=by, levels=levels, kind=kind, weighted=weight is not None)
    metadata = _crosstab_metadata(
        kind=kind,
        by=by,
        value=value,
        weight=weight,
        min_cell=min_cell,
        rows=data.height,
        rows_without_value=found["missing_value"],
        status=status,
    )
    return CrossTab(by, value, weight, kind, min_cell, levels, cells, metadata)


def _check_arguments(data, *, by: tuple[str, ...], value: str, weight: str | None, min_cell, kind: str | None) -> int:
    """The small-cell threshold, once every argument is known to be usable."""
    if not by:
        raise StatisticsError("choose at least one grouping column")
    if len(set(by)) != len(by):
        raise StatisticsError("a grouping column is named twice")
    min_cell = _check_threshold(min_cell)
    if not isinstance(data, pl.DataFrame):
        raise StatisticsError("the data must be a Polars DataFrame (use read_microdata)")
    if data.height == 0:
        raise StatisticsError("the data has no rows")
    _check_columns(data, by, "grouping")
    _check_columns(data, [value], "value")
    if value in by:
        raise StatisticsError(f"{value!r} cannot be both the value and a grouping column")
    if weight is not None:
        _check_columns(data, [weight], "weight")
        if weight in by or weight == value:
            raise StatisticsError(f"{weight!r} cannot be the weight and also a grouping or value column")
    if kind not in (None, SHARE, MEAN):
        raise StatisticsError(f"kind must be {SHARE!r} or {MEAN!r}, not {kind!r}")
    return min_cell


def _check_values(
    frame: pl.DataFrame, *, by: tuple[str, ...], value: str, weight: str | None, force: bool, max_levels: int
) -> dict:
    """What the checks found (missing values, whether the value is 0/1), or an error for unusable values."""
    # One lazy pass for every check: distinct levels, missing values, weights, 0/1.
    y = pl.col(value).cast(pl.Float64)
    checks = [pl.col(name).n_unique().alias(f"levels:{name}") for name in by if _may_have_many_levels(frame.schema[name], max_levels)]
    checks += [
        y.null_count().alias("missing_value"),
        y.is_nan().sum().alias("nan_value"),
        ((y == 0) | (y == 1) | y.is_null()).all().alias("binary"),
    ]
    if weight:
        w = pl.col(weight).cast(pl.Float64)
        checks += [w.null_count().alias("missing_weight"), (w < 0).sum().alias("negative_weight"), w.is_nan().sum().alias("nan_weight")]
    found = frame.lazy().select(checks).collect().row(0, named=True)
    for name in by:
        if found.get(f"levels:{name}", 0) > max_levels and not force:
            raise StatisticsError(
                f"the grouping column {name!r} has {found[f'levels:{name}']} distinct values: it looks like an "
                f"identifier, not a group; choose another column or force it"
            )
    if found["nan_value"]:
        raise StatisticsError(f"the value column {value!r} has values that are not numbers (NaN)")
    if weight:
        if found["missing_weight"] or found["nan_weight"]:
            raise StatisticsError(f"the weight column {weight!r} has {found['missing_weight'] + found['nan_weight']} rows without a weight")
        if found["negative_weight"]:
            raise StatisticsError(f"the weight column {weight!r} has {found['negative_weight']} negative weights")
    return found


def _choose_kind(kind: str | None, *, binary: bool, value: str) -> str:
    if kind is None:
        return SHARE if binary else MEAN
    if kind == SHARE and not binary:
        raise StatisticsError(f"a share needs the value column {value!r} to hold only 0 and 1")
    return kind


def _crosstab_cells(
    stats: dict, status: dict, *, by: tuple[str, ...], levels: dict[str, list[str]], kind: str, weighted: bool
) -> list[Cell]:
    """Every cell in table order; a suppressed one without its figures."""
    cells = []
    for key in _ordered_keys(by, levels):
        n, *sums = stats[key]
        why = status.get(key, "")
        if why:
            cells.append(Cell(levels=key, n=None, value=None, ci_low=None, ci_high=None, suppressed=True, suppression=why))
            continue
        estimate, low, high, n_eff = _estimate(kind, weighted, n, sums)
        cells.append(Cell(key, n, estimate, low, high, False, "", n_eff))
    return cells


def _crosstab_metadata(
    *,
    kind: str,
    by: tuple[str, ...],
    value: str,
    weight: str | None,
    min_cell: int,
    rows: int,
    rows_without_value: int,
    status: dict,
) -> dict:
    metadata = {
        "kind": kind,
        "value_column": value,
        "weight_column": weight,
        "grouping_columns": list(by),
        "confidence_level": 0.95,
        "min_cell": min_cell,
        "rows": rows,
        "rows_without_value": rows_without_value,
        "total_label": TOTAL,
        "missing_label": MISSING,
        "interval": _interval_note(kind, weight is not None),
        "suppressed_primary": sum(1 for v in status.values() if v == "primary"),
        "suppressed_secondary": sum(1 for v in status.values() if v == "secondary"),
        "suppression": (
            f"cells with n below {min_cell} are suppressed (primary); further cells are suppressed (secondary) so that "
            "every row, column and margin line holds either none or at least two suppressed cells and no suppressed "
            "figure follows from the others by linear arithmetic"
        ),
    }
    if weight:
        metadata["effective_sample_size"] = "Kish: (sum of weights)^2 / sum of squared weights, per cell"
    return metadata


def _interval_note(kind: str, weighted: bool) -> str:
    if kind == SHARE and not weighted:
        return "Wilson score interval on the unweighted n"
    if kind == SHARE:
        return "Wilson score interval on the weighted share with Kish's effective sample size in place of n"
    if not weighted:
        return "normal approximation: mean ± 1.96 × standard deviation / √n"
    return "normal approximation on the weighted mean with Kish's effective sample size in place of n"


def _may_have_many_levels(dtype, max_levels: int) -> bool:
    """Only columns that could hold more than max_levels values need counting (an Enum knows its own)."""
    if isinstance(dtype, pl.Enum):
        return len(dtype.categories) > max_levels
    return dtype not in (pl.Boolean, pl.Int8, pl.UInt8)


def _aggregate(frame: pl.DataFrame, *, by, value, weight, kind, drop_missing: bool):
    """The finest cells' sums in one lazy group-by over the rows; margins are added from these sums later."""
    rows = frame.lazy()
    if drop_missing:
        rows = rows.filter(pl.col(value).is_not_null())
    y = pl.col(value).cast(pl.Float64)
    aggregations = [pl.len().alias("n")]
    if weight:
        w = pl.col(weight).cast(pl.Float64)
        aggregations += [w.sum().alias("sw"), (w * y).sum().alias("swy"), (w * w).sum().alias("sw2")]
        if kind == MEAN:
            aggregations.append((w * y * y).sum().alias("swy2"))
    else:
        aggregations.append(y.sum().alias("sy"))
        if kind == MEAN:
            aggregations.append((y * y).sum().alias("sy2"))
    schema = frame.schema
    categories = [list(schema[name].categories) if isinstance(schema[name], pl.Enum) else None for name in by]
    if all(c is not None for c in categories) and math.prod(len(c) for c in categories) < 2**31:
        # All Enums: group by one integer made of their codes, which is faster than by several columns.
        key = pl.lit(0, dtype=pl.UInt32)
        for name, found in zip(by, categories):
            key = key * len(found) + pl.col(name).to_physical().cast(pl.UInt32)
        coded = rows.group_by(key.alias("_key")).agg(aggregations).collect()
        decoded = {name: [] for name in by}
        for code in coded["_key"].to_list():
            for name, found in reversed(list(zip(by, categories))):
                code, index = divmod(code, len(found))
                decoded[name].append(found[index])
        table = coded.drop("_key").with_columns([pl.Series(name, decoded[name], dtype=pl.String) for name in by])
    else:
        table = rows.group_by(list(by)).agg(aggregations).with_columns(_level_text(frame, by)).collect()
    levels = {}
    for name in by:
        found = table[name].unique().to_list()
        if TOTAL in found:
            raise StatisticsError(f"the grouping column {name!r} has a value {TOTAL!r}, which Lika uses for the margins")
        levels[name] = sorted(found, key=_natural_key)
    return table, levels


def _full_table(table: pl.DataFrame, *, by, levels, weighted: bool) -> dict[tuple[str, ...], list]:
    """Sums for every cell of the full table, margins included; combinations nobody falls in have n = 0."""
    sums = [c for c in table.columns if c not in by]
    finest = {tuple(row[: len(by)]): list(row[len(by) :]) for row in table.select([*by, *sums]).iter_rows()}
    zero = [0] * len(sums)
    result: dict[tuple[str, ...], list] = {}
    for key in itertools.product(*(levels[name] for name in by)):
        result[key] = list(finest.get(key, zero))
    # Each margin adds up the finer cells: one dimension at a time, so each sum is done once.
    for dim in range(len(by)):
        added = {}
        for key, values in result.items():
            if key[dim] == TOTAL:
                continue
            margin = key[:dim] + (TOTAL,) + key[dim + 1 :]
            into = added.setdefault(margin, [0] * len(sums))
            for i, v in enumerate(values):
                into[i] += v
        result.update(added)
    return result


def _ordered_keys(by, levels) -> list[tuple[str, ...]]:
    return list(itertools.product(*([*levels[name], TOTAL] for name in by)))


def _estimate(kind: str, weighted: bool, n: int, sums: list) -> tuple:
    """(value, ci_low, ci_high, effective n) of one cell from its sums."""
    if n == 0:
        return None, None, None, 0
    if weighted:
        sw, swy, sw2, *rest = sums
        if sw <= 0:
            return None, None, None, 0.0
        n_eff = sw * sw / sw2
        estimate = swy / sw
        if kind == SHARE:
            low, high = wilson(estimate, n_eff)
        else:
            (swy2,) = rest
            variance = max(swy2 / sw - estimate * estimate, 0.0)
            low, high = _normal(estimate, variance * n_eff / (n_eff - 1) if n_eff > 1 else None, n_eff)
        return estimate, low, high, n_eff
    sy, *rest = sums
    estimate = sy / n
    if kind == SHARE:
        low, high = wilson(estimate, n)
    else:
        (sy2,) = rest
        variance = max((sy2 - n * estimate * estimate) / (n - 1), 0.0) if n > 1 else None
        low, high = _normal(estimate, variance, n)
    return estimate, low, high, float(n)


def wilson(p: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson's score interval for a share p observed in n (n may be an effective, non-whole size)."""
    if n <= 0:
        return None, None
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(max(p * (1 - p), 0.0) / n + z2 / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def _normal(mean: float, variance: float | None, n: float, z: float = Z95):
    if variance is None or n <= 1:
        return None, None
    half = z * math.sqrt(variance / n)
    return mean - half, mean + half


# --- Suppression -------------------------------------------------------------


def table_lines(keys: Iterable[tuple[str, ...]], dims: int) -> list[list[tuple[str, ...]]]:
    """Every line of the table: along one dimension, the cells of each level and their Total.

    In each line the Total cell equals the sum of the others, for counts and
    for the sums behind every value.
    """
    by_margin: dict[tuple[int, tuple[str, ...]], list[tuple[str, ...]]] = {}
    for key in keys:
        for dim in range(dims):
            margin = key[:dim] + (TOTAL,) + key[dim + 1 :]
            by_margin.setdefault((dim, margin), []).append(key)
    # The margin itself is in its own list (key == margin there); keep it last.
    lines = []
    for (_dim, margin), members in by_margin.items():
        inner = [m for m in members if m != margin]
        if inner:
            lines.append(inner + [margin])
    return lines


def suppress(
    counts: dict[tuple[str, ...], int],
    *,
    by_sizes: Sequence[int] | None = None,
    min_cell: int = DEFAULT_MIN_CELL,
    level_order: dict | None = None,
) -> dict[tuple[str, ...], str]:
    """Which cells to suppress, and why ("primary" or "secondary"), for a full table with margins.

    `counts` holds every cell, margins (TOTAL) included. Primary: n below
    `min_cell`. Secondary, to a fixed point: in every line where exactly one
    cell is suppressed, also suppress the smallest cell still shown; then an
    exact linear audit finds any suppressed cell that the shown cells still
    determine (as when two protected blocks are joined by one cell) and
    suppresses one more cell beside it.
    """
    min_cell = _check_threshold(min_cell)
    if not counts:
        return {}
    dims = len(next(iter(counts)))
    keys = list(counts)
    lines = table_lines(keys, dims)
    lines_of: dict[tuple[str, ...], list[int]] = {}
    for index, line in enumerate(lines):
        for key in line:
            lines_of.setdefault(key, []).append(index)
    order = {key: position for position, key in enumerate(keys)}
    status = {key: "primary" for key, n in counts.items() if n < min_cell}

    def smallest_shown(line):
        shown = [k for k in line if k not in status]
        return min(shown, key=lambda k: (counts[k], TOTAL in k, order[k])) if shown else None

    def close_lines(pending: set[int]):
        while pending:
            index = pending.pop()
            line = lines[index]
            if sum(1 for k in line if k in status) == 1:
                chosen = smallest_shown(line)
                if chosen is not None:
                    status[chosen] = "secondary"
                    pending.update(lines_of[chosen])

    close_lines(set(range(len(lines))))
    while True:
        exposed = exposed_cells(lines, status.keys())
        if not exposed:
            return status
        # Protect the smallest exposed cell by hiding one more cell in one of its lines.
        target = min(exposed, key=lambda k: (counts[k], order[k]))
        options = [smallest_shown(lines[i]) for i in lines_of[target]]
        options = [k for k in options if k is not None]
        if not options:  # every line of the cell is fully suppressed: nothing left to show
            return status
        chosen = min(options, key=lambda k: (counts[k], TOTAL in k, order[k]))
        status[chosen] = "secondary"
        close_lines(set(lines_of[chosen]))


def exposed_cells(lines: list[list[tuple[str, ...]]], suppressed: Iterable[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """The suppressed cells whose values follow exactly from the shown cells and the line equations.

    Each line says: the sum of its inner cells minus its Total is 0. With the
    shown cells known, the suppressed cells are the unknowns; a cell is
    determined when its unit vector lies in the row space of that system,
    which Gaussian elimination (modulo a large prime, exact) tells.
    """
    unknown = list(dict.fromkeys(suppressed))
    if not unknown:
        return set()
    column = {key: i for i, key in enumerate(unknown)}
    rows = []
    for line in lines:
        row = {}
        for key in line[:-1]:
            if key in column:
                row[column[key]] = 1
        if line[-1] in column:
            row[column[line[-1]]] = _PRIME - 1
        if row:
            rows.append(row)
    pivots: dict[int, dict[int, int]] = {}  # pivot column -> row with a 1 there, reduced
    for row in rows:
        # The basis is kept fully reduced, so one pass over its pivot columns reduces the row.
        for col in [c for c in row if c in pivots]:
            factor = row.get(col)
            if factor:
                for c, v in pivots[col].items():
                    row[c] = (row.get(c, 0) - factor * v) % _PRIME
                    if row[c] == 0:
                        del row[c]
        if not row:
            continue
        col = min(row)
        inverse = pow(row[col], _PRIME - 2, _PRIME)
        row = {c: (v * inverse) % _PRIME for c, v in row.items()}
        # Keep the basis fully reduced: remove the new pivot from the other rows.
        for other in pivots.values():
            if other.get(col):
                factor = other[col]
                for c, v in row.items():
                    other[c] = (other.get(c, 0) - factor * v) % _PRIME
                    if other[c] == 0:
                        del other[c]
        pivots[col] = row
    return {unknown[col] for col, row in pivots.items() if len(row) == 1}


# --- Gaps --------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    levels: tuple[str, ...]
    compared_with: tuple[str, ...]
    difference: float
    ratio: float | None
    beyond_intervals: bool  # the two 95 % intervals do not overlap


def gaps(table: CrossTab, *, reference: tuple[str, str] | None = None) -> dict[str, list[Gap]]:
    """Each shown inner cell against the overall total and, if asked, against a reference group.

    `reference` is (grouping column, level): each cell is compared with the
    cell that has the reference level in that column and the same levels in
    the others (women aged 18–29 against men aged 18–29). Suppressed cells
    and cells without a value get no gap.
    """
    result = {"total": [], "reference": []}
    total = table.total
    position = None
    if reference is not None:
        column, level = reference
        if column not in table.by:
            raise StatisticsError(f"the reference column {column!r} is not one of the grouping columns")
        if level not in table.levels[column]:
            raise StatisticsError(f"{level!r} is not a value of {column!r}")
        position = table.by.index(column)
    for cell in table.cells:
        if cell.is_margin or cell.value is None:
            continue
        if total.value is not None:
            result["total"].append(_gap(cell, total))
        if position is not None:
            other = table.cell(*(cell.levels[:position] + (reference[1],) + cell.levels[position + 1 :]))
            if other.levels != cell.levels and other.value is not None:
                result["reference"].append(_gap(cell, other))
    return result


def _gap(cell: Cell, other: Cell) -> Gap:
    ratio = cell.value / other.value if other.value else None
    beyond = (
        None not in (cell.ci_low, cell.ci_high, other.ci_low, other.ci_high)
        and (cell.ci_low > other.ci_high or cell.ci_high < other.ci_low)
    )
    return Gap(cell.levels, other.levels, cell.value - other.value, ratio, bool(beyond))


# --- Representativeness ------------------------------------------------------

COUNT_COLUMNS = ("count", "n", "antal", "population", "participants", "deltagare")
UNDER_RATIO = 0.8


@dataclass(frozen=True)
class GroupShare:
    group: str
    participants: int
    participant_share: float
    ci_low: float
    ci_high: float
    population: int
    population_share: float
    ratio: float | None
    under_represented: bool
    additional_needed: int  # more participants of this group to reach its population share, others unchanged


@dataclass
class Representativeness:
    by: str
    groups: list[GroupShare]
    total_participants: int
    total_population: int
    metadata: dict = field(default_factory=dict)

    def records(self) -> list[dict]:
        rows = [
            {
                self.by: g.group,
                "participants": g.participants,
                "participant_share": g.participant_share,
                "ci_low": g.ci_low,
                "ci_high": g.ci_high,
                "population": g.population,
                "population_share": g.population_share,
                "ratio": g.ratio,
                "under_represented": g.under_represented,
                "additional_needed": g.additional_needed,
            }
            for g in self.groups
        ]
        rows.append(
            {
                self.by: TOTAL,
                "participants": self.total_participants,
                "participant_share": 1.0,
                "ci_low": None,
                "ci_high": None,
                "population": self.total_population,
                "population_share": 1.0,
                "ratio": 1.0,
                "under_represented": False,
                "additional_needed": sum(g.additional_needed for g in self.groups),
            }
        )
        return rows


def count_column(frame: pl.DataFrame, by: str, *, required: bool, what: str) -> str | None:
    """The column holding counts per group: a numeric column named count, n, antal, population … ."""
    found = [c for c in frame.columns if c != by and c.strip().lower() in COUNT_COLUMNS]
    if len(found) > 1:
        raise StatisticsError(f"the {what} file has more than one count column: {', '.join(found)}")
    if found:
        return found[0]
    if required:
        raise StatisticsError(
            f"the {what} file needs a column with the count per group, named one of: {', '.join(COUNT_COLUMNS)}"
        )
    return None


def _group_counts(frame: pl.DataFrame, by: str, what: str) -> dict[str, int]:
    _check_columns(frame, [by], "grouping")
    if frame.height == 0:
        raise StatisticsError(f"the {what} file has no rows")
    counts_col = count_column(frame, by, required=what == "population", what=what)
    if counts_col is None:  # one row per person
        table = frame.group_by(pl.col(by).cast(pl.String).fill_null(MISSING)).agg(pl.len().alias("_n"))
    else:
        numeric = _numeric(frame.select(by, counts_col), counts_col, "count")
        if numeric[counts_col].null_count():
            raise StatisticsError(f"the {what} file has groups without a count in {counts_col!r}")
        if (numeric[counts_col] < 0).any():
            raise StatisticsError(f"the {what} file has negative counts in {counts_col!r}")
        if (numeric[counts_col] != numeric[counts_col].round()).any():
            raise StatisticsError(f"the {what} file's counts in {counts_col!r} must be whole numbers")
        table = numeric.group_by(pl.col(by).cast(pl.String).fill_null(MISSING)).agg(pl.col(counts_col).sum().alias("_n"))
    result = {row[0]: int(row[1]) for row in table.iter_rows()}
    # A count file may carry its own total row; the total is worked out here.
    if counts_col is not None and len(result) > 1:
        result.pop(TOTAL, None)
    return result


def representativeness(participants: pl.DataFrame, population: pl.DataFrame, *, by: str) -> Representativeness:
    """Each group's share of the participants against its share of the population.

    `participants` is one row per participant with the `by` column, or one
    row per group with a count column; `population` is one row per group
    with a count column. A group is under-represented when its share among
    the participants is under 0.8 of its population share and the
    population share lies above the participants' 95 % Wilson interval.
    """
    taken = _group_counts(participants, by, "participants")
    living = _group_counts(population, by, "population")
    strange = sorted(set(taken) - set(living), key=_natural_key)
    if strange:
        raise StatisticsError(
            f"the participants have groups the population lacks in {by!r}: {', '.join(strange[:5])}"
            + (" …" if len(strange) > 5 else "")
        )
    total_taken = sum(taken.values())
    total_living = sum(living.values())
    if total_taken == 0:
        raise StatisticsError("there are no participants")
    if total_living == 0:
        raise StatisticsError("the population counts add up to 0")
    groups = []
    for group in sorted(living, key=_natural_key):
        n = taken.get(group, 0)
        share = n / total_taken
        low, high = wilson(share, total_taken)
        pop_share = living[group] / total_living
        ratio = share / pop_share if pop_share else None
        under = ratio is not None and ratio < UNDER_RATIO and pop_share > high
        needed = 0
        if share < pop_share < 1:
            # (n + x) / (total + x) >= population share, solved for the smallest whole x.
            needed = math.ceil((pop_share * total_taken - n) / (1 - pop_share) - 1e-9)
        groups.append(GroupShare(group, n, share, low, high, living[group], pop_share, ratio, under, needed))
    metadata = {
        "interval": "Wilson score interval on the participants' share",
        "under_represented": f"ratio of shares under {UNDER_RATIO} and the population share above the interval",
        "additional_needed": "participants of the group to add, the others unchanged, to reach its population share",
    }
    return Representativeness(by, groups, total_taken, total_living, metadata)


# --- Output ------------------------------------------------------------------


def format_number(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return f"{value:.6g}" if abs(value) < 1e6 else f"{value:.1f}"


def records_to_csv(records: list[dict]) -> str:
    if not records:
        return ""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(records[0].keys())
    for record in records:
        writer.writerow([v if isinstance(v, str) else format_number(v) for v in record.values()])
    return buffer.getvalue()
