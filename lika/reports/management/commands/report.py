"""`lika report ROUND --format docx|pdf|html --out FILE`: the round's report, as the web page gives it.

Also `--load-texts FILE` and `--save-texts FILE` for the plan owner's texts (docs/report-texts.md).
`lika report PROGRAMME --format ...` writes a programme's roll-up of the follow-ups of its plans
(published follow-ups only, unless `--unpublished`).
"""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lika.followup.models import FollowUpRound
from lika.lib.yamlfile import FileProblems
from lika.plans.models import DocumentKind, SteeringDocument
from lika.reports.models import RoundReport
from lika.reports.rollup_data import build_rollup
from lika.reports.report_data import FORMATS, build_report, render_document
from lika.reports.textsfile import export_texts, import_texts


class Command(BaseCommand):
    help = "Write a follow-up round's report as DOCX, PDF or HTML; load or save its texts."

    def add_arguments(self, parser):
        parser.add_argument(
            "round",
            help="The round's identifier (see `lika followup list`), or a programme's (see `lika plan list`) for its roll-up.",
        )
        parser.add_argument("--format", choices=sorted(FORMATS), help="Write the report in this format.")
        parser.add_argument("--out", help="The file to write; '-' or nothing for standard output (HTML only).")
        parser.add_argument("--language", choices=[code for code, _name in settings.LANGUAGES], default="sv")
        parser.add_argument("--load-texts", metavar="FILE", help="Save the texts of a report-texts file to the round.")
        parser.add_argument("--save-texts", metavar="FILE", help="Write the round's texts as a report-texts file.")
        parser.add_argument(
            "--unpublished",
            action="store_true",
            help="Programme roll-up only: count follow-ups that are open or not yet published too.",
        )

    def handle(self, *args, round, format, out, language, load_texts, save_texts, unpublished, **options):
        round_ = FollowUpRound.objects.select_related("document__municipality").filter(identifier=round).first()
        if round_ is None:
            programme = SteeringDocument.objects.filter(identifier=round, kind=DocumentKind.PROGRAMME).first()
            if programme is not None:
                return self._write_rollup(programme, format, out, language, public=not unpublished)
            known = ", ".join(FollowUpRound.objects.values_list("identifier", flat=True)) or "none"
            raise CommandError(f"no round or programme {round!r}; the rounds are: {known}")
        if not (format or load_texts or save_texts):
            raise CommandError("say what to do: --format FORMAT --out FILE, --load-texts FILE or --save-texts FILE")
        if load_texts:
            self._load_texts(round_, load_texts)
        if save_texts:
            texts = RoundReport.objects.filter(round=round_).first() or RoundReport(round=round_)
            Path(save_texts).write_text(export_texts(texts), encoding="utf-8")
            self.stderr.write(f"report: wrote the texts of {round_.identifier} to {save_texts}")
        if format:
            self._write_report(round_, format, out, language)

    def _load_texts(self, round_, path):
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path}: cannot read the file: {exc}") from None
        try:
            import_texts(text, path, round_identifier=round_.identifier)
        except FileProblems as exc:
            raise CommandError("\n".join(exc.lines())) from None
        self.stderr.write(f"report: saved the texts of {path} to {round_.identifier}")

    def _write_rollup(self, programme, file_format, out, language, *, public):
        if not file_format:
            raise CommandError("say what to do: --format FORMAT --out FILE")
        started = time.perf_counter()
        which = "published follow-ups" if public else "all submitted follow-ups"
        self.stderr.write(f"report: collecting the plans under {programme.identifier} and their {which}")
        self._write(build_rollup(programme, language, public=public), file_format, out, started)

    def _write_report(self, round_, file_format, out, language):
        started = time.perf_counter()
        self.stderr.write(f"report: collecting the figures and examples of {round_.identifier}")
        self._write(build_report(round_, language), file_format, out, started)

    def _write(self, report, file_format, out, started):
        if file_format != "html" and (not out or out == "-"):
            raise CommandError(f"a {file_format.upper()} file needs --out FILE")
        self.stderr.write(f"report: laid out {len(report.blocks)} blocks; writing {file_format.upper()}")
        content = render_document(report, file_format)
        if not out or out == "-":
            self.stdout.write(content.decode("utf-8"))
        else:
            Path(out).write_bytes(content)
        elapsed = time.perf_counter() - started
        self.stderr.write(f"report: wrote {out or 'standard output'} ({len(content) / 1024:.0f} kB) in {elapsed:.1f} s")
