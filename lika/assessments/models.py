"""Impact assessments of decisions, and the templates they follow.

A template is versioned: editing it makes a new version, and each assessment
keeps the version it was started with, so its questions never change under it.
Every answer keeps its history; its `revision` lets two people editing at the
same time find out, instead of one silently overwriting the other.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lika.organisations.models import Municipality, OrganisationUnit
from lika.plans.models import Node

from . import templatefile


class AssessmentKind(models.TextChoices):
    EQUAL_OPPORTUNITY = "equal_opportunity", _("Equal-opportunity assessment")
    CHILD_RIGHTS = "child_rights", _("Best interests of the child")
    GENDER = "gender", _("Gender impact assessment")
    OTHER = "other", _("Other assessment")


class AssessmentSettings(models.Model):
    """A municipality's rules for assessments: how its case numbers look, which measure they serve."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="assessment_settings")
    case_number_pattern = models.CharField(
        _("case number pattern"),
        max_length=200,
        blank=True,
        help_text=_("A regular expression the whole case number must match, e.g. \\d{5}/\\d{4}. Empty: any."),
    )
    case_number_example = models.CharField(_("example case number"), max_length=50, blank=True)
    default_measure = models.ForeignKey(
        Node,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("measure served by default"),
    )

    class Meta:
        verbose_name = _("assessment settings")
        verbose_name_plural = _("assessment settings")

    def __str__(self) -> str:
        return str(self.municipality)

    def clean(self):
        if self.case_number_pattern:
            try:
                re.compile(self.case_number_pattern)
            except re.error as exc:
                raise ValidationError({"case_number_pattern": _("Not a valid pattern: %(error)s") % {"error": exc}}) from None
        if self.default_measure_id and self.default_measure.document.municipality_id != self.municipality_id:
            raise ValidationError({"default_measure": _("The measure belongs to another municipality's plan.")})


class AssessmentTemplate(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="assessment_templates")
    key = models.SlugField(_("key"), max_length=60)
    kind = models.CharField(_("kind"), max_length=30, choices=AssessmentKind.choices)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("offered for new assessments"), default=True)

    class Meta:
        ordering = ["municipality", "position", "key"]
        verbose_name = _("assessment template")
        verbose_name_plural = _("assessment templates")
        constraints = [models.UniqueConstraint(fields=["municipality", "key"], name="assessment_template_key_unique")]

    def __str__(self) -> str:
        return self.key


class TemplateVersion(models.Model):
    template = models.ForeignKey(AssessmentTemplate, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    source = models.TextField(_("template file"))
    definition = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["template", "-number"]
        constraints = [models.UniqueConstraint(fields=["template", "number"], name="template_version_unique")]

    def __str__(self) -> str:
        return f"{self.template.key} v{self.number}"

    def parsed(self) -> templatefile.Template:
        cached = getattr(self, "_parsed", None)
        if cached is None:
            cached = self._parsed = templatefile.from_data(self.definition)
        return cached

    def name(self, language: str) -> str:
        return self.parsed().name.get(language)


class AssessmentState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMPLETED = "completed", _("Completed")
    SCREENED_OUT = "screened_out", _("Not relevant")


FINISHED = (AssessmentState.COMPLETED, AssessmentState.SCREENED_OUT)


class Assessment(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="assessments")
    template_version = models.ForeignKey(TemplateVersion, on_delete=models.PROTECT, related_name="assessments")
    kind = models.CharField(_("kind"), max_length=30, choices=AssessmentKind.choices)
    title = models.CharField(_("matter"), max_length=300)
    case_number = models.CharField(_("case number"), max_length=50)
    unit = models.ForeignKey(OrganisationUnit, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("unit"))
    decision_body = models.CharField(_("decided by"), max_length=200, help_text=_("For example the city planning committee."))
    decision_date = models.DateField(_("date of decision"))
    language = models.CharField(_("language of the answers"), max_length=2, choices=settings.LANGUAGES, default="sv")
    measure = models.ForeignKey(
        Node, on_delete=models.SET_NULL, null=True, blank=True, related_name="assessments", verbose_name=_("plan measure")
    )
    state = models.CharField(_("state"), max_length=20, choices=AssessmentState.choices, default=AssessmentState.DRAFT)
    screened_out_reason = models.TextField(_("why it is not relevant"), blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published = models.BooleanField(_("published with the decision"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-decision_date", "-pk"]
        verbose_name = _("impact assessment")
        verbose_name_plural = _("impact assessments")
        indexes = [models.Index(fields=["municipality", "state", "decision_date"])]

    def __str__(self) -> str:
        return f"{self.case_number} {self.title}"

    @property
    def is_finished(self) -> bool:
        return self.state in FINISHED

    def template(self) -> templatefile.Template:
        return self.template_version.parsed()


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    key = models.CharField(max_length=200)
    value = models.TextField(blank=True)
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "key"], name="assessment_answer_unique")]


class AnswerRevision(models.Model):
    """Every value an answer has had, and who gave it."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="revisions")
    key = models.CharField(max_length=200)
    value = models.TextField(blank=True)
    revision = models.PositiveIntegerField()
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-changed_at", "-pk"]


class AssessmentEvent(models.Model):
    """What happened to an assessment besides answers: started, completed, screened out, published, reopened."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30)
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-at", "-pk"]
