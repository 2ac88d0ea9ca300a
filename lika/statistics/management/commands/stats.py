"""`lika stats crosstab FILE --by COL[,COL...] --value COL ...` and `lika stats representativeness PARTICIPANTS POPULATION --by COL`.

Both write one row per cell (CSV on standard output, or JSON with the
method's metadata); bad input ends with a one-line message and exit status 1.
The formats are described in docs/statistics.md.
"""

import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lika.statistics import engine


class Command(BaseCommand):
    help = "Disaggregated statistics from microdata: cross-tabs with small-cell protection, representativeness."

    def add_arguments(self, parser):
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
            help=f"Cells with fewer rows are suppressed (default {settings.LIKA_SMALL_CELL_THRESHOLD}, LIKA_SMALL_CELL_THRESHOLD).",
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

    def handle(self, *args, action, **options):
        try:
            text = getattr(self, f"handle_{action}")(**options)
        except engine.StatisticsError as error:
            raise CommandError(str(error)) from error
        if options.get("out"):
            with open(options["out"], "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            sys.stderr.write(f"stats: wrote {options['out']}\n")
        else:
            self.stdout.write(text, ending="")

    def handle_crosstab(self, *, file, by, value, weight, min_cell, force, format, **options):
        columns = [c.strip() for c in by.split(",") if c.strip()]
        min_cell = settings.LIKA_SMALL_CELL_THRESHOLD if min_cell is None else min_cell
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

    def handle_representativeness(self, *, participants, population, by, format, **options):
        result = engine.representativeness(
            engine.read_microdata(participants), engine.read_microdata(population), by=by
        )
        under = [g.group for g in result.groups if g.under_represented]
        sys.stderr.write(f"stats: {len(result.groups)} groups; under-represented: {', '.join(under) or 'none'}\n")
        if format == "json":
            return json.dumps({"metadata": result.metadata, "groups": result.records()}, ensure_ascii=False, indent=2) + "\n"
        return engine.records_to_csv(result.records())
