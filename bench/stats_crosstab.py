"""Time and peak memory of a three-way weighted cross-tab on 10 million rows.

The rows (sex, age band, district of 40, country-of-birth group, disability,
education, a 0/1 outcome, a weight) are generated the same way, from one
seed, in three fresh processes; each then makes the sex × age band × district
table with every margin, weighted shares, 95 % intervals on Kish's effective
sample size and small-cell flags:

- engine: lika.statistics.engine.crosstab (checks, suppression with its
  exact audit, and all);
- polars: the same numbers written by hand as Polars group-bys;
- pandas: the same numbers written by hand in pandas.

Generation is not timed; each timing is the best of three runs. The peak
resident memory printed is that of the whole process, data included.
Targets on 2 cores: the engine at most 2× the hand-written Polars, at least 5×
faster than pandas, under 2 GB.

Then the whole command, as a user runs it (`--whole-process`, on by default):
the rows are written once to a Parquet file, and two fresh processes are timed
from start to exit, best of three: `lika stats crosstab FILE --by
sex,age_band,district --value outcome --weight weight --out table.csv`, and a
hand-written Polars script that reads the same file, makes the same group-by
with margins and intervals and writes a CSV. Target: `lika` within 1.5× the
script. Last, `lika stats crosstab` of a 6-row CSV against `python -c "import
polars"` (best of five): target under 2×.

    .venv/bin/python bench/stats_crosstab.py [--rows N] [--no-whole-process]
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time

ROWS = 10_000_000
SEED = 2021
BY = ["sex", "age_band", "district"]
Z = 1.959963984540054
LEVELS = {
    "sex": ["Kvinna", "Man"],
    "age_band": ["16-24", "25-44", "45-64", "65-74", "75-84", "85+"],
    "district": [f"Stadsdel {i:02d}" for i in range(1, 41)],
    "birth_region": ["Sverige", "Norden", "EU", "Europa utom EU", "Asien", "Afrika"],
    "disability": ["Nej", "Ja"],
    "education": ["Förgymnasial", "Gymnasial", "Eftergymnasial <3 år", "Eftergymnasial ≥3 år"],
}


def generate(rows: int):
    """Codes and numbers as numpy arrays; the same for every process."""
    import numpy as np

    rng = np.random.default_rng(SEED)
    codes = {
        "sex": rng.integers(0, 2, rows, dtype=np.int8),
        "age_band": rng.choice(6, rows, p=[0.12, 0.32, 0.3, 0.12, 0.1, 0.04]).astype(np.int8),
        # Uneven districts: the last ones are small, so some cells fall under the threshold at 10,000 rows.
        "district": rng.choice(40, rows, p=_district_shares()).astype(np.int8),
        "birth_region": rng.choice(6, rows, p=[0.7, 0.05, 0.08, 0.07, 0.07, 0.03]).astype(np.int8),
        "disability": (rng.random(rows) < 0.15).astype(np.int8),
        "education": rng.integers(0, 4, rows, dtype=np.int8),
    }
    chance = 0.2 + 0.3 * codes["sex"] + 0.02 * codes["age_band"]
    outcome = (rng.random(rows) < chance).astype(np.int8)
    weight = rng.lognormal(0.0, 0.4, rows)
    return codes, outcome, weight


def _district_shares():
    raw = [1.0 / (1 + i * 0.25) for i in range(40)]
    total = sum(raw)
    return [r / total for r in raw]


def polars_frame(rows: int):
    import polars as pl

    codes, outcome, weight = generate(rows)
    columns = {}
    for name, levels in LEVELS.items():
        enum = pl.Enum(levels)
        columns[name] = pl.Series(name, levels, dtype=enum).gather(pl.Series(codes[name]).cast(pl.UInt32))
    columns["outcome"] = pl.Series("outcome", outcome)
    columns["weight"] = pl.Series("weight", weight)
    return pl.DataFrame(columns)


def pandas_frame(rows: int):
    import pandas as pd

    codes, outcome, weight = generate(rows)
    data = {name: pd.Categorical.from_codes(codes[name], categories=levels) for name, levels in LEVELS.items()}
    data["outcome"] = outcome
    data["weight"] = weight
    return pd.DataFrame(data)


# --- The three ways -----------------------------------------------------------


def run_engine(frame):
    from lika.statistics import engine

    table = engine.crosstab(frame, by=BY, value="outcome", weight="weight")
    return {c.levels: (c.n, c.value, c.ci_low, c.ci_high) for c in table.cells}


def run_polars(frame):
    """What an analyst would write by hand in Polars for the same numbers (bench/crosstab_by_hand.py)."""
    import polars as pl
    from crosstab_by_hand import table

    cells = table(frame).with_columns((pl.col("n") < 5).alias("small"))
    return {tuple(r[:3]): (r[3], r[4], r[5], r[6]) for r in cells.select([*BY, "n", "value", "ci_low", "ci_high"]).iter_rows()}


def run_pandas(frame):
    """The same numbers in pandas."""
    import itertools

    import numpy as np
    import pandas as pd

    work = frame[BY].copy()
    work["w"] = frame["weight"]
    work["wy"] = frame["weight"] * frame["outcome"]
    work["w2"] = frame["weight"] ** 2
    finest = work.groupby(BY, observed=True).agg(n=("w", "size"), sw=("w", "sum"), swy=("wy", "sum"), sw2=("w2", "sum")).reset_index()
    for c in BY:
        finest[c] = finest[c].astype(str)
    parts = [finest]
    for size in range(len(BY)):
        for kept in itertools.combinations(BY, size):
            if kept:
                margin = finest.groupby(list(kept)).agg(n=("n", "sum"), sw=("sw", "sum"), swy=("swy", "sum"), sw2=("sw2", "sum")).reset_index()
            else:
                margin = pd.DataFrame([finest[["n", "sw", "swy", "sw2"]].sum()])
            for c in BY:
                if c not in kept:
                    margin[c] = "Total"
            parts.append(margin[finest.columns])
    table = pd.concat(parts, ignore_index=True)
    p = table["swy"] / table["sw"]
    n_eff = table["sw"] ** 2 / table["sw2"]
    z2 = Z * Z
    centre = (p + z2 / (2 * n_eff)) / (1 + z2 / n_eff)
    half = Z * np.sqrt(p * (1 - p) / n_eff + z2 / (4 * n_eff * n_eff)) / (1 + z2 / n_eff)
    table["value"], table["ci_low"], table["ci_high"] = p, centre - half, centre + half
    table["small"] = table["n"] < 5
    return {tuple(r[:3]): tuple(r[3:]) for r in table[[*BY, "n", "value", "ci_low", "ci_high"]].itertuples(index=False)}


WAYS = {"engine": (polars_frame, run_engine), "polars": (polars_frame, run_polars), "pandas": (pandas_frame, run_pandas)}


def child(way: str, rows: int) -> None:
    make, run = WAYS[way]
    frame = make(rows)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        result = run(frame)
        times.append(time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sample = {"|".join(k): v for k, v in result.items() if k[2] in ("Stadsdel 40", "Total")}
    print(json.dumps({"seconds": min(times), "peak_mb": peak, "cells": len(result), "sample": sample}))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--child")
    parser.add_argument("--write-parquet")
    parser.add_argument("--no-whole-process", action="store_true")
    parser.add_argument("--only-whole-process", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.rows)
        return 0
    if args.write_parquet:
        polars_frame(args.rows).write_parquet(args.write_parquet)
        return 0
    ok = True
    if not args.only_whole_process:
        ok = in_process(args)
    if not args.no_whole_process:
        ok = whole_process(args) and ok
    return 0 if ok else 1


def in_process(args) -> bool:
    env = {**os.environ, "POLARS_MAX_THREADS": os.environ.get("POLARS_MAX_THREADS", "2")}
    results = {}
    for way in WAYS:
        print(f"stats bench: {way} on {args.rows:,} rows …", file=sys.stderr)
        done = subprocess.run([sys.executable, __file__, "--rows", str(args.rows), "--child", way], env=env, capture_output=True, text=True)
        if done.returncode:
            print(done.stderr, file=sys.stderr)
            return False
        results[way] = json.loads(done.stdout.strip().splitlines()[-1])
    same = _same_numbers(results)
    engine, polars_, pandas_ = (results[w] for w in WAYS)
    print(f"rows: {args.rows:,}; table: sex × age band × district, weighted share, 95 % intervals, margins ({engine['cells']} cells)")
    print(f"{'way':<8} {'seconds':>8} {'peak MB':>8}")
    for way, r in results.items():
        print(f"{way:<8} {r['seconds']:8.3f} {r['peak_mb']:8.0f}")
    ratio_polars = engine["seconds"] / polars_["seconds"]
    speedup_pandas = pandas_["seconds"] / engine["seconds"]
    print(f"engine / hand-written Polars: {ratio_polars:.2f}× (target ≤ 2×) {'ok' if ratio_polars <= 2 else 'MISSED'}")
    print(f"pandas / engine: {speedup_pandas:.1f}× faster (target ≥ 5×) {'ok' if speedup_pandas >= 5 else 'MISSED'}")
    print(f"engine peak memory: {engine['peak_mb']:.0f} MB (target < 2048 MB) {'ok' if engine['peak_mb'] < 2048 else 'MISSED'}")
    print(f"same numbers in all three (shown cells): {'yes' if same else 'NO'}")
    return same


# --- The whole process, as a user runs it ---------------------------------------

# The hand-written script, timed as a whole process against `lika stats crosstab`.
HAND_WRITTEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "crosstab_by_hand.py")


def _lika_command() -> list[str]:
    script = os.path.join(os.path.dirname(sys.executable), "lika")
    return [script] if os.path.exists(script) else [sys.executable, "-m", "lika.cli"]


def _best_wall(command: list[str], env: dict, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if done.returncode:
            raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()[-500:]}")
        best = min(best, elapsed)
    return best


def whole_process(args) -> bool:
    import tempfile

    env = {**os.environ, "POLARS_MAX_THREADS": os.environ.get("POLARS_MAX_THREADS", "2")}
    with tempfile.TemporaryDirectory(prefix="lika-stats-bench-") as folder:
        data = os.path.join(folder, "rows.parquet")
        print(f"stats bench: writing {args.rows:,} rows to Parquet …", file=sys.stderr)
        subprocess.run([sys.executable, __file__, "--rows", str(args.rows), "--write-parquet", data], env=env, check=True)
        six = os.path.join(folder, "six.csv")
        with open(six, "w", encoding="utf-8") as handle:
            handle.write("sex,afraid\nKvinna,1\nKvinna,0\nMan,0\nMan,1\nKvinna,1\nMan,0\n")
        lika = _lika_command()
        print("stats bench: timing whole processes …", file=sys.stderr)
        big = [*lika, "stats", "crosstab", data, "--by", ",".join(BY), "--value", "outcome", "--weight", "weight", "--out", os.path.join(folder, "a.csv")]
        lika_big = _best_wall(big, env, 3)
        hand_big = _best_wall([sys.executable, HAND_WRITTEN, data, os.path.join(folder, "b.csv")], env, 3)
        lika_small = _best_wall([*lika, "stats", "crosstab", six, "--by", "sex", "--value", "afraid"], env, 5)
        polars_import = _best_wall([sys.executable, "-c", "import polars"], env, 5)
    big_ratio, small_ratio = lika_big / hand_big, lika_small / polars_import
    print(f"whole process, best of 3 ({args.rows:,} rows from Parquet, to CSV):")
    print(f"  lika stats crosstab      {lika_big:6.2f} s")
    print(f"  hand-written Polars      {hand_big:6.2f} s")
    print(f"  ratio {big_ratio:.2f}× (target ≤ 1.5×) {'ok' if big_ratio <= 1.5 else 'MISSED'}")
    print("whole process, best of 5 (6-row CSV):")
    print(f"  lika stats crosstab      {lika_small:6.2f} s")
    print(f"  python -c 'import polars' {polars_import:5.2f} s")
    print(f"  ratio {small_ratio:.2f}× (target < 2×) {'ok' if small_ratio < 2 else 'MISSED'}")
    return big_ratio <= 1.5 and small_ratio < 2


def _same_numbers(results) -> bool:
    engine = results["engine"]["sample"]
    for way in ("polars", "pandas"):
        other = results[way]["sample"]
        for key, (n, value, low, high) in engine.items():
            if n is None:  # suppressed by the engine; the hand-written ways only flag it
                continue
            o = other[key]
            if o[0] != n or abs(o[1] - value) > 1e-9 or abs(o[2] - low) > 1e-9 or abs(o[3] - high) > 1e-9:
                print(f"differs: {way} {key}: {o} against {(n, value, low, high)}", file=sys.stderr)
                return False
    return True


if __name__ == "__main__":
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    sys.exit(main())
