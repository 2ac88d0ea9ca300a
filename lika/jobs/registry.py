"""Every job Lika can run, by name, and the daily schedule.

The job runner imports no domain: a job is named here by the dotted path of
its function in the domain's `jobs.py` and imported only when it runs. A job
function takes keyword arguments (plain JSON values) and `progress`, a
callable `progress(percent, text="")`; it returns None, or a `FileResult`
(lika.jobs.results) that the user can download.
"""

from dataclasses import dataclass
from datetime import time

JOBS: dict[str, str] = {
    "reports.round_report": "lika.reports.jobs.render_round_report",
    "followup.send_reminders": "lika.followup.jobs.send_due_reminders",
    "consultation.send_reminders": "lika.consultation.jobs.send_due_reminders",
    "jobs.cleanup": "lika.jobs.cleanup.delete_old_jobs",
    "jobs.probe": "lika.jobs.probe.probe",
    "followup.round_opened_mail": "lika.followup.jobs.send_round_opened_mail",
    "textanalysis.store_plans": "lika.textanalysis.jobs.store_plan_batch",
}

# Jobs that give the same outcome when run twice: interrupted by a dead worker, they are queued
# again (at most MAX_ATTEMPTS runs). Any other interrupted job is shown as failed ("start it
# again"): an e-mail to every reporter must not go out twice.
RERUN_WHEN_INTERRUPTED: set[str] = {
    "reports.round_report",
    "followup.send_reminders",  # ReminderSent remembers who was told
    "consultation.send_reminders",  # ConsultationReminder remembers who was told
    "jobs.cleanup",
    "jobs.probe",
    "textanalysis.store_plans",  # a plan for a unit and year replaces the earlier one
}
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Scheduled:
    name: str  # a key of JOBS
    at: time  # local time (settings.TIME_ZONE); queued once a day from then on


SCHEDULE: list[Scheduled] = [
    Scheduled("followup.send_reminders", time(7, 0)),
    Scheduled("consultation.send_reminders", time(7, 5)),
    Scheduled("jobs.cleanup", time(3, 0)),
]


class UnknownJob(LookupError):
    pass


def job_path(name: str) -> str:
    try:
        return JOBS[name]
    except KeyError:
        raise UnknownJob(f"no job {name!r}; the jobs are: {', '.join(sorted(JOBS))}") from None
