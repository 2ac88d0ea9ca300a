"""Reference catalogues shared by every municipality; they come with the migrations."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lika.core.localized import localized


class SustainableDevelopmentGoal(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        ordering = ["number"]
        verbose_name = _("Agenda 2030 goal")
        verbose_name_plural = _("Agenda 2030 goals")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def name(self) -> str:
        return localized(self, "name")


class PerspectiveKind(models.TextChoices):
    DISCRIMINATION_GROUND = "discrimination_ground", _("Discrimination ground")
    OTHER = "other", _("Other perspective")


class Perspective(models.Model):
    key = models.SlugField(_("key"), unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=PerspectiveKind.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        ordering = ["position"]
        verbose_name = _("perspective")
        verbose_name_plural = _("perspectives")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")
