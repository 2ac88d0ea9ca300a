"""The statistics engine: numbers checked against plain Python, small cells protected, clear errors."""

import io
import math
import random
from fractions import Fraction

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from lika.statistics import engine
from lika.statistics.engine import TOTAL, StatisticsError, crosstab, read_microdata

Z = 1.959963984540054


def people(count=2000, seed=7):
    rng = random.Random(seed)
    rows = []
    for _ in range(count):
        sex = rng.choice(["Kvinna", "Man"])
        age = rng.choice(["18-29", "30-44", "45-64", "65-84"])
        district = rng.choice(["Centrum", "Drottninghög", "Dalhem", "Rydebäck"])
        afraid = int(rng.random() < (0.5 if sex == "Kvinna" else 0.2))
        rows.append({"sex": sex, "age": age, "district": district, "afraid": afraid, "weight": rng.uniform(0.4, 2.5), "income": rng.gauss(300, 60)})
    return rows


def wilson_by_hand(p, n):
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    return centre - half, centre + half


# --- Numbers -----------------------------------------------------------------


def test_unweighted_shares_and_wilson_intervals_match_a_hand_count():
    rows = people()
    table = crosstab(pl.DataFrame(rows), by=["sex", "age"], value="afraid")
    assert table.kind == "share"
    for sex in ("Kvinna", "Man", TOTAL):
        for age in ("18-29", "30-44", "45-64", "65-84", TOTAL):
            chosen = [r for r in rows if sex in (TOTAL, r["sex"]) and age in (TOTAL, r["age"])]
            n = len(chosen)
            p = sum(r["afraid"] for r in chosen) / n
            cell = table.cell(sex, age)
            assert cell.n == n
            assert cell.value == pytest.approx(p)
            low, high = wilson_by_hand(p, n)
            assert (cell.ci_low, cell.ci_high) == (pytest.approx(low), pytest.approx(high))
    assert table.total.n == len(rows)


def test_weighted_shares_use_kish_effective_sample_size_and_say_so():
    rows = people()
    table = crosstab(pl.DataFrame(rows), by=["sex"], value="afraid", weight="weight")
    women = [r for r in rows if r["sex"] == "Kvinna"]
    sw = sum(r["weight"] for r in women)
    p = sum(r["weight"] * r["afraid"] for r in women) / sw
    n_eff = sw**2 / sum(r["weight"] ** 2 for r in women)
    cell = table.cell("Kvinna")
    assert cell.n == len(women)  # n is always the unweighted count
    assert cell.value == pytest.approx(p)
    assert cell.effective_n == pytest.approx(n_eff)
    assert (cell.ci_low, cell.ci_high) == tuple(pytest.approx(v) for v in wilson_by_hand(p, n_eff))
    assert "Kish" in table.metadata["interval"] and "effective" in table.metadata["interval"]


def test_means_get_a_normal_interval():
    rows = people()
    table = crosstab(pl.DataFrame(rows), by=["district"], value="income")
    assert table.kind == "mean"
    chosen = [r["income"] for r in rows if r["district"] == "Dalhem"]
    n = len(chosen)
    mean = sum(chosen) / n
    sd = math.sqrt(sum((x - mean) ** 2 for x in chosen) / (n - 1))
    cell = table.cell("Dalhem")
    assert cell.value == pytest.approx(mean)
    assert cell.ci_low == pytest.approx(mean - Z * sd / math.sqrt(n))
    assert cell.ci_high == pytest.approx(mean + Z * sd / math.sqrt(n))


def test_weighted_mean_matches_a_hand_computation():
    rows = people()
    table = crosstab(pl.DataFrame(rows), by=["sex"], value="income", weight="weight")
    men = [r for r in rows if r["sex"] == "Man"]
    sw = sum(r["weight"] for r in men)
    assert table.cell("Man").value == pytest.approx(sum(r["weight"] * r["income"] for r in men) / sw)


def test_every_margin_is_there_with_total_and_levels_sort_naturally():
    rows = people(500)
    table = crosstab(pl.DataFrame(rows), by=["sex", "age", "district"], value="afraid", min_cell=1)
    assert len(table.cells) == 3 * 5 * 5
    assert table.levels["age"] == ["18-29", "30-44", "45-64", "65-84"]
    assert table.cell(TOTAL, "18-29", TOTAL).n == sum(1 for r in rows if r["age"] == "18-29")
    assert table.cell("Man", TOTAL, "Dalhem").n == sum(1 for r in rows if r["sex"] == "Man" and r["district"] == "Dalhem")


