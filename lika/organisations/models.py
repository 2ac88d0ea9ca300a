from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lika.core.localized import localized

key_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Use lower-case letters a–z, digits and single hyphens."),
)


class Municipality(models.Model):
    code = models.CharField(
        _("municipality code"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("Four digits, as in SCB's register."))],
    )
    slug = models.SlugField(_("short name"), unique=True, help_text=_("Used in web addresses."))
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    COMMITTEE = "committee", _("Committee")
    DEPARTMENT = "department", _("Department")
    COMPANY = "company", _("Municipal company")
    DIVISION = "division", _("Division")


class OrganisationUnit(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="units", verbose_name=_("municipality")
    )
    key = models.CharField(
        _("key"), max_length=80, validators=[key_validator], help_text=_("Stable identifier used in files.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("belongs to"),
    )
    name_sv = models.CharField(_("name (Swedish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive units are left out of rules such as 'all departments'.")
    )

    class Meta:
        ordering = ["name_sv"]
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        constraints = [models.UniqueConstraint(fields=["municipality", "key"], name="unit_key_unique_in_municipality")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    def clean(self):
        if self.kind == UnitKind.DIVISION and self.parent_id is None:
            raise ValidationError({"parent": _("A division belongs to a department or company.")})
        if self.parent_id is not None:
            if self.parent.municipality_id != self.municipality_id:
                raise ValidationError({"parent": _("The parent unit belongs to another municipality.")})
            if self.parent_id == self.pk:
                raise ValidationError({"parent": _("A unit cannot belong to itself.")})


class UnitAlias(models.Model):
    unit = models.ForeignKey(OrganisationUnit, on_delete=models.CASCADE, related_name="aliases")
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["language", "name"]
        verbose_name = _("other name")
        verbose_name_plural = _("other names")
        constraints = [models.UniqueConstraint(fields=["unit", "language", "name"], name="alias_unique")]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PLAN_OWNER = "plan_owner", _("Plan owner")
    COORDINATOR = "coordinator", _("Coordinator")
    REPORTER = "reporter", _("Reporter")
    ANALYST = "analyst", _("Analyst")
    READER = "reader", _("Reader")
    CASE_OFFICER = "case_officer", _("Case officer")


ROLES_WITH_UNIT = {Role.COORDINATOR, Role.REPORTER, Role.CASE_OFFICER}


class Membership(models.Model):
    """A user's role in one municipality; reporters and coordinators act for a unit."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        OrganisationUnit, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality", "role", "unit"],
                condition=models.Q(unit__isnull=False),
                name="membership_unique_with_unit",
            ),
            models.UniqueConstraint(
                fields=["user", "municipality", "role"],
                condition=models.Q(unit__isnull=True),
                name="membership_unique_without_unit",
            ),
        ]

    def __str__(self) -> str:
        unit = f" ({self.unit})" if self.unit_id else ""
        return f"{self.user} – {self.get_role_display()}{unit}"

    def clean(self):
        if self.role in ROLES_WITH_UNIT and self.unit_id is None:
            raise ValidationError({"unit": _("Reporters, coordinators and case officers act for a unit.")})
        if self.unit_id is not None and self.unit.municipality_id != self.municipality_id:
            raise ValidationError({"unit": _("The unit belongs to another municipality.")})
        if self.user_id is not None:
            other = self.user.memberships.exclude(municipality_id=self.municipality_id).exclude(pk=self.pk)
            if other.exists():
                raise ValidationError(_("A user works within one municipality only."))


class ReadabilityTarget(models.Model):
    """The LIX a municipality's writers aim at for one kind of public text (lika.lib.readability.TEXT_KINDS)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="readability_targets", verbose_name=_("municipality")
    )
    kind = models.CharField(_("kind of text"), max_length=30)
    target = models.PositiveSmallIntegerField(_("target LIX"))

    class Meta:
        verbose_name = _("readability target")
        verbose_name_plural = _("readability targets")
        constraints = [models.UniqueConstraint(fields=["municipality", "kind"], name="readability_target_unique")]

    def __str__(self) -> str:
        return f"{self.municipality} {self.kind} {self.target}"


class ProblemReport(models.Model):
    """An accessibility problem a visitor reported (the accessibility statement's form), answered by the plan owner."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="problem_reports", verbose_name=_("municipality")
    )
    page = models.CharField(_("page"), max_length=500, blank=True)
    description = models.TextField(_("problem"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(_("language"), max_length=5, default="sv")
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("answered by")
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reported accessibility problem")
        verbose_name_plural = _("reported accessibility problems")

    def __str__(self) -> str:
        return f"{self.municipality} {self.created_at:%Y-%m-%d}"
