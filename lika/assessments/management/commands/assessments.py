"""`lika assessments ...`: the impact-assessment jobs the web does, from the command line.

    lika assessments list [--municipality SLUG]
    lika assessments section ID --format docx|html --out FILE [--language sv|en]
    lika assessments summary --municipality SLUG [--format csv|json]
    lika assessments template export KEY --municipality SLUG [--out FILE]
    lika assessments template import FILE --municipality SLUG
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.utils import translation

from lika.assessments import actions, section
from lika.assessments.models import Assessment, TemplateVersion
from lika.lib.tables import to_csv
from lika.lib.yamlfile import FileProblems
from lika.organisations.models import Municipality


class Command(BaseCommand):
    help = "Impact assessments: list them, write a consequence section, count them, load and export templates."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="One assessment per line: id, case number, kind, state, matter.")
        listing.add_argument("--municipality", help="Short name, e.g. helsingborg. Default: all.")
        part = sub.add_parser("section", help="An assessment's consequence section for the decision document.")
        part.add_argument("id", type=int)
        part.add_argument("--format", choices=["docx", "html"], required=True)
        part.add_argument("--out", required=True)
        part.add_argument("--language", choices=["sv", "en"], help="Default: the language of the answers.")
        counts = sub.add_parser("summary", help="Finished assessments per unit and year, and the grounds risks were found for.")
        counts.add_argument("--municipality", required=True)
        counts.add_argument("--format", choices=["csv", "json"], default="csv")
        counts.add_argument("--language", choices=["sv", "en"], default="sv")
        template = sub.add_parser("template", help="Export or import an assessment template file.")
        template_sub = template.add_subparsers(dest="template_action", required=True)
        export = template_sub.add_parser("export")
        export.add_argument("key")
        export.add_argument("--municipality", required=True)
        export.add_argument("--out")
        load = template_sub.add_parser("import")
        load.add_argument("file")
        load.add_argument("--municipality", required=True)

    def _municipality(self, slug):
        found = Municipality.objects.filter(slug=slug).first()
        if found is None:
            raise CommandError(f"no municipality with the short name {slug!r}")
        return found

    def handle(self, *args, action, **options):
        getattr(self, f"handle_{action}")(**options)

    def handle_list(self, *, municipality=None, **options):
        found = Assessment.objects.select_related("municipality").order_by("municipality__slug", "-decision_date", "pk")
        if municipality:
            found = found.filter(municipality=self._municipality(municipality))
        for a in found:
            published = " published" if a.published else ""
            self.stdout.write(f"{a.pk}\t{a.municipality.slug}\t{a.case_number}\t{a.kind}\t{a.state}{published}\t{a.decision_date}\t{a.title}")

    def handle_section(self, *, id, format, out, language=None, **options):
        assessment = Assessment.objects.select_related("unit", "municipality", "template_version__template").filter(pk=id).first()
        if assessment is None:
            raise CommandError(f"no assessment with id {id}")
        language = language or assessment.language
        built = actions.consequence_section(assessment, language)
        if format == "docx":
            Path(out).write_bytes(section.render_docx(built, assessment.municipality.name))
        else:
            with translation.override(language):
                html = render_to_string("assessments/section_standalone.html", {"section": built, "assessment": assessment})
            Path(out).write_text(html, encoding="utf-8")
        sys.stderr.write(f"assessments: wrote {out} ({built.title}, {language})\n")

    def handle_summary(self, *, municipality, format, language, **options):
        found = self._municipality(municipality)
        with translation.override(language):
            per_unit, risks = actions.summary_tables(found, language)
        if format == "csv":
            self.stdout.write(to_csv(per_unit).decode("utf-8-sig"), ending="")
            self.stdout.write("\n")
            self.stdout.write(to_csv(risks).decode("utf-8-sig"), ending="")
        else:
            self.stdout.write(
                json.dumps(
                    {t.title: [dict(zip(t.columns, row)) for row in t.rows] for t in (per_unit, risks)},
                    ensure_ascii=False,
                    indent=2,
                )
            )

    def handle_template(self, *, template_action, municipality, **options):
        found = self._municipality(municipality)
        actions.ensure_templates(found)
        if template_action == "export":
            version = TemplateVersion.objects.filter(template__municipality=found, template__key=options["key"]).order_by("-number").first()
            if version is None:
                raise CommandError(f"{municipality} has no template {options['key']!r}")
            if options.get("out"):
                Path(options["out"]).write_text(version.source, encoding="utf-8")
                sys.stderr.write(f"assessments: wrote {options['out']} (version {version.number})\n")
            else:
                self.stdout.write(version.source, ending="")
            return
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{path}: cannot read it as UTF-8 text ({error})") from None
        try:
            saved = actions.save_template(found, text, path.name, access=None)
        except FileProblems as problems:
            raise CommandError("the template was not saved:\n" + "\n".join(problems.lines())) from None
        if saved is None:
            self.stdout.write(f"assessments: {path.name} is the same as the current version; nothing changed")
        else:
            self.stdout.write(f"assessments: saved {saved.template.key} version {saved.number} for {found.slug}")
