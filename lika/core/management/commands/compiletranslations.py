"""Compile the .po catalogues to .mo with polib, so no GNU gettext is needed to run Lika."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile translation catalogues (.po) to the binary form Django reads (.mo)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Print nothing when all is up to date.")

    def handle(self, *args, quiet=False, **options):
        for locale_path in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                catalogue = polib.pofile(str(po_path))
                catalogue.save_as_mofile(str(mo_path))
                if not quiet:
                    self.stdout.write(f"compiled {po_path.relative_to(settings.BASE_DIR)} ({len(catalogue.translated_entries())} messages)")
