"""API tokens: named, per municipality, read or read-write, with an expiry date; only a hash is kept."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lika.organisations.models import Municipality


class Scope(models.TextChoices):
    READ = "read", _("read")
    WRITE = "read-write", _("read and write")


class ApiToken(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. 'Stratsys' or 'Statistics system'."))
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.READ)
    expires_on = models.DateField(_("expires on"), help_text=_("The token stops working after this day."))
    # The public part of the token, to find it; the whole token is only kept as its SHA-256 (decision 16).
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["municipality", "-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def can_write(self) -> bool:
        return self.scope == Scope.WRITE

    def state(self, today=None) -> str:
        """'active', 'expired' or 'revoked'."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_on < (today or timezone.localdate()):
            return "expired"
        return "active"
