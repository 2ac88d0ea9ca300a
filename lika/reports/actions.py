"""Changes the reports make: queueing a report file as a background job."""

from django.utils.translation import gettext as _

from lika import jobs
from lika.followup.models import FollowUpRound
from lika.followup.permissions import round_access

FILE_FORMATS = {"pdf": "PDF", "docx": "Word (DOCX)"}


class ActionRefused(Exception):
    """The change is not allowed; the message says why, for the user."""


def report_subject(round_: FollowUpRound, file_format: str, language: str) -> str:
    return f"round-report:{round_.pk}:{file_format}:{language}"


def queue_report_file(round_: FollowUpRound, user, *, file_format: str, language: str):
    """Queue the round's report as PDF or DOCX; the worker makes it, the user downloads it when done."""
    if not round_access(user, round_).can_analyse:
        raise ActionRefused(_("Only the plan owner and the coordinators make the round's report."))
    if file_format not in FILE_FORMATS:
        raise ActionRefused(_("The report is made as PDF or Word (DOCX)."))
    return jobs.enqueue(
        "reports.round_report",
        kwargs={"round_id": round_.pk, "file_format": file_format, "language": language},
        owner=user,
        subject=report_subject(round_, file_format, language),
        language=language,
        label=_("The report %(round)s as %(format)s") % {"round": round_.title, "format": FILE_FORMATS[file_format]},
    )
