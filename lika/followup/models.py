"""Follow-up rounds: each unit reports status and examples per measure it implements.

States and their allowed transitions are listed here, next to the models;
every change goes through `lika.followup.actions`, which checks them and keeps
the history.
"""

from uuid import uuid4

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lika.core.localized import localized
from lika.organisations.models import OrganisationUnit
from lika.plans.models import Node, SteeringDocument
from lika.reference.models import Perspective


class RoundState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    PUBLISHED = "published", _("Published")


# A closed round can be opened again (a deadline extended); a published one is final.
ROUND_TRANSITIONS = {
    RoundState.DRAFT: {RoundState.OPEN},
    RoundState.OPEN: {RoundState.CLOSED},
    RoundState.CLOSED: {RoundState.OPEN, RoundState.PUBLISHED},
    RoundState.PUBLISHED: set(),
}


class FollowUpRound(models.Model):
    document = models.ForeignKey(SteeringDocument, on_delete=models.PROTECT, related_name="followup_rounds")
    identifier = models.SlugField(_("identifier"), max_length=100, unique=True)
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    reference_number = models.CharField(_("reference number"), max_length=100, blank=True)
    period_start = models.DateField(_("period reported on, from"))
    period_end = models.DateField(_("period reported on, to"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("deadline"))
    max_examples = models.PositiveSmallIntegerField(
        _("examples per unit and measure"), default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder, days before the deadline"), default=7, validators=[MaxValueValidator(60)]
    )
    state = models.CharField(_("state"), max_length=20, choices=RoundState.choices, default=RoundState.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period_end", "identifier"]
        verbose_name = _("follow-up round")
        verbose_name_plural = _("follow-up rounds")
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="round_period_in_order"),
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="round_dates_in_order"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def municipality_id(self) -> int:
        return self.document.municipality_id

    def can_move_to(self, state: str) -> bool:
        return state in ROUND_TRANSITIONS[RoundState(self.state)]


class RoundQuestion(models.Model):
    """A free-text question put to every unit (in 2023: two on the employer perspective)."""

    round = models.ForeignKey(FollowUpRound, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(_("key"), max_length=40)
    position = models.PositiveSmallIntegerField(default=0)
    text_sv = models.TextField(_("question (Swedish)"))
    text_en = models.TextField(_("question (English)"), blank=True)

    class Meta:
        ordering = ["round", "position"]
        constraints = [models.UniqueConstraint(fields=["round", "key"], name="question_key_unique")]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return localized(self, "text")


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for completion")
    APPROVED = "approved", _("Approved")


EDITABLE_SUBMISSION_STATES = {SubmissionState.DRAFT, SubmissionState.RETURNED}


class Submission(models.Model):
    round = models.ForeignKey(FollowUpRound, on_delete=models.CASCADE, related_name="submissions")
    unit = models.ForeignKey(OrganisationUnit, on_delete=models.PROTECT, related_name="submissions")
    state = models.CharField(
        _("state"), max_length=20, choices=SubmissionState.choices, default=SubmissionState.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["round", "unit__name_sv"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="one_submission_per_unit_and_round")]

    def __str__(self) -> str:
        return f"{self.round}: {self.unit}"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_SUBMISSION_STATES


class MeasureStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    ORDINARY_OPERATIONS = "ordinary_operations", _("Part of ordinary operations")


class ReviewState(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    RETURNED = "returned", _("Returned for completion")
    APPROVED = "approved", _("Approved")


class MeasureReport(models.Model):
    """One unit's report on one measure: status, comment, examples; reviewed by the measure's coordinator."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="measure_reports")
    measure = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="measure_reports")
    status = models.CharField(_("status"), max_length=30, choices=MeasureStatus.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    review_state = models.CharField(
        _("review"), max_length=20, choices=ReviewState.choices, default=ReviewState.PENDING
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_since_review = models.BooleanField(default=False)

    class Meta:
        ordering = ["submission", "measure__position"]
        verbose_name = _("measure report")
        verbose_name_plural = _("measure reports")
        constraints = [models.UniqueConstraint(fields=["submission", "measure"], name="one_report_per_measure")]

    def __str__(self) -> str:
        return f"{self.submission.unit}: {self.measure.code}"


class EffectsKind(models.TextChoices):
    OBSERVED = "observed", _("Observed")
    EXPECTED = "expected", _("Expected")


class Example(models.Model):
    measure_report = models.ForeignKey(MeasureReport, on_delete=models.CASCADE, related_name="examples")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=300)
    what_was_done = models.TextField(_("what was done"))
    effects = models.TextField(_("effects"), blank=True)
    effects_kind = models.CharField(_("the effects are"), max_length=20, choices=EffectsKind.choices, blank=True)
    learning = models.TextField(_("learning"), blank=True)
    related_measures = models.ManyToManyField(
        Node, blank=True, related_name="related_examples", verbose_name=_("other measures it relates to")
    )
    perspectives = models.ManyToManyField(
        Perspective, blank=True, related_name="examples", verbose_name=_("perspectives")
    )
    partner_civil_society = models.BooleanField(_("civil society"), default=False)
    partner_business = models.BooleanField(_("business"), default=False)
    partner_academia = models.BooleanField(_("academia"), default=False)
    partner_public_sector = models.BooleanField(_("other public bodies"), default=False)
    partner_units = models.ManyToManyField(
        OrganisationUnit, blank=True, related_name="partner_examples", verbose_name=_("other units of the municipality")
    )
    partner_names = models.TextField(_("named partners"), blank=True)
    target_groups = models.TextField(_("target groups"), blank=True)
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("to"), null=True, blank=True)
    links = models.TextField(_("links"), blank=True, help_text=_("One web address per line."))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["measure_report", "position", "pk"]
        verbose_name = _("example")
        verbose_name_plural = _("examples")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True) | Q(period_start__isnull=True) | Q(period_end__gte=models.F("period_start")),
                name="example_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


def attachment_path(instance, filename: str) -> str:
    # The stored name is ours; the original name is kept in the row and sent on download.
    return f"attachments/{instance.example.measure_report.submission.round_id}/{uuid4().hex}"


class Attachment(models.Model):
    example = models.ForeignKey(Example, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class Answer(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(RoundQuestion, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("answer"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "question"], name="one_answer_per_question")]


class EventAction(models.TextChoices):
    CREATED = "created", _("created")
    REPORT_CHANGED = "report_changed", _("changed status or comment")
    EXAMPLE_ADDED = "example_added", _("added an example")
    EXAMPLE_CHANGED = "example_changed", _("changed an example")
    EXAMPLE_DELETED = "example_deleted", _("deleted an example")
    ATTACHMENT_ADDED = "attachment_added", _("added an attachment")
    ATTACHMENT_DELETED = "attachment_deleted", _("deleted an attachment")
    ANSWERS_CHANGED = "answers_changed", _("changed the answers")
    SUBMITTED = "submitted", _("submitted")
    COMMENTED = "commented", _("commented")
    RETURNED = "returned", _("returned for completion")
    APPROVED = "approved", _("approved")
    IMPORTED = "imported", _("imported from a file")


class SubmissionEvent(models.Model):
    """The history of a submission: who changed what, and when."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=30, choices=EventAction.choices)
    measure = models.ForeignKey(Node, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    comment = models.TextField(blank=True)
    changes = models.JSONField(default=dict, blank=True, help_text="field -> [before, after]")

    class Meta:
        ordering = ["submission", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor}: {self.get_action_display()}"


class ReminderSent(models.Model):
    round = models.ForeignKey(FollowUpRound, on_delete=models.CASCADE, related_name="reminders")
    unit = models.ForeignKey(OrganisationUnit, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="one_reminder_per_unit")]
