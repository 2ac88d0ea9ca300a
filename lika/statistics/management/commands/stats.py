"""`lika stats crosstab FILE --by COL[,COL...] --value COL ...` and `lika stats representativeness PARTICIPANTS POPULATION --by COL`.

Both write one row per cell (CSV on standard output, or JSON with the
method's metadata); bad input ends with a one-line message and exit status 1.
The `lika` command runs them without Django (lika/statistics/cli.py); this
management command is the same for `call_command("stats", ...)`.
The formats are described in docs/statistics.md.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lika.statistics import cli, engine


class Command(BaseCommand):
    help = "Disaggregated statistics from microdata: cross-tabs with small-cell protection, representativeness."

    def add_arguments(self, parser):
        cli.add_arguments(parser, default_min_cell=settings.LIKA_SMALL_CELL_THRESHOLD)

    def handle(self, *args, **options):
        try:
            text = cli.run(options, default_min_cell=settings.LIKA_SMALL_CELL_THRESHOLD)
        except engine.StatisticsError as error:
            raise CommandError(str(error)) from error
        cli.write(text, options.get("out"), self.stdout)
