"""The sex × age band × district cross-tab as an analyst writes it by hand in Polars.

bench/stats_crosstab.py times it in-process (`table`) and as a whole process:
    python bench/crosstab_by_hand.py ROWS.parquet OUT.csv
Only Polars is imported, so the whole-process timing is that of a plain script.
"""

import itertools
import sys

import polars as pl

BY, Z = ["sex", "age_band", "district"], 1.959963984540054


def table(frame: pl.DataFrame) -> pl.DataFrame:
    """Every cell and margin: n, weighted share and its 95 % interval on Kish's effective sample size."""
    y, w = pl.col("outcome"), pl.col("weight")
    # Lazy: in Polars 2 the lazy group-by is several times faster than the eager one.
    finest = frame.lazy().group_by(BY).agg(
        pl.len().alias("n"), w.sum().alias("sw"), (w * y).sum().alias("swy"), (w * w).sum().alias("sw2")
    ).with_columns(pl.col(BY).cast(pl.String)).collect()
    sums = [pl.col(c).sum() for c in ("n", "sw", "swy", "sw2")]
    parts = [finest]
    for size in range(len(BY)):
        for kept in itertools.combinations(BY, size):
            margin = finest.group_by(list(kept)).agg(sums) if kept else finest.select(sums)
            parts.append(margin.with_columns([pl.lit("Total").alias(c) for c in BY if c not in kept]).select(finest.columns))
    cells = pl.concat(parts, how="vertical_relaxed")
    p, n_eff, z2 = pl.col("swy") / pl.col("sw"), pl.col("sw") ** 2 / pl.col("sw2"), Z * Z
    centre = (p + z2 / (2 * n_eff)) / (1 + z2 / n_eff)
    half = Z * ((p * (1 - p) / n_eff + z2 / (4 * n_eff * n_eff)).sqrt()) / (1 + z2 / n_eff)
    return cells.with_columns(p.alias("value"), (centre - half).alias("ci_low"), (centre + half).alias("ci_high"))


if __name__ == "__main__":
    table(pl.read_parquet(sys.argv[1])).select([*BY, "n", "value", "ci_low", "ci_high"]).write_csv(sys.argv[2])
