"""`lika plan list | import FILE | export DOCUMENT | import-sheet FILE --document DOCUMENT`."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lika.lib.yamlfile import FileProblems
from lika.plans import planfile
from lika.plans.importing import export_plan, import_plan_text
from lika.plans.models import SteeringDocument
from lika.plans.sheet import import_measure_sheet


class Command(BaseCommand):
    help = "List, import and export steering documents (plans, programmes, policies)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="One document per line: identifier, kind, title, validity.")
        imp = sub.add_parser("import", help="Import a plan file (docs/plan-file.md).")
        imp.add_argument("file")
        imp.add_argument("--replace", action="store_true", help="Replace the document if it exists.")
        exp = sub.add_parser("export", help="Write a document as a plan file.")
        exp.add_argument("document", help="The document's identifier.")
        exp.add_argument("--format", choices=["yaml"], default="yaml")
        exp.add_argument("--out", help="Write to this file instead of standard output.")
        sheet = sub.add_parser("import-sheet", help="Import a flat XLSX sheet of measures into a document.")
        sheet.add_argument("file")
        sheet.add_argument("--document", required=True, help="The identifier of the document to add the measures to.")
        sheet.add_argument("--replace", action="store_true", help="Replace measures whose code exists.")

    def handle(self, *args, action, **options):
        getattr(self, f"handle_{action.replace('-', '_')}")(**options)

    def handle_list(self, **options):
        for document in SteeringDocument.objects.select_related("municipality").order_by("municipality__name", "identifier"):
            validity = f"{document.valid_from}–{document.valid_to or ''}"
            self.stdout.write(f"{document.identifier}\t{document.kind}\t{document.title_sv}\t{validity}")

    def _read(self, filename: str) -> bytes:
        path = Path(filename)
        if not path.is_file():
            raise CommandError(f"{filename}: no such file")
        size = path.stat().st_size
        if size > settings.LIKA_MAX_IMPORT_BYTES:
            raise CommandError(
                f"{filename}: the file is {size / 1024 / 1024:.0f} MB; the limit is "
                f"{settings.LIKA_MAX_IMPORT_BYTES // 1024 // 1024} MB (LIKA_MAX_IMPORT_MB)"
            )
        return path.read_bytes()

    def _fail(self, exc: FileProblems):
        for line in exc.lines():
            self.stderr.write(line)
        raise CommandError(f"{exc.filename}: nothing was imported ({len(exc.problems)} problem(s))")

    def handle_import(self, file, replace, **options):
        raw = self._read(file)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CommandError(f"{file}: not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None
        try:
            result = import_plan_text(text, file, replace=replace, progress=self.stdout.write)
        except FileProblems as exc:
            self._fail(exc)
        verb = "imported" if result.created else "replaced"
        self.stdout.write(self.style.SUCCESS(f"{verb} {result.document.identifier}: {result.document.title_sv}"))

    def handle_export(self, document, out, **options):
        found = SteeringDocument.objects.filter(identifier=document).first()
        if found is None:
            known = ", ".join(SteeringDocument.objects.values_list("identifier", flat=True)) or "none"
            raise CommandError(f"no document {document!r}; the documents are: {known}")
        text = planfile.write_plan_file(export_plan(found))
        if out:
            Path(out).write_text(text, encoding="utf-8")
            self.stderr.write(f"wrote {out}")
        else:
            self.stdout.write(text, ending="")

    def handle_import_sheet(self, file, document, replace, **options):
        raw = self._read(file)
        found = SteeringDocument.objects.filter(identifier=document).first()
        if found is None:
            raise CommandError(f"no document {document!r}; import its plan file or create it first")
        try:
            result = import_measure_sheet(raw, file, found, replace=replace, progress=self.stdout.write)
        except FileProblems as exc:
            self._fail(exc)
        self.stdout.write(self.style.SUCCESS(f"imported the sheet into {result.document.identifier}"))