def test_rows_without_a_value_are_left_out_and_counted():
    frame = pl.DataFrame({"sex": ["K", "K", "M", "M"] * 5, "y": [1, None, 0, 1] * 5})
    table = crosstab(frame, by=["sex"], value="y", min_cell=1)
    assert table.cell("K").n == 5 and table.cell("K").value == 1.0
    assert table.metadata["rows_without_value"] == 5


def test_the_callers_frame_is_not_changed():
    frame = pl.DataFrame(people(200))
    before = frame.clone()
    crosstab(frame, by=["sex"], value="afraid", weight="weight")
    assert frame.equals(before)


def test_gaps_to_the_total_and_to_a_reference_group():
    rows = people(4000)
    table = crosstab(pl.DataFrame(rows), by=["sex", "age"], value="afraid")
    found = engine.gaps(table, reference=("sex", "Man"))
    women_young = next(g for g in found["reference"] if g.levels == ("Kvinna", "18-29"))
    w, m = table.cell("Kvinna", "18-29"), table.cell("Man", "18-29")
    assert women_young.compared_with == ("Man", "18-29")
    assert women_young.difference == pytest.approx(w.value - m.value)
    assert women_young.ratio == pytest.approx(w.value / m.value)
    assert women_young.beyond_intervals  # 50 % against 20 % in some 500 people each
    to_total = next(g for g in found["total"] if g.levels == ("Man", "30-44"))
    assert to_total.difference == pytest.approx(table.cell("Man", "30-44").value - table.total.value)
    with pytest.raises(StatisticsError, match="not a value"):
        engine.gaps(table, reference=("sex", "Annan"))


# --- Errors ------------------------------------------------------------------


def test_unknown_column_is_named():
    with pytest.raises(StatisticsError, match="unknown grouping column 'kön'"):
        crosstab(pl.DataFrame(people(10)), by=["kön"], value="afraid")
    with pytest.raises(StatisticsError, match="unknown value column"):
        crosstab(pl.DataFrame(people(10)), by=["sex"], value="rädd")


def test_a_value_column_of_text_is_refused_with_the_offending_value():
    frame = pl.DataFrame({"sex": ["K", "M"], "y": ["ja", "nej"]})
    with pytest.raises(StatisticsError, match="must hold numbers; it has 'ja'"):
        crosstab(frame, by=["sex"], value="y")


def test_negative_or_missing_weights_are_refused():
    frame = pl.DataFrame({"sex": ["K", "M", "K"], "y": [1, 0, 1], "w": [1.0, -0.5, 2.0]})
    with pytest.raises(StatisticsError, match="1 negative weights"):
        crosstab(frame, by=["sex"], value="y", weight="w")
    frame = pl.DataFrame({"sex": ["K", "M", "K"], "y": [1, 0, 1], "w": [1.0, None, 2.0]})
    with pytest.raises(StatisticsError, match="1 rows without a weight"):
        crosstab(frame, by=["sex"], value="y", weight="w")


def test_an_empty_file_is_refused():
    with pytest.raises(StatisticsError, match="is empty"):
        read_microdata(b"", filename="svar.csv")
    with pytest.raises(StatisticsError, match="no data rows"):
        read_microdata(b"sex,y\n", filename="svar.csv")


def test_an_identifier_as_grouping_column_is_refused_unless_forced():
    frame = pl.DataFrame({"person": [f"p{i}" for i in range(3000)], "y": [i % 2 for i in range(3000)]})
    with pytest.raises(StatisticsError, match="3000 distinct values: it looks like an identifier"):
        crosstab(frame, by=["person"], value="y")
    table = crosstab(frame, by=["person"], value="y", force=True)
    assert all(c.suppressed for c in table.cells if not c.is_margin)
    assert table.total.n == 3000


def test_a_share_asked_of_a_non_binary_column_is_refused():
    with pytest.raises(StatisticsError, match="only 0 and 1"):
        crosstab(pl.DataFrame(people(50)), by=["sex"], value="income", kind="share")


# --- Reading files -----------------------------------------------------------


