"""`lika audit export` and `lika audit prune`: the audit log on the command line.

    lika audit export [--municipality SLUG] [--since DATE] [--until DATE] --format csv|jsonl|json [--output FILE]
    lika audit prune      # removes entries older than LIKA_AUDIT_RETENTION_DAYS

A wrong argument gets one line, not a traceback. Nothing here changes or deletes an entry,
except `prune` for entries past the retention time (recorded itself).
"""

import csv
import json
import sys
from datetime import date, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lika.audit.models import AuditEntry, Kind
from lika.audit.queries import COLUMNS, Filters, as_row, entries
from lika.audit.record import record
from lika.organisations.models import Municipality

CHUNK = 2000


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option}: {value!r} is not a date; write it as YYYY-MM-DD, for example 2026-01-31") from None


class Command(BaseCommand):
    help = "Export the audit log (csv, jsonl or json), or prune entries older than the retention time."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        export = sub.add_parser("export", help="write the audit log as CSV, JSON lines or JSON")
        export.add_argument("--municipality", help="only this municipality's entries (its short name)")
        export.add_argument("--since", help="from this date (YYYY-MM-DD)")
        export.add_argument("--until", help="to this date, inclusive (YYYY-MM-DD)")
        export.add_argument("--format", choices=["csv", "jsonl", "json"], required=True)
        export.add_argument("--output", help="file to write (default: standard output)")
        sub.add_parser("prune", help="remove entries older than LIKA_AUDIT_RETENTION_DAYS")

    def handle(self, *args, **options):
        if options["what"] == "prune":
            return self.prune()
        return self.export(options)

    def prune(self):
        days = settings.LIKA_AUDIT_RETENTION_DAYS
        if days < 1:
            raise CommandError("LIKA_AUDIT_RETENTION_DAYS must be at least 1")
        removed = AuditEntry.prune(timezone.now() - timedelta(days=days))
        record(Kind.COMMAND, note=f"pruned {removed} audit entries older than {days} days")
        self.stdout.write(f"audit: removed {removed} entries older than {days} days")

    def export(self, options):
        municipality_id = None
        if options["municipality"]:
            found = Municipality.objects.filter(slug=options["municipality"]).first()
            if found is None:
                raise CommandError(f"--municipality: no municipality with the short name {options['municipality']!r}")
            municipality_id = found.pk
        filters = Filters(
            since=_date(options["since"], "--since"), until=_date(options["until"], "--until"), municipality_id=municipality_id
        )
        found = entries(filters, all_municipalities=True).order_by("at", "id")
        total = found.count()
        out = open(options["output"], "w", encoding="utf-8", newline="") if options["output"] else sys.stdout  # noqa: SIM115
        try:
            self.write(found, total, options["format"], out)
        finally:
            if out is not sys.stdout:
                out.close()
        record(Kind.DOWNLOAD, note=f"audit export of {total} entries ({options['format']})", municipality_id=municipality_id)

    def write(self, found, total: int, file_format: str, out) -> None:
        writer = csv.DictWriter(out, fieldnames=COLUMNS) if file_format == "csv" else None
        if writer:
            writer.writeheader()
        if file_format == "json":
            out.write("[")
        for number, entry in enumerate(found.iterator(chunk_size=CHUNK), start=1):
            row = as_row(entry)
            if writer:
                writer.writerow(row | {"changes": json.dumps(row["changes"], ensure_ascii=False)})
            else:
                separator = "," if file_format == "json" and number > 1 else ""
                out.write(separator + json.dumps(row, ensure_ascii=False) + ("\n" if file_format == "jsonl" else ""))
            if number % CHUNK == 0 or number == total:
                self.stderr.write(f"audit: {number}/{total} entries written")
        if file_format == "json":
            out.write("]\n")
        if total == 0:
            self.stderr.write("audit: no entries match")
