"""Sign-in rules a plan owner sets for their municipality (docs/sign-in.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lika.organisations.models import Municipality, OrganisationUnit, Role


class RoleRule(models.Model):
    """On first sign-in through the municipality's identity provider: a person whose claim
    `claim` holds `value` gets `role` (in `unit`, or the unit named by the claim's value)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="role_rules")
    claim = models.CharField(_("claim or attribute"), max_length=100)
    value = models.CharField(_("value"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        OrganisationUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    unit_from_value = models.BooleanField(_("unit named by the value"), default=False)
    # The last sign-in where the rule matched but no unit was found (shown to the plan owner).
    missed_value = models.CharField(max_length=200, blank=True)
    missed_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim", "value", "role"]
        verbose_name = _("role rule")
        verbose_name_plural = _("role rules")

    def __str__(self) -> str:
        return f"{self.claim} = {self.value} → {self.get_role_display()}"


class TwoFactorPolicy(models.Model):
    """The roles whose people must set up two-factor, chosen by the municipality's plan owner.
    They add to the installation's LIKA_MFA_REQUIRED_ROLES."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="two_factor_policy")
    roles = models.JSONField(default=list)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("two-factor policy")
        verbose_name_plural = _("two-factor policies")

    def __str__(self) -> str:
        return f"{self.municipality}: {', '.join(self.roles) or '-'}"
