"""Reading the audit log: the page and `lika audit export` share these."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from .models import AuditEntry

COLUMNS = ["at", "kind", "who", "source", "ip", "session", "municipality_id", "object_type", "object_id", "object", "changes", "note"]


@dataclass(frozen=True)
class Filters:
    person: str = ""
    object: str = ""
    kind: str = ""
    since: date | None = None
    until: date | None = None
    municipality_id: int | None = None


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def entries(filters: Filters, *, all_municipalities: bool = False):
    """The entries that match, newest first, with the acting person in the same query."""
    found = AuditEntry.objects.select_related("actor")
    if not all_municipalities or filters.municipality_id is not None:
        found = found.filter(municipality_id=filters.municipality_id)
    if filters.person:
        users = get_user_model().objects.filter(username__iexact=filters.person).values("pk")
        found = found.filter(Q(actor__in=users) | Q(actor_label__icontains=filters.person))
    if filters.object:
        found = found.filter(Q(object_repr__icontains=filters.object) | Q(object_type=filters.object.lower()))
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.since:
        found = found.filter(at__gte=_start(filters.since))
    if filters.until:
        found = found.filter(at__lt=_start(filters.until + timezone.timedelta(days=1)))
    return found


def who(entry: AuditEntry) -> str:
    if entry.actor_id:
        return entry.actor.get_username() if entry.actor else f"#{entry.actor_id}"
    return entry.actor_label


def as_row(entry: AuditEntry) -> dict:
    return {
        "at": timezone.localtime(entry.at).isoformat(timespec="seconds"),
        "kind": entry.kind,
        "who": who(entry),
        "source": entry.source,
        "ip": entry.ip or "",
        "session": entry.session,
        "municipality_id": entry.municipality_id,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object": entry.object_repr,
        "changes": entry.changes,
        "note": entry.note,
    }
