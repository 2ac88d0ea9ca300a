"""Changes the reports make: the plan owner's report texts, queueing a report file as a background job."""

from django.db import transaction
from django.utils.translation import gettext as _

from lika import jobs
from lika.core.editing import check_version, version_of
from lika.followup.models import FollowUpRound
from lika.followup.permissions import round_access

from .models import RoundReport

TEXT_FIELDS = ["language", "introduction", "central_support", "business_plans", "examples", "employer", "conclusions"]

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


def _texts_state(texts: RoundReport) -> dict:
    return {name: getattr(texts, name) for name in TEXT_FIELDS}


def report_texts_version(texts: RoundReport) -> str:
    """The version of a round's report texts as a form reads them (lika.lib.versions); texts
    not saved yet have the version of the empty texts, whatever language the form proposes."""
    return version_of(_texts_state(texts if texts.pk else RoundReport()))


@transaction.atomic
def save_report_texts(round_: FollowUpRound, values: dict, *, user, version: str | None = None) -> RoundReport:
    """Save the texts (TEXT_FIELDS) of a round's report; EditConflict if someone saved them since
    `version` was read (None: no form was read, e.g. a file loaded on the command line)."""
    if user is not None and not round_access(user, round_).is_plan_owner:
        raise ActionRefused(_("Only the plan owner writes the report's texts."))
    FollowUpRound.objects.select_for_update().filter(pk=round_.pk).exists()
    texts = RoundReport.objects.select_for_update().filter(round=round_).first() or RoundReport(round=round_)
    stored = _texts_state(texts)
    who = ""
    if texts.updated_by is not None:
        who = texts.updated_by.get_full_name() or texts.updated_by.get_username()
    labels = {name: str(RoundReport._meta.get_field(name).verbose_name) for name in TEXT_FIELDS}
    merged = check_version(
        version, stored=stored, submitted={name: values[name] for name in TEXT_FIELDS if name in values},
        labels=labels, changed_by=who, changed_at=texts.updated_at,
    )
    if texts.pk and all(stored[name] == value for name, value in merged.items()):
        return texts
    for name, value in merged.items():
        setattr(texts, name, value)
    texts.updated_by = user if getattr(user, "is_authenticated", False) else None
    texts.save()
    return texts
