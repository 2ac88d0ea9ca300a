"""`lika scan FILE [--format text|json] [--vocabulary FILE]`: the passages of one business plan and the themes they touch.

Prints each passage found (page, text, themes, the words that matched) and
per-theme counts with the status (present / mentioned / absent). Nothing is
stored. A file that cannot be read ends with a one-line message and exit status 1.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lika.textanalysis import scan_cli


class Command(BaseCommand):
    help = "Read a business plan (PDF, DOCX or text) and print the passages per theme, with page numbers and matched words."

    def add_arguments(self, parser):
        scan_cli.add_arguments(parser)

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            vocabulary_text, vocabulary = scan_cli.read_vocabulary(options["vocabulary"])
            if not path.is_file():
                raise scan_cli.ScanError(f"{path}: no such file")
            leaves, names = (self._leaves(options["against"]) if options["against"] else (None, None))
            analysis = scan_cli.analyse(path, vocabulary_text, leaves=leaves)
        except scan_cli.ScanError as error:
            raise CommandError(str(error)) from None
        if leaves is not None:
            self._check_language(analysis, path.name)
        else:
            names = {t.key: t.label("en") for t in vocabulary.themes}
        if options["format"] == "json":
            self.stdout.write(scan_cli.as_json(analysis, path.name, names))
            return
        for line in scan_cli.as_lines(analysis, path.name):
            self.stdout.write(line)

    def _leaves(self, identifier):
        from lika.plans.models import SteeringDocument
        from lika.textanalysis.plan_reading import NothingToReadAgainst, leaf_themes

        document = SteeringDocument.objects.filter(identifier=identifier).first()
        if document is None:
            raise CommandError(f"--against {identifier}: no steering document with that identifier (see 'lika plan list')")
        try:
            themes = leaf_themes(document)
        except NothingToReadAgainst as error:
            raise CommandError(str(error)) from None
        if themes.problems:
            self.stderr.write(f"warning: these have no words to look for (every word is too common): {', '.join(themes.problems)}")
        names = {node.code: node.title_sv for node in document.nodes.all()}
        return themes, names

    def _check_language(self, analysis, filename):
        from lika.textanalysis.matcher import pages_language

        if pages_language(analysis.pages) != "sv":
            raise CommandError(f"{filename}: the business plan is in English, the plan's strategies in Swedish; read a Swedish business plan against it")
