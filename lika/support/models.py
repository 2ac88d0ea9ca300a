"""Central support for the plan (issue 17): learning events with attendance and evaluations, and the
method library. Every change goes through lika/support/actions.py."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lika.organisations.models import Municipality, OrganisationUnit
from lika.plans.models import Node
from lika.reference.models import Perspective


class EventKind(models.TextChoices):
    BREAKFAST_MEETING = "breakfast_meeting", _("Breakfast meeting")
    LEARNING_MEETING = "learning_meeting", _("Learning meeting")
    TRAINING = "training", _("Training")
    DEVELOPMENT_PROGRAMME = "development_programme", _("Development programme")


class LearningEvent(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="learning_events")
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    organiser = models.CharField(_("organiser"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    measures = models.ManyToManyField(Node, blank=True, related_name="learning_events", verbose_name=_("measures it served"))
    perspectives = models.ManyToManyField(
        Perspective, blank=True, related_name="learning_events", verbose_name=_("perspectives it served")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("learning event")
        verbose_name_plural = _("learning events")

    def __str__(self) -> str:
        return f"{self.date} {self.title}"


class Attendance(models.Model):
    """How many of a unit's people registered for an event and how many came."""

    event = models.ForeignKey(LearningEvent, on_delete=models.CASCADE, related_name="attendance")
    unit = models.ForeignKey(OrganisationUnit, on_delete=models.PROTECT, related_name="+")
    registered = models.PositiveSmallIntegerField(_("registered"), default=0)
    attended = models.PositiveSmallIntegerField(_("attended"), default=0)

    class Meta:
        ordering = ["event", "unit__name_sv"]
        constraints = [models.UniqueConstraint(fields=["event", "unit"], name="attendance_one_row_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit}: {self.attended}/{self.registered}"


class Evaluation(models.Model):
    """A participant's short evaluation; who wrote it is not kept, only when."""

    event = models.ForeignKey(LearningEvent, on_delete=models.CASCADE, related_name="evaluations")
    score = models.PositiveSmallIntegerField(_("score"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "pk"]

    def __str__(self) -> str:
        return f"{self.event}: {self.score}"


class Visibility(models.TextChoices):
    INTERNAL = "internal", _("Internal (members of the municipality)")
    PUBLIC = "public", _("Public")


class MaterialKind(models.TextChoices):
    FILE = "file", _("File")
    LINK = "link", _("Link")
    TEXT = "text", _("Short text")


def material_path(instance, filename: str) -> str:
    return f"method-library/{instance.municipality_id}/{filename}"


class Material(models.Model):
    """Knowledge and method material in the method library: a file, a link or a short text."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="method_material")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=MaterialKind.choices)
    text = models.TextField(_("text"), blank=True, max_length=4000)
    url = models.URLField(_("web address"), blank=True, max_length=500)
    file = models.FileField(upload_to=material_path, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    measures = models.ManyToManyField(Node, blank=True, related_name="method_material", verbose_name=_("measures"))
    perspectives = models.ManyToManyField(Perspective, blank=True, related_name="method_material", verbose_name=_("perspectives"))
    themes = models.CharField(_("themes"), max_length=300, blank=True, help_text=_("Separate themes with commas."))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("owner")
    )
    review_by = models.DateField(_("review by"))
    visibility = models.CharField(_("who sees it"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("method material")
        verbose_name_plural = _("method material")

    def __str__(self) -> str:
        return self.title

    def theme_list(self) -> list[str]:
        return [theme.strip() for theme in self.themes.split(",") if theme.strip()]
