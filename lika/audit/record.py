"""The one function that writes the audit log, and the field comparison it uses.

The ORM signals (lika.audit.signals), the sign-in signals and the actions call
`record`; views and templates never do (an import contract keeps it so).
"""

import hashlib

from django.conf import settings

from .context import client_ip, current, session_hash
from .models import AuditEntry, Kind

# A text longer than this is kept as its length and hash: the log need not repeat free text.
LONG_TEXT = 200
SECRET_FIELDS = {"password"}
# The objects whose municipality is found through one of these links.
_MUNICIPALITY_PATHS = (
    "document",
    "round",
    "submission",
    "measure_report",
    "example",
    "unit",
    "node",
    "assessment",
    "question",
    "dataset",
    "indicator",
    "plan",
    "event",
)


def show(value) -> object:
    if value is None or isinstance(value, (bool, int, float)):
        return value
    text = str(value)
    if len(text) > LONG_TEXT:
        return {"chars": len(text), "sha256": hashlib.sha256(text.encode()).hexdigest()}
    return text


def municipality_of(obj, depth: int = 0) -> int | None:
    """The municipality an object belongs to, found by following its links (no domain imported)."""
    if obj is None or depth > 5:
        return None
    if type(obj).__name__ == "Municipality":
        return obj.pk
    if getattr(obj, "municipality_id", None):
        return obj.municipality_id
    for name in _MUNICIPALITY_PATHS:
        if getattr(obj, f"{name}_id", None):
            found = municipality_of(getattr(obj, name, None), depth + 1)
            if found:
                return found
    return None


def _who() -> dict:
    actor = current()
    fields = {"source": actor.source, "actor_label": actor.label}
    request = actor.request
    user = actor.user
    if request is not None:
        fields["ip"] = client_ip(request)
        session = getattr(request, "session", None)
        fields["session"] = session_hash(getattr(session, "session_key", None))
        if user is None:
            user = getattr(request, "user", None)
    if getattr(user, "is_authenticated", False):
        fields["actor"] = user
    return fields


def record(kind: str, obj=None, *, changes: dict | None = None, note: str = "", municipality_id: int | None = None, **who):
    """Write one audit entry. `who` overrides the acting person (`actor`, `actor_label`) where the signal knows better."""
    if current().suspended:
        return None
    fields = _who() | who
    if obj is not None:
        fields |= {
            "object_type": obj._meta.label_lower,
            "object_id": str(obj.pk or "")[:64],
            "object_repr": str(obj)[:300],
        }
        if municipality_id is None:
            municipality_id = municipality_of(obj)
    return AuditEntry.objects.create(
        kind=kind, changes=changes or {}, note=note[:500], municipality_id=municipality_id, **fields
    )


def retention_days() -> int:
    return settings.LIKA_AUDIT_RETENTION_DAYS


__all__ = ["Kind", "municipality_of", "record", "show"]
