"""Indicators (aggregated series with their breakdowns) and microdata files for analysis."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lika.core.localized import localized
from lika.organisations.models import Municipality
from lika.plans.models import Node


class StatisticsSettings(models.Model):
    """A municipality's own small-cell threshold, where it differs from LIKA_SMALL_CELL_THRESHOLD."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="statistics_settings")
    small_cell_threshold = models.PositiveSmallIntegerField(
        _("small-cell threshold"),
        null=True,
        blank=True,
        help_text=_("Counts below this are never shown. Empty: the installation's default."),
    )

    class Meta:
        verbose_name = _("statistics settings")
        verbose_name_plural = _("statistics settings")

    def __str__(self) -> str:
        return str(self.municipality)


def small_cell_threshold(municipality) -> int:
    """The threshold in force for a municipality: its own, else the installation's."""
    own = StatisticsSettings.objects.filter(municipality=municipality).values_list("small_cell_threshold", flat=True).first()
    return own or settings.LIKA_SMALL_CELL_THRESHOLD


class IndicatorQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class Indicator(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="indicators")
    identifier = models.SlugField(_("identifier"), max_length=100)
    name_sv = models.CharField(_("name (Swedish)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=50, blank=True, help_text=_("For example %, antal, tkr."))
    source = models.CharField(_("source"), max_length=300, blank=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    dimensions = models.JSONField(
        _("breakdowns"), default=list, blank=True, help_text=_("The names of the breakdowns, in the order shown.")
    )
    published = models.BooleanField(_("published"), default=False)
    nodes = models.ManyToManyField(Node, blank=True, related_name="indicators", verbose_name=_("informs"))
    updated_at = models.DateTimeField(auto_now=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["municipality", "name_sv"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [models.UniqueConstraint(fields=["municipality", "identifier"], name="indicator_identifier_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")


def dimension_key(mapping: dict[str, str]) -> str:
    """A canonical text for a breakdown mapping, so one period and breakdown has one value."""
    return "|".join(f"{k}={v}" for k, v in sorted(mapping.items()))


class IndicatorValue(models.Model):
    """One figure: a period, the categories it is broken down by ({} is everyone), the value and its n."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period = models.CharField(_("period"), max_length=30)
    categories = models.JSONField(_("categories"), default=dict, blank=True)
    categories_key = models.CharField(max_length=500, editable=False)
    value = models.FloatField(_("value"))
    n = models.PositiveIntegerField(_("n"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["indicator", "position"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period", "categories_key"], name="indicator_value_unique")
        ]
        indexes = [models.Index(fields=["indicator", "period"])]

    def save(self, *args, **kwargs):
        self.categories_key = dimension_key(self.categories)
        super().save(*args, **kwargs)


class MicrodataFile(models.Model):
    """Uploaded microdata, kept for analysis and download; never shown row by row."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="microdata_files")
    name = models.CharField(_("name"), max_length=200)
    synthetic = models.BooleanField(_("synthetic"), default=False, help_text=_("Made-up data for demonstration."))
    data = models.BinaryField(_("data (Parquet)"))
    rows = models.PositiveIntegerField(_("rows"))
    columns = models.JSONField(_("columns"), default=list)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("microdata file")
        verbose_name_plural = _("microdata files")

    def __str__(self) -> str:
        return self.name
