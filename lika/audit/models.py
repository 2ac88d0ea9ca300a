"""The audit log's one table: append-only through Lika.

`save()` on an existing entry, `delete()`, and the queryset's `update()` and
`delete()` are refused. Only `lika audit prune` removes entries older than the
retention time (LIKA_AUDIT_RETENTION_DAYS), through `AuditEntry.prune`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntryImmutable(Exception):
    """An audit entry cannot be changed or deleted."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditEntryImmutable("audit entries cannot be changed")

    def delete(self):
        raise AuditEntryImmutable("audit entries cannot be deleted")


class Source(models.TextChoices):
    WEB = "web", _("web")
    COMMAND = "command", _("command line")
    API = "api", _("API")
    SYSTEM = "system", _("system")


class Kind(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    SIGN_IN = "sign-in", _("signed in")
    SIGN_IN_FAILED = "sign-in-failed", _("failed sign-in")
    SIGN_OUT = "sign-out", _("signed out")
    ROLE = "role", _("role changed")
    DOWNLOAD = "download", _("downloaded")
    COMMAND = "command", _("ran a command")
    API_TOKEN = "api-token", _("used an API token")


class AuditEntry(models.Model):
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("what happened"), max_length=20, choices=Kind.choices)
    # The person who acted. No database constraint, so an entry outlives the account it names.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    # The command line or the job that acted when no person did, or the user name tried at a failed sign-in.
    actor_label = models.CharField(_("who (no account)"), max_length=300, blank=True)
    source = models.CharField(_("through"), max_length=10, choices=Source.choices)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    session = models.CharField(_("session"), max_length=16, blank=True, help_text=_("A hash of the session, not the session itself."))
    municipality_id = models.IntegerField(_("municipality"), null=True, blank=True, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["municipality_id", "-at"], name="audit_municipality_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditEntryImmutable("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditEntryImmutable("audit entries cannot be deleted")

    @classmethod
    def prune(cls, before) -> int:
        """Remove the entries older than `before` (the retention time); only `lika audit prune` calls this."""
        old = models.QuerySet(cls).filter(at__lt=before)
        count = old.count()
        old._raw_delete(old.db)
        return count