def test_reads_comma_and_semicolon_csv_with_decimal_commas_and_bom():
    comma = read_microdata("sex,y,w\nK,1,0.5\nM,0,1.5\n".encode(), filename="a.csv")
    semi = read_microdata("\ufeffsex;y;w\nK;1;0,5\nM;0;1,5\n".encode(), filename="b.csv")
    assert comma.columns == semi.columns == ["sex", "y", "w"]
    assert semi["w"].to_list() == [0.5, 1.5]


def test_reads_xlsx_and_parquet():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["sex", "age", "y"])
    for row in [["K", "18-29", 1], ["M", "30-44", 0], ["K", "30-44", 1]]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    from_xlsx = read_microdata(buffer.getvalue(), filename="svar.xlsx")
    assert from_xlsx["y"].to_list() == [1, 0, 1]
    buffer = io.BytesIO()
    from_xlsx.write_parquet(buffer)
    assert read_microdata(buffer.getvalue()).equals(from_xlsx)


def test_a_file_that_is_not_a_table_is_refused():
    with pytest.raises(StatisticsError, match="not a readable XLSX"):
        read_microdata(b"PK\x03\x04 not really a zip", filename="x.xlsx")


# --- Small cells ---------------------------------------------------------------


def test_a_small_cell_shows_nothing_and_its_partner_is_hidden_too():
    frame = pl.DataFrame({"group": ["A"] * 3 + ["B"] * 20 + ["C"] * 30, "y": [1] * 53})
    table = crosstab(frame, by=["group"], value="y")
    a, b, c, total = (table.cell(x) for x in ("A", "B", "C", TOTAL))
    assert a.suppressed and a.suppression == "primary"
    assert a.n is None and a.value is None and a.ci_low is None
    assert b.suppressed and b.suppression == "secondary"  # otherwise A = Total - B - C
    assert not c.suppressed and not total.suppressed


def line_rule_holds(counts, status, min_cell):
    dims = len(next(iter(counts)))
    for line in engine.table_lines(counts, dims):
        hidden = sum(1 for key in line if key in status)
        assert hidden != 1, line
    for key, n in counts.items():
        if key not in status:
            assert n >= min_cell


def rank(rows, width):
    """Rank of a 0/±1 matrix in exact fractions (an elimination independent of the engine's)."""
    matrix = [[Fraction(v) for v in row] for row in rows]
    found = 0
    for col in range(width):
        pivot = next((r for r in range(found, len(matrix)) if matrix[r][col] != 0), None)
        if pivot is None:
            continue
        matrix[found], matrix[pivot] = matrix[pivot], matrix[found]
        for r in range(len(matrix)):
            if r != found and matrix[r][col] != 0:
                factor = matrix[r][col] / matrix[found][col]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[found])]
        found += 1
    return found


def derivable(counts, status):
    """Suppressed cells whose value follows from the shown cells and the line sums."""
    dims = len(next(iter(counts)))
    hidden = sorted(status)
    column = {key: i for i, key in enumerate(hidden)}
    rows = []
    for line in engine.table_lines(counts, dims):
        row = [0] * len(hidden)
        for key in line[:-1]:
            if key in column:
                row[column[key]] += 1
        if line[-1] in column:
            row[column[line[-1]]] -= 1
        if any(row):
            rows.append(row)
    base = rank(rows, len(hidden))
    found = []
    for key, i in column.items():
        unit = [0] * len(hidden)
        unit[i] = 1
        if rank(rows + [unit], len(hidden)) == base:
            found.append(key)
    return found


def full_counts(shape, values):
    """A full table with margins from inner counts (values fill the inner cells in order)."""
    levels = [[f"l{i}" for i in range(size)] for size in shape]
    import itertools

    inner = dict(zip(itertools.product(*levels), values))
    counts = dict(inner)
    for dim in range(len(shape)):
        added = {}
        for key, n in counts.items():
            if key[dim] != TOTAL:
                margin = key[:dim] + (TOTAL,) + key[dim + 1 :]
                added[margin] = added.get(margin, 0) + n
        counts.update(added)
    return counts


