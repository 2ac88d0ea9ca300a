import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from lika.core.readability import verdict, warnings
from lika.lib.readability import readability


class Command(BaseCommand):
    help = "The LIX (Swedish readability index) of a text file, or of standard input, with its level and longest sentences."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default="-", help="A UTF-8 text file; - or nothing reads standard input.")
        parser.add_argument("--language", default="sv", choices=["sv", "en"], help="Language of the verdict.")

    def handle(self, *args, file, language, **options):
        text = self._read(file)
        result = readability(text)
        with translation.override(language):
            self.stdout.write(verdict(result))
            if result.lix is not None:
                self.stdout.write(
                    f"{result.words} / {result.sentences} / {result.long_words}"
                    + translation.gettext(" (words / sentences / long words)")
                )
                for sentence in result.longest:
                    self.stdout.write(f"  {sentence.words:>3}: {sentence.text[:160]}")
            for warning in warnings(result):
                self.stdout.write(f"! {warning}")
        if result.lix is None:
            sys.exit(1)

    def _read(self, file: str) -> str:
        if file == "-":
            return sys.stdin.read()
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise CommandError(f"{file}: not a UTF-8 text file") from None
