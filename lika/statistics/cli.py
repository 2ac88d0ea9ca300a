"""`lika stats crosstab` and `lika stats representativeness`, without Django.

They read files and print tables: no database, no settings module, no web
stack. `lika.cli` runs them through `main()` straight away, so they start in
the time Python takes to import Polars; the management command
(`call_command("stats", ...)`) uses the same parser and the same functions.
The formats are described in docs/statistics.md.
"""

import argparse
import json
import os
import sys

from lika.statistics import engine

THRESHOLD_SETTING = "LIKA_SMALL_CELL_THRESHOLD"
DEFAULT_THRESHOLD = 5


class SettingError(Exception):
    """A wrongly written setting, with the one-line message for the user."""


def small_cell_threshold() -> int:
    """LIKA_SMALL_CELL_THRESHOLD, checked as lika.env checks it (a whole number, at least 1)."""
    value = os.environ.get(THRESHOLD_SETTING)
    if value is None:
        return DEFAULT_THRESHOLD
    try:
        number = int(value)
    except ValueError:
        raise SettingError(f"{THRESHOLD_SETTING} must be a whole number, not {value!r}") from None
    if number < 1:
        raise SettingError(f"{THRESHOLD_SETTING} must be at least 1, not {number}")
    return number


def add_arguments(parser, *, default_min_cell: int) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    cross = sub.add_parser("crosstab", help="Break a value down by grouping columns, with margins, intervals and suppression.")
    cross.add_argument("file", help="Microdata: CSV, XLSX or Parquet, one row per person or response.")
    cross.add_argument("--by", required=True, help="Grouping columns, separated by commas (sex,age).")
    cross.add_argument("--value", required=True, help="The value column: 0/1 for shares, numbers for means.")
    cross.add_argument("--weight", help="A weight column (no negative or missing weights).")
    cross.add_argument(
        "--min-cell",
        type=int,
        default=None,
        help=f"Cells with fewer rows are suppressed (default {default_min_cell}, {THRESHOLD_SETTING}).",
    )
    cross.add_argument("--force", action="store_true", help="Allow a grouping column with thousands of distinct values.")
    cross.add_argument("--format", choices=["csv", "json"], default="csv")
    cross.add_argument("--out", help="Write to this file instead of standard output.")
    rep = sub.add_parser("representativeness", help="Participants' shares per group against the population's.")
    rep.add_argument("participants", help="One row per participant, or one row per group with a count column.")
    rep.add_argument("population", help="One row per group with a count column (count, n, antal or population).")
    rep.add_argument("--by", required=True, help="The grouping column both files have.")
    rep.add_argument("--format", choices=["csv", "json"], default="csv")
    rep.add_argument("--out", help="Write to this file instead of standard output.")


def crosstab(*, file, by, value, weight, min_cell, force, format, default_min_cell, **options) -> str:
    columns = [c.strip() for c in by.split(",") if c.strip()]
    min_cell = default_min_cell if min_cell is None else min_cell
    sys.stderr.write(f"stats: reading {file}\n")
    frame = engine.read_microdata(file)
    sys.stderr.write(f"stats: {frame.height} rows; breaking {value} down by {', '.join(columns)}\n")
    table = engine.crosstab(frame, by=columns, value=value, weight=weight, min_cell=min_cell, force=force)
    sys.stderr.write(
        f"stats: {len(table.cells)} cells, {table.metadata['suppressed_primary']} suppressed as small, "
        f"{table.metadata['suppressed_secondary']} more to protect them; interval: {table.metadata['interval']}\n"
    )
    if format == "json":
        return json.dumps({"metadata": table.metadata, "cells": table.records()}, ensure_ascii=False, indent=2) + "\n"
    return engine.records_to_csv(table.records())


def representativeness(*, participants, population, by, format, **options) -> str:
    result = engine.representativeness(engine.read_microdata(participants), engine.read_microdata(population), by=by)
    under = [g.group for g in result.groups if g.under_represented]
    sys.stderr.write(f"stats: {len(result.groups)} groups; under-represented: {', '.join(under) or 'none'}\n")
    if format == "json":
        return json.dumps({"metadata": result.metadata, "groups": result.records()}, ensure_ascii=False, indent=2) + "\n"
    return engine.records_to_csv(result.records())


def run(options: dict, *, default_min_cell: int) -> str:
    """The action's output as text; engine.StatisticsError for bad input."""
    action = crosstab if options["action"] == "crosstab" else representativeness
    return action(**options, default_min_cell=default_min_cell)


def write(text: str, out: str | None, stdout) -> None:
    if out:
        with open(out, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        sys.stderr.write(f"stats: wrote {out}\n")
    else:
        stdout.write(text)


def main(argv: list[str]) -> int:
    """`lika stats ...` as a process: output on stdout, one line on stderr and status 1 for bad input."""
    try:
        threshold = small_cell_threshold()
    except SettingError as error:
        sys.stderr.write(f"lika: {error}\n")
        return 1
    parser = argparse.ArgumentParser(prog="lika stats", description="Disaggregated statistics from microdata.")
    add_arguments(parser, default_min_cell=threshold)
    options = vars(parser.parse_args(argv))
    try:
        write(run(options, default_min_cell=threshold), options.get("out"), sys.stdout)
    except (engine.StatisticsError, OSError) as error:
        sys.stderr.write(f"lika stats: {error}\n")
        return 1
    return 0