@st.composite
def tables(draw, max_dims=3):
    dims = draw(st.integers(1, max_dims))
    shape = [draw(st.integers(1, 5 if dims < 3 else 3)) for _ in range(dims)]
    size = math.prod(shape)
    # Many small counts so that suppression has work to do.
    values = draw(st.lists(st.one_of(st.integers(0, 6), st.integers(0, 60)), min_size=size, max_size=size))
    return full_counts(shape, values)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.integers(1, 6))
def test_no_suppressed_count_can_be_worked_out_in_generated_tables(counts, min_cell):
    status = engine.suppress(counts, min_cell=min_cell)
    line_rule_holds(counts, status, min_cell)
    assert derivable(counts, status) == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("KM"), st.sampled_from(["a", "b", "c"]), st.sampled_from(["x", "y", "z", "w"]), st.integers(0, 1)), min_size=1, max_size=80))
def test_crosstabs_of_generated_microdata_protect_every_small_cell(rows):
    frame = pl.DataFrame(rows, schema=["sex", "age", "district", "y"], orient="row")
    table = crosstab(frame, by=["sex", "age", "district"], value="y")
    counts = {}
    for c in table.cells:
        counts[c.levels] = sum(1 for r in rows if all(level in (TOTAL, r[i]) for i, level in enumerate(c.levels)))
    status = {c.levels: c.suppression for c in table.cells if c.suppressed}
    line_rule_holds(counts, status, 5)
    for c in table.cells:
        if c.suppressed:
            assert c.n is None and c.value is None and c.ci_low is None and c.ci_high is None
        else:
            assert c.n == counts[c.levels]


def test_two_protected_blocks_joined_by_one_cell_get_more_protection():
    # Rows 0-1 × cols 0-1 and rows 2-3 × cols 2-3 are small; (0, 2) bridges them.
    values = [
        1, 1, 2, 50,
        1, 1, 50, 50,
        50, 50, 1, 1,
        50, 50, 1, 1,
    ]
    counts = full_counts([4, 4], values)
    status = engine.suppress(counts, min_cell=5)
    line_rule_holds(counts, status, 5)
    assert derivable(counts, status) == []


def test_enum_columns_give_the_same_table_as_text_columns():
    rows = people(800)
    text = pl.DataFrame(rows)
    enums = text.with_columns(
        pl.col("sex").cast(pl.Enum(["Man", "Kvinna", "Annan"])),
        pl.col("age").cast(pl.Enum(["18-29", "30-44", "45-64", "65-84"])),
    )
    a = crosstab(text, by=["sex", "age"], value="afraid", weight="weight")
    b = crosstab(enums, by=["sex", "age"], value="afraid", weight="weight")
    for x, y in zip(a.records(), b.records()):
        assert x == {k: pytest.approx(v) if isinstance(v, float) else v for k, v in y.items()}
    assert b.levels["sex"] == ["Kvinna", "Man"]  # only the levels that occur


# --- Representativeness --------------------------------------------------------


def test_representativeness_from_counts_flags_only_shortfalls_beyond_the_interval():
    participants = pl.DataFrame({"district": ["Centrum", "Dalhem", "Påarp", "Total"], "antal": [70, 25, 5, 100]})
    population = pl.DataFrame({"district": ["Centrum", "Dalhem", "Påarp"], "population": [50_000, 40_000, 10_000]})
    result = engine.representativeness(participants, population, by="district")
    groups = {g.group: g for g in result.groups}
    assert result.total_participants == 100  # the file's own Total row is not counted twice
    dalhem, paarp = groups["Dalhem"], groups["Påarp"]
    assert dalhem.participant_share == 0.25 and dalhem.population_share == 0.4
    assert dalhem.ratio == pytest.approx(0.625) and dalhem.under_represented
    assert dalhem.additional_needed == 25  # (25 + 25) / 125 = 0.4
    # 5 of 100 against 10 %: ratio 0.5, but 10 % lies inside the Wilson interval of 5/100.
    low, high = wilson_by_hand(0.05, 100)
    assert low < 0.1 < high and not paarp.under_represented and paarp.additional_needed == 6
    assert not groups["Centrum"].under_represented and groups["Centrum"].additional_needed == 0


def test_representativeness_needs_a_count_column_in_the_population():
    with pytest.raises(StatisticsError, match="needs a column with the count per group"):
        engine.representativeness(pl.DataFrame({"age": ["16-24"]}), pl.DataFrame({"age": ["16-24"], "folk": [3]}), by="age")
