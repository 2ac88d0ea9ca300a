"""Long work of the reports, run by the background worker (lika.jobs)."""

from django.utils.translation import gettext as _

from lika.followup.models import FollowUpRound
from lika.jobs.results import FileResult, JobFailed
from lika.lib.testpause import pause_for_crash_test

from .report_data import FORMATS, build_report, file_name, render_document


def render_round_report(*, round_id: int, file_format: str, language: str, progress) -> FileResult:
    """The round's report as a PDF or DOCX file for the user to download."""
    round_ = FollowUpRound.objects.select_related("document__municipality").filter(pk=round_id).first()
    if round_ is None:
        raise JobFailed(_("The follow-up round no longer exists."))
    if file_format not in FORMATS:
        raise JobFailed(_("Unknown report format."))
    progress(10, _("Collecting the round's data"))
    report = build_report(round_, language)
    progress(50, _("Writing the file"))
    content = render_document(report, file_format)
    pause_for_crash_test("report-job")
    progress(100, _("Done"))
    return FileResult(file_name(round_, file_format, language), content)
