"""The job record the user sees, the workers' heartbeats and the schedule's last runs.

The queue itself is django-tasks' database backend (decision 7): a `Job` is
Lika's view of one queued task, with the progress, the result file or the
error in words for the user.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    name = models.CharField(_("job"), max_length=100)
    label = models.CharField(_("what"), max_length=300, blank=True)
    kwargs = models.JSONField(default=dict)
    subject = models.CharField(max_length=200, blank=True, db_index=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE)
    language = models.CharField(max_length=10, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    progress_text = models.CharField(max_length=200, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    worker = models.CharField(max_length=100, blank=True)
    result_file = models.FileField(upload_to="jobs/%Y/%m/", blank=True)
    result_name = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    # What a job that makes no file did, in words for the user (e.g. "12 plans read, 1 not").
    summary = models.TextField(blank=True)
    # Runs started; a job interrupted by a dead worker and safe to run again is queued again.
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self):
        return f"{self.name} #{self.pk} ({self.state})"

    @property
    def is_finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)


class WorkerBeat(models.Model):
    """A running `lika worker` writes here every few seconds."""

    worker_id = models.CharField(max_length=100, unique=True)
    host = models.CharField(max_length=200)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    last_seen = models.DateTimeField(db_index=True)

    def __str__(self):
        return self.worker_id


class ScheduledRun(models.Model):
    """When the worker last queued each scheduled job (registry.SCHEDULE)."""

    name = models.CharField(max_length=100, unique=True)
    last_run = models.DateField(null=True, blank=True)

    def __str__(self):
        return f"{self.name} {self.last_run}"
