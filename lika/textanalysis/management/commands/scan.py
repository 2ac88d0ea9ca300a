"""`lika scan FILE [--format text|json] [--vocabulary FILE]`: the passages of one business plan and the themes they touch.

Prints each passage found (page, text, themes, the words that matched) and
per-theme counts with the status (present / mentioned / absent). Nothing is
stored. A file that cannot be read ends with a one-line message and exit status 1.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lika.lib.yamlfile import FileProblems
from lika.textanalysis.extract import ExtractionError
from lika.textanalysis.pipeline import analyse_document
from lika.textanalysis.vocabulary import default_text, load_vocabulary


class Command(BaseCommand):
    help = "Read a business plan (PDF, DOCX or text) and print the passages per theme, with page numbers and matched words."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The business plan: PDF with a text layer, DOCX or plain text.")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--vocabulary", help="A vocabulary YAML file instead of the default.")
        parser.add_argument(
            "--against", metavar="DOCUMENT", help="Read against a steering document's own measures or strategies (its identifier) instead of a vocabulary."
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        vocabulary_text = default_text()
        if options["vocabulary"]:
            vocabulary_path = Path(options["vocabulary"])
            try:
                vocabulary_text = vocabulary_path.read_text(encoding="utf-8")
                vocabulary = load_vocabulary(vocabulary_text, vocabulary_path.name)
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(f"{vocabulary_path}: {error}") from None
            except FileProblems as error:
                raise CommandError(str(error)) from None
        else:
            vocabulary = load_vocabulary(vocabulary_text, "default_vocabulary.yaml")
        leaves, names = (self._leaves(options["against"]) if options["against"] else (None, None))
        try:
            analysis = analyse_document(path.read_bytes(), path.name, vocabulary_text, leaves=leaves)
        except ExtractionError as error:
            raise CommandError(f"{path.name}: {error.message}") from None
        if leaves is not None:
            self._check_language(analysis, path.name)
        else:
            names = {t.key: t.label("en") for t in vocabulary.themes}
        if options["format"] == "json":
            out = {
                "file": path.name,
                "file_type": analysis.file_type,
                "numbering": analysis.numbering,
                "pages": analysis.page_count,
                "empty_pages": analysis.empty_pages,
                "passages": [
                    {"page": p["page"], "heading": p["heading"], "text": p["text"], "themes": p["themes"]} for p in analysis.passages
                ],
                "themes": [
                    {"key": key, "name": names[key], "status": status, "passages": count, "in_heading": heading}
                    for key, status, count, heading in analysis.scores
                ],
            }
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
            return
        self._print(analysis, path.name)

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
        from lika.textanalysis.lemmas import detect_language

        text = " ".join(text[:2000] for _n, text in analysis.pages[:5])
        if text.strip() and detect_language(text) != "sv":
            raise CommandError(f"{filename}: the business plan is in English, the plan's strategies in Swedish; read a Swedish business plan against it")

    def _print(self, analysis, filename):
        path_name = filename
        word = "page" if analysis.numbering == "page" else "section"
        self.stdout.write(f"{path_name}: {analysis.file_type}, {analysis.page_count} {word}s, {len(analysis.passages)} passages touch a theme")
        for p in analysis.passages:
            self.stdout.write("")
            self.stdout.write(f"{word} {p['page']}{' (heading)' if p['heading'] else ''}: {p['text']}")
            for key, words in p["themes"].items():
                self.stdout.write(f"  {key}: {', '.join(words)}")
        self.stdout.write("")
        self.stdout.write(f"{'theme':28} {'passages':>8}  status")
        for key, status, count, _heading in analysis.scores:
            self.stdout.write(f"{key:28} {count:8}  {status}")
