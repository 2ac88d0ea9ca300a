"""Long work of the business-plan analysis, run by the background worker (lika.jobs)."""

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from lika.jobs.results import JobFailed, TextResult
from lika.organisations.models import Municipality, OrganisationUnit

from .actions import ActionRefused, Outcome, store_plans_in_steps


def store_plan_batch(*, municipality_id: int, year: int, files: list[dict], user_id=None, refused=(), progress) -> TextResult:
    """Read and store a queued batch of business plans, a few files at a time, with progress.

    Safe to run again after an interruption: a plan for a unit and year replaces the earlier one.
    The kept files are deleted when the batch has been read."""
    municipality = Municipality.objects.filter(pk=municipality_id).first()
    if municipality is None:
        raise JobFailed(_("The municipality no longer exists."))
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    units = OrganisationUnit.objects.in_bulk([f["unit_id"] for f in files if f["unit_id"]])

    def reader(path):
        def read():
            with default_storage.open(path, "rb") as handle:
                return handle.read()

        return read

    entries = [(f["filename"], reader(f["path"]), units.get(f["unit_id"])) for f in files]
    try:
        outcomes = store_plans_in_steps(municipality, year, entries, access=None, user=user, progress=progress)
    except ActionRefused as error:
        raise JobFailed(str(error)) from None
    finally:
        for entry in files:
            default_storage.delete(entry["path"])
    return TextResult(summary([Outcome(name, error=reason) for name, reason in refused] + outcomes))


def summary(outcomes: list[Outcome]) -> str:
    saved = [o for o in outcomes if o.plan]
    lines = [_("%(count)s plans read and saved.") % {"count": len(saved)}]
    failed = [o for o in outcomes if o.error]
    if failed:
        lines.append(_("Files that were not saved:"))
        lines += [f"{o.filename}: {o.error}" for o in failed]
    return "\n".join(lines)
