"""`lika examples search QUERY [--municipality SLUG] [--public] [--format text|json]`: the example bank
from the command line. --public gives exactly what the public page gives; without it, every
submitted example (what the plan owner sees)."""

import json

from django.core.management.base import BaseCommand, CommandError

from lika.examples.search import Filters, everything, search
from lika.organisations.models import Municipality


class Command(BaseCommand):
    help = "Search the example bank: every example of the follow-up, by Swedish word forms and compounds."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        find = sub.add_parser("search", help="Print the examples a search finds.")
        find.add_argument("query")
        find.add_argument("--municipality", help="Only this municipality (its short name, e.g. helsingborg).")
        find.add_argument("--public", action="store_true", help="Only what the public page shows.")
        find.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, query, municipality=None, public=False, format="text", **options):
        filters = Filters()
        if municipality:
            found = Municipality.objects.filter(slug=municipality).first()
            if found is None:
                raise CommandError(f"no municipality {municipality!r}")
            filters.municipality = found.pk
        if public:
            result = search(query, None, filters, public=True, limit=1000)
        else:
            result = search(query, None, filters, limit=1000, scope=everything())
        if result.ignored_all:
            raise CommandError("every word of the search is too common to search for; use a word that says what the example is about")
        rows = [_row(example) for example in result.examples]
        if format == "json":
            self.stdout.write(json.dumps({"query": query, "words": result.words, "examples": rows}, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(f"{row['round']}\t{row['unit']}\t{row['measure']}\t{row['title']}\n    {row['passage']}")
        self.stdout.write(f"{len(rows)} examples")


def _row(example) -> dict:
    report = example.measure_report
    return {
        "round": report.submission.round.identifier,
        "unit": report.submission.unit.name,
        "measure": report.measure.code,
        "title": example.title,
        "passage": "".join(text for text, _hit in example.snippet),
    }
