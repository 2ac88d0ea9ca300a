"""`lika followup list | summary ROUND | import FILE | export ROUND | open/close/publish ROUND | remind`."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lika import jobs
from lika.followup import actions
from lika.followup.analysis_data import round_analysis
from lika.followup.followupfile import export_round, import_round_text
from lika.followup.models import FollowUpRound, RoundState
from lika.jobs.models import Job, JobState
from lika.lib.yamlfile import FileProblems


class Command(BaseCommand):
    help = "Follow-up rounds: list, summarise, import, export, change state, send reminders."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="One round per line: identifier, document, period, state.")
        summary = sub.add_parser("summary", help="The round's analysis.")
        summary.add_argument("round")
        summary.add_argument("--format", choices=["json", "text"], default="text")
        imp = sub.add_parser("import", help="Import a follow-up file (docs/followup-file.md).")
        imp.add_argument("file")
        imp.add_argument("--replace", action="store_true")
        exp = sub.add_parser("export", help="Write a round as a follow-up file.")
        exp.add_argument("round")
        exp.add_argument("--out")
        for name in ("open", "close", "publish"):
            state = sub.add_parser(name, help=f"{name.capitalize()} a round (as the system, for scripts).")
            state.add_argument("round")
            if name == "open":
                state.add_argument(
                    "--queue", action="store_true",
                    help="Leave the e-mail to the reporters to the background worker instead of sending it now.",
                )
        asked = sub.add_parser("asked", help="Who the round asks to report on which measures, and how many reporters each has.")
        asked.add_argument("round")
        remind = sub.add_parser("remind", help="Send due reminders for every open round.")
        remind.add_argument("--date", help="Pretend today is this date (YYYY-MM-DD).")

    def handle(self, *args, action, **options):
        getattr(self, f"handle_{action}")(**options)

    def _round(self, identifier) -> FollowUpRound:
        found = FollowUpRound.objects.select_related("document").filter(identifier=identifier).first()
        if found is None:
            known = ", ".join(FollowUpRound.objects.values_list("identifier", flat=True)) or "none"
            raise CommandError(f"no round {identifier!r}; the rounds are: {known}")
        return found

    def handle_list(self, **options):
        for round_ in FollowUpRound.objects.select_related("document").order_by("document__identifier", "period_start"):
            self.stdout.write(
                f"{round_.identifier}\t{round_.document.identifier}\t{round_.period_start}–{round_.period_end}\t{round_.state}"
            )

    def handle_summary(self, round, format, **options):
        result = round_analysis(self._round(round))
        if format == "json":
            self.stdout.write(json.dumps(result.summary, ensure_ascii=False, indent=2))
            return
        for key, value in result.summary.items():
            self.stdout.write(f"{key}: {value}")

    def handle_import(self, file, replace, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            round_ = import_round_text(path.read_text(encoding="utf-8"), file, replace=replace, progress=self.stdout.write)
        except UnicodeDecodeError:
            raise CommandError(f"{file}: not UTF-8 text; save the file as UTF-8") from None
        except FileProblems as exc:
            for line in exc.lines():
                self.stderr.write(line)
            raise CommandError(f"{file}: nothing was imported ({len(exc.problems)} problem(s))") from None
        self.stdout.write(self.style.SUCCESS(f"imported {round_.identifier}"))

    def handle_export(self, round, out, **options):
        text = export_round(self._round(round))
        if out:
            Path(out).write_text(text, encoding="utf-8")
            self.stderr.write(f"wrote {out}")
        else:
            self.stdout.write(text, ending="")

    def _change(self, identifier, target, queue=False):
        round_ = self._round(identifier)
        system = actions.RoundAccess(round_, None, True, frozenset(), set())
        try:
            for line in actions.change_round_state(round_, target, who=system):
                self.stdout.write(line)
        except actions.ActionRefused as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{round_.identifier} is now {round_.state}")
        job = Job.objects.filter(subject=f"round-opened:{round_.pk}", state=JobState.QUEUED).first()
        if job is not None and not queue:
            try:
                done = jobs.run_here(job, lambda percent, text: self.stdout.write(f"{percent:3d} % {text}"))
            except Exception:  # noqa: BLE001 (the job record says what went wrong, in words)
                job.refresh_from_db()
                raise CommandError(f"the round is open, but the e-mail was not sent: {job.error}") from None
            if done is not None:
                self.stdout.write(done.summary or done.error)

    def handle_asked(self, round, **options):
        asked = actions.who_will_be_asked(self._round(round))
        if not asked:
            raise CommandError("the round asks nobody: no unit implements the plan's measures (see the plan's responsibilities)")
        for item in asked:
            codes = ", ".join(node.code for node in item.measures)
            self.stdout.write(f"{item.unit.name_sv}\t{len(item.reporters)} reporters\t{codes}")

    def handle_open(self, round, queue=False, **options):
        self._change(round, RoundState.OPEN, queue)

    def handle_close(self, round, **options):
        self._change(round, RoundState.CLOSED)

    def handle_publish(self, round, **options):
        self._change(round, RoundState.PUBLISHED)

    def handle_remind(self, date=None, **options):
        from datetime import date as date_type

        try:
            today = date_type.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"--date {date!r} is not a date written YYYY-MM-DD") from None
        for round_ in FollowUpRound.objects.filter(state=RoundState.OPEN):
            units = actions.send_reminders(round_, today=today)
            self.stdout.write(f"{round_.identifier}: reminded {len(units)} unit(s)" + (": " + ", ".join(u.name_sv for u in units) if units else ""))
