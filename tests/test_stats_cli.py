"""`lika stats crosstab` and `lika stats representativeness` as a script would use them."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

DATA = Path(__file__).parent / "data"


def run(*args) -> str:
    out = io.StringIO()
    call_command("stats", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def survey(tmp_path):
    path = tmp_path / "survey.csv"
    lines = ["sex,age,afraid,weight"]
    # 40 women and 40 men aged 18-29, 3 men aged 85+ (a small cell).
    lines += [f"Kvinna,18-29,{int(i < 20)},1.0" for i in range(40)]
    lines += [f"Man,18-29,{int(i < 8)},1.0" for i in range(40)]
    lines += [f"Kvinna,85+,{int(i < 3)},2.0" for i in range(30)]
    lines += ["Man,85+,1,1.0"] * 3
    lines += [f"{sex},45-64,{int(i < 10)},1.0" for sex in ("Kvinna", "Man") for i in range(50)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_crosstab_writes_one_row_per_cell_with_margins_and_blanks_for_suppressed(survey):
    rows = list(csv.DictReader(io.StringIO(run("crosstab", str(survey), "--by", "sex,age", "--value", "afraid"))))
    assert list(rows[0]) == ["sex", "age", "n", "value", "ci_low", "ci_high", "suppressed"]
    cells = {(r["sex"], r["age"]): r for r in rows}
    assert len(cells) == 12  # 3 × 4 with the Total margins
    assert cells[("Kvinna", "45-64")]["n"] == "50" and float(cells[("Kvinna", "45-64")]["value"]) == 0.2
    small = cells[("Man", "85+")]
    assert small["suppressed"] == "true" and small["n"] == small["value"] == small["ci_low"] == small["ci_high"] == ""
    assert cells[("Kvinna", "85+")]["suppressed"] == "true"  # else 85+ Total minus it gives the men
    assert cells[("Man", "18-29")]["suppressed"] == "true"  # else the men's Total gives them
    assert cells[("Kvinna", "18-29")]["suppressed"] == "true"  # and so on, until every line hides two
    assert cells[("Total", "85+")]["n"] == "33"
    assert cells[("Total", "Total")]["n"] == "213" and cells[("Total", "Total")]["suppressed"] == "false"


def test_min_cell_and_weights_and_json_metadata(survey):
    result = json.loads(run("crosstab", str(survey), "--by", "sex", "--value", "afraid", "--weight", "weight", "--min-cell", "2", "--format", "json"))
    assert "Kish" in result["metadata"]["interval"]
    assert result["metadata"]["min_cell"] == 2
    women = next(c for c in result["cells"] if c["sex"] == "Kvinna")
    assert women["n"] == 120 and women["suppressed"] is False
    assert women["value"] == pytest.approx((20 + 3 * 2 + 10) / (40 + 30 * 2 + 50))


def test_bad_input_stops_with_a_one_line_message(survey):
    with pytest.raises(CommandError, match="unknown value column 'rädd'"):
        run("crosstab", str(survey), "--by", "sex", "--value", "rädd")
    completed = subprocess.run(
        [sys.executable, "-c", "from lika.cli import main; main()", "stats", "crosstab", str(survey), "--by", "sex", "--value", "sex"],
        capture_output=True,
        text=True,
    )
    assert completed.returncode != 0
    assert completed.stdout == ""
    message = completed.stderr.strip().splitlines()[-1]
    assert "cannot be both the value and a grouping column" in message


def test_representativeness_flags_the_young_and_the_old():
    text = run("representativeness", str(DATA / "stats_participants.csv"), str(DATA / "stats_population.csv"), "--by", "age_band")
    rows = {r["age_band"]: r for r in csv.DictReader(io.StringIO(text))}
    assert [g for g, r in rows.items() if r["under_represented"] == "true"] == ["16-24", "75+"]
    # 6 of 140 against 12.5 %: 14 more make (6 + 14) / 154 ≥ 0.125.
    assert rows["16-24"]["additional_needed"] == "14"
    assert rows["Total"]["participants"] == "140" and rows["Total"]["population"] == "113600"


def test_representativeness_refuses_groups_the_population_lacks(tmp_path):
    population = tmp_path / "pop.csv"
    population.write_text("age_band,count\n25-44,100\n", encoding="utf-8")
    with pytest.raises(CommandError, match="groups the population lacks in 'age_band': 16-24"):
        run("representativeness", str(DATA / "stats_participants.csv"), str(population), "--by", "age_band")


def test_the_command_line_stats_start_without_django(survey):
    """`lika stats` needs no database: it runs without importing Django, so it starts as fast as Polars."""
    script = (
        "import sys\n"
        "from lika.cli import main\n"
        f"sys.argv = ['lika', 'stats', 'crosstab', {str(survey)!r}, '--by', 'sex', '--value', 'afraid']\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    sys.stderr.write('django imported: %s\\n' % any(m == 'django' or m.startswith('django.') for m in sys.modules))\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("sex,n,value,ci_low,ci_high,suppressed")
    assert "django imported: False" in completed.stderr


def test_a_wrong_threshold_setting_stops_the_plain_command_with_one_line(survey, monkeypatch):
    monkeypatch.setenv("LIKA_SMALL_CELL_THRESHOLD", "five")
    completed = subprocess.run(
        [sys.executable, "-c", "from lika.cli import main; main()", "stats", "crosstab", str(survey), "--by", "sex", "--value", "afraid"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert completed.stderr == "lika: LIKA_SMALL_CELL_THRESHOLD must be a whole number, not 'five'\n"
