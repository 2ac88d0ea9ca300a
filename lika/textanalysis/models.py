"""Business plans as read by the analysis, their theme scores, and each municipality's vocabulary."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lika.organisations.models import Municipality, OrganisationUnit

from . import vocabulary as vocab


class FileType(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", _("Word (DOCX)")
    TEXT = "txt", _("Text")


class Numbering(models.TextChoices):
    PAGE = "page", _("pages")
    SECTION = "section", _("sections")


class ThemeStatus(models.TextChoices):
    PRESENT = "present", _("present")
    MENTIONED = "mentioned", _("mentioned in passing")
    ABSENT = "absent", _("absent")


class PlanVocabulary(models.Model):
    """A municipality's own theme vocabulary (YAML); without one, the shipped default applies."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="plan_vocabulary")
    text = models.TextField(_("vocabulary (YAML)"))
    version = models.PositiveIntegerField(_("version"), default=1)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    edited_at = models.DateTimeField(_("edited"), default=timezone.now)

    class Meta:
        verbose_name = _("business-plan vocabulary")
        verbose_name_plural = _("business-plan vocabularies")

    def __str__(self) -> str:
        return f"{self.municipality} v{self.version}"


def vocabulary_for(municipality) -> tuple[str, int]:
    """The YAML text and version in force for a municipality (version 0: the shipped default)."""
    own = PlanVocabulary.objects.filter(municipality=municipality).values_list("text", "version").first()
    return own if own else (vocab.default_text(), 0)


class BusinessPlan(models.Model):
    """One unit's business plan for one year, with the text as extracted and what the analysis found."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="business_plans")
    unit = models.ForeignKey(OrganisationUnit, on_delete=models.PROTECT, related_name="business_plans", verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    original_filename = models.CharField(_("file name"), max_length=255)
    file_type = models.CharField(_("file type"), max_length=10, choices=FileType.choices)
    numbering = models.CharField(_("numbered by"), max_length=10, choices=Numbering.choices, default=Numbering.PAGE)
    page_count = models.PositiveIntegerField(_("pages"))
    empty_pages = models.JSONField(default=list, blank=True)
    pages = models.JSONField(default=list, help_text=_("The extracted text: [[page number, text], ...]."))
    passages = models.JSONField(default=list, help_text=_("The passages that touch a theme, with the words that matched."))
    vocabulary_version = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["year", "unit__name_sv"]
        verbose_name = _("business plan")
        verbose_name_plural = _("business plans")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="business_plan_unit_year_unique")]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"


class ThemeScore(models.Model):
    """How much of a theme one plan has: a row per plan and theme, for the tables across plans."""

    plan = models.ForeignKey(BusinessPlan, on_delete=models.CASCADE, related_name="scores")
    theme = models.CharField(max_length=60)
    status = models.CharField(max_length=10, choices=ThemeStatus.choices)
    passages = models.PositiveIntegerField(default=0)
    in_heading = models.BooleanField(default=False)

    class Meta:
        ordering = ["plan", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "theme"], name="theme_score_unique")]

    def __str__(self) -> str:
        return f"{self.plan}: {self.theme} {self.status}"


class LeafReading(models.Model):
    """One business plan read against one steering document's own leaves (measures, strategies).

    `scores` is [[leaf code, status, passages, in heading], ...] in the document's order;
    `passages` as BusinessPlan.passages, with leaf codes as theme keys."""

    plan = models.ForeignKey(BusinessPlan, on_delete=models.CASCADE, related_name="leaf_readings")
    document = models.ForeignKey("plans.SteeringDocument", on_delete=models.CASCADE, related_name="+")
    passages = models.JSONField(default=list)
    scores = models.JSONField(default=list)
    read_at = models.DateTimeField(default=timezone.now)
    # What the plan was read with (plan_reading.themes_digest): a reading made with other items,
    # words or weights is read again when next looked at.
    themes_digest = models.CharField(max_length=32, blank=True, default="")

    class Meta:
        verbose_name = _("reading against a plan")
        verbose_name_plural = _("readings against a plan")
        constraints = [models.UniqueConstraint(fields=["plan", "document"], name="leaf_reading_unique")]

    def __str__(self) -> str:
        return f"{self.plan} / {self.document_id}"


class PassageDecision(models.Model):
    """The plan owner's decision about one passage of a business plan and one item of the plan it
    is read against; the passage is recognised by its digest (leafreading.passage_digest), so the
    decision holds when the plan is read again and lapses when the passage's text changes."""

    leaf = models.CharField(_("item"), max_length=40)
    digest = models.CharField(max_length=32)
    page = models.PositiveIntegerField(_("page"), default=0)
    text = models.TextField(_("passage"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        abstract = True


class SetAsidePassage(PassageDecision):
    """A passage found for an item that is not about it: left out of the plan's reading, the units
    × items table and the report."""

    plan = models.ForeignKey(BusinessPlan, on_delete=models.CASCADE, related_name="set_aside_passages")
    document = models.ForeignKey("plans.SteeringDocument", on_delete=models.CASCADE, related_name="+")
    decided_at = models.DateTimeField(_("set aside"), default=timezone.now)

    class Meta:
        verbose_name = _("passage set aside")
        verbose_name_plural = _("passages set aside")
        constraints = [models.UniqueConstraint(fields=["plan", "document", "leaf", "digest"], name="set_aside_passage_unique")]

    def __str__(self) -> str:
        return f"{self.plan} / {self.leaf} / {self.digest[:8]}"


class AddedPassage(PassageDecision):
    """A passage the reading missed that takes up an item: counted for it in the reading, the table
    and the report."""

    plan = models.ForeignKey(BusinessPlan, on_delete=models.CASCADE, related_name="added_passages")
    document = models.ForeignKey("plans.SteeringDocument", on_delete=models.CASCADE, related_name="+")
    decided_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("passage added")
        verbose_name_plural = _("passages added")
        constraints = [models.UniqueConstraint(fields=["plan", "document", "leaf", "digest"], name="added_passage_unique")]

    def __str__(self) -> str:
        return f"{self.plan} / {self.leaf} + {self.digest[:8]}"


class LeafWords(models.Model):
    """The plan owner's words for reading business plans against a document's leaves, one version
    per save (the latest is in force): lines such as `1.1.3 +ordförråd -unga`."""

    document = models.ForeignKey("plans.SteeringDocument", on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("words per item"), blank=True)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    edited_at = models.DateTimeField(_("edited"), default=timezone.now)

    class Meta:
        ordering = ["document", "-version"]
        verbose_name = _("words for reading against a plan")
        verbose_name_plural = _("words for reading against a plan")
        constraints = [models.UniqueConstraint(fields=["document", "version"], name="leaf_words_version_unique")]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.version}"
