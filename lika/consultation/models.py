"""A consultation (remiss) of a draft plan: the units asked, their answers per node and in general."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lika.organisations.models import OrganisationUnit
from lika.plans.models import Node, SteeringDocument


class Consultation(models.Model):
    document = models.ForeignKey(SteeringDocument, on_delete=models.CASCADE, related_name="consultations")
    questions = models.TextField(_("questions to the units"), blank=True)
    deadline = models.DateField(_("deadline"))
    units = models.ManyToManyField(OrganisationUnit, related_name="consultations", verbose_name=_("units asked"))
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder, days before the deadline"), default=7,
        help_text=_("Units that have not answered are reminded by e-mail once, from this many days before the deadline."),
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self) -> str:
        return f"{self.document} ({self.deadline})"


class Position(models.TextChoices):
    AGREE = "agree", _("Agree")
    CHANGE = "change", _("Change proposed")
    CANNOT = "cannot", _("Cannot take on the responsibility")
    COMMENT = "comment", _("Comment")


class Reply(models.Model):
    """One unit's reply to a consultation; given once, before the deadline."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="replies")
    unit = models.ForeignKey(OrganisationUnit, on_delete=models.PROTECT, related_name="consultation_replies")
    general = models.TextField(_("general comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["consultation", "unit__name_sv"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        constraints = [models.UniqueConstraint(fields=["consultation", "unit"], name="one_reply_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit}: {self.consultation}"


class Decision(models.TextChoices):
    TAKEN_IN = "taken_in", _("Taken in")
    NOT_TAKEN_IN = "not_taken_in", _("Not taken in")


class NodeAnswer(models.Model):
    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="answers")
    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="consultation_answers")
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    text = models.TextField(_("text"), blank=True)
    decision = models.CharField(_("the plan owner's decision"), max_length=20, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        ordering = ["reply", "node__position"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["reply", "node"], name="one_answer_per_node")]

    def __str__(self) -> str:
        return f"{self.node.code}: {self.get_position_display()}"


class ConsultationReminder(models.Model):
    """A unit was reminded of a consultation it had not answered (once, as for follow-up rounds)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="reminders")
    unit = models.ForeignKey(OrganisationUnit, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [models.UniqueConstraint(fields=["consultation", "unit"], name="one_consultation_reminder_per_unit")]
