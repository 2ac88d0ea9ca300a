"""`lika plan list | import FILE | export DOCUMENT | import-sheet FILE --document DOCUMENT |
diff OLD NEW | revise DOCUMENT | drop DOCUMENT CODE | merge DOCUMENT CODE CODE... |
split DOCUMENT CODE --code NEW --title TITLE | adopt DOCUMENT`."""

import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lika.lib.yamlfile import FileProblems
from lika.organisations.access import Access
from lika.organisations.models import OrganisationUnit
from lika.plans import actions, diff, merge_split, planfile, queries
from lika.plans.importing import export_plan, import_plan_text
from lika.plans.models import Node, SteeringDocument
from lika.plans.sheet import import_measure_sheet


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        from argparse import ArgumentTypeError

        raise ArgumentTypeError(f"{value!r} is not a date; write YYYY-MM-DD") from None


# The command line acts as the site's administrator.
ADMIN = Access(is_superuser=True)


def _document(identifier: str) -> SteeringDocument:
    found = SteeringDocument.objects.filter(identifier=identifier).first()
    if found is None:
        known = ", ".join(SteeringDocument.objects.values_list("identifier", flat=True)) or "none"
        raise CommandError(f"no document {identifier!r}; the documents are: {known}")
    return found


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
        compare = sub.add_parser("diff", help="What changed between two versions of a document.")
        compare.add_argument("old", help="The identifier of the earlier version.")
        compare.add_argument("new", help="The identifier of the later version.")
        compare.add_argument("--format", choices=["text", "json"], default="text")
        revise = sub.add_parser("revise", help="Start a draft revision of an adopted document.")
        revise.add_argument("document")
        revise.add_argument("--identifier", required=True, help="The new version's identifier.")
        revise.add_argument("--title", required=True, help="The new version's Swedish title.")
        revise.add_argument("--title-en", default="")
        revise.add_argument("--valid-from", required=True, type=_date)
        revise.add_argument("--valid-to", type=_date)
        drop = sub.add_parser("drop", help="Drop a node from a draft revision, with a reason.")
        drop.add_argument("document")
        drop.add_argument("code")
        drop.add_argument("--reason", required=True)
        merge = sub.add_parser("merge", help="Merge measures of a draft revision into the first one named.")
        merge.add_argument("document")
        merge.add_argument("codes", nargs="+", help="The codes of the measures (at least two); the first keeps its code.")
        merge.add_argument("--title", default="", help="A new Swedish title for the merged measure.")
        merge.add_argument("--title-en", default="")
        merge.add_argument("--body", default="", help="A new Swedish text for the merged measure.")
        split = sub.add_parser("split", help="Split a measure of a draft revision: a new part after it, continuing the same measure.")
        split.add_argument("document")
        split.add_argument("code", help="The code of the measure split.")
        split.add_argument("--code", dest="new_code", required=True, help="The new part's code.")
        split.add_argument("--title", required=True, help="The new part's Swedish title.")
        split.add_argument("--title-en", default="")
        split.add_argument("--body", default="")
        split.add_argument("--implementers", help="Unit keys, comma-separated; default: the units of the measure split.")
        adopt = sub.add_parser("adopt", help="Adopt a draft revision in place of the version in force.")
        adopt.add_argument("document")
        adopt.add_argument("--by", required=True, help="The body that adopted it, e.g. Kommunfullmäktige.")
        adopt.add_argument("--on", required=True, type=_date, help="The day of the decision, YYYY-MM-DD.")
        adopt.add_argument("--case", default="", help="The case number.")

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

    def handle_diff(self, old, new, format, **options):
        before, after = _document(old), _document(new)
        result = queries.compare_documents(before, after)
        if format == "json":
            self.stdout.write(json.dumps(diff.as_data(result), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(diff.as_text(result, before.identifier, after.identifier), ending="")

    def handle_revise(self, document, identifier, title, title_en, valid_from, valid_to, **options):
        data = actions.RevisionInput(identifier, title, title_en, valid_from, valid_to, parent=None)
        source = _document(document)
        data.parent = source.parent
        try:
            draft = actions.start_revision(source, data, access=ADMIN, user=None)
        except actions.ActionRefused as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"started {draft.identifier}: a draft revision of {source.identifier}"))

    def handle_drop(self, document, code, reason, **options):
        node = _document(document).nodes.filter(code=code).first()
        if node is None:
            raise CommandError(f"{document} has no node {code!r}")
        try:
            codes = actions.drop_node(node, reason, access=ADMIN, user=None)
        except actions.ActionRefused as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"dropped {', '.join(codes)} from {document}"))

    def _nodes(self, document: SteeringDocument, codes: list[str]) -> list[Node]:
        found = {node.code: node for node in document.nodes.filter(code__in=codes)}
        missing = [code for code in codes if code not in found]
        if missing:
            raise CommandError(f"{document.identifier} has no node {', '.join(repr(code) for code in missing)}")
        return [found[code] for code in codes]

    def handle_merge(self, document, codes, title, title_en, body, **options):
        found = _document(document)
        nodes = []
        for code in codes:  # OTHER-DOCUMENT#CODE names a measure of another document (which is refused)
            where, _, own = code.rpartition("#")
            nodes += self._nodes(_document(where) if where else found, [own])
        data = merge_split.MergeInput(title_sv=title, title_en=title_en, body_sv=body)
        try:
            merged = merge_split.merge_nodes(nodes, data, access=ADMIN, user=None)
        except actions.ActionRefused as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"merged {', '.join(codes)} into {merged.code} in {document}"))

    def _units(self, document: SteeringDocument, keys: str | None) -> list[OrganisationUnit] | None:
        if keys is None:
            return None
        wanted = [key.strip() for key in keys.split(",") if key.strip()]
        units = {u.key: u for u in OrganisationUnit.objects.filter(municipality=document.municipality, key__in=wanted)}
        missing = [key for key in wanted if key not in units]
        if missing:
            raise CommandError(f"no unit {', '.join(repr(key) for key in missing)} in {document.municipality.name}")
        return [units[key] for key in wanted]

    def handle_split(self, document, code, new_code, title, title_en, body, implementers, **options):
        found = _document(document)
        node = self._nodes(found, [code])[0]
        data = merge_split.SplitInput(code=new_code, title_sv=title, title_en=title_en, body_sv=body,
                                      implementers=self._units(found, implementers))
        try:
            part = merge_split.split_node(node, data, access=ADMIN, user=None)
        except actions.ActionRefused as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"split {code} into {code} and {part.code} in {document}"))

    def handle_adopt(self, document, by, on, case, **options):
        data = actions.AdoptionInput(adopted_by=by, adopted_on=on, reference_number=case)
        try:
            adopted = actions.adopt_revision(_document(document), data, access=ADMIN, user=None)
        except actions.ActionRefused as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"adopted {adopted.identifier}; {adopted.revision_of.identifier} is historical"))
