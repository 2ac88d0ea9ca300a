"""A person's data in Lika: everything that names them, as JSON (GDPR art. 15), and removal (art. 17).

Both find what belongs to a person from the user model's relations, so a new
table that points at a user is included without a change here.
Removal anonymises the account instead of deleting it: what the person wrote
stays attributed to their unit and to `removed-<id>`, and the audit log, kept
for its retention time, is not rewritten (docs/personal-data.md).
"""

import datetime
import decimal
import uuid

from django.contrib.auth import get_user_model
from django.db import transaction

from lika.audit import context as audit_context
from lika.audit.models import Kind
from lika.audit.record import record

ACCOUNT_FIELDS = ["username", "first_name", "last_name", "email", "date_joined", "last_login", "is_active", "is_staff", "is_superuser"]
# Sign-in records of the person's own account: removed with the account's personal data.
SIGN_IN_APPS = {"account", "socialaccount", "mfa", "usersessions"}


class PersonNotFound(Exception):
    pass


def find(username: str):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise PersonNotFound(f"no person with the user name {username!r} in Lika")
    return user


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time, decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (str, int, float, bool, list, dict)) or value is None:
        return value
    return str(value)


def _relations():
    """(model, field name) for every foreign key and one-to-one that points at the user model."""
    for relation in get_user_model()._meta.get_fields(include_hidden=True):
        if relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one):
            yield relation.related_model, relation.field.name


def export(user) -> dict:
    """Everything Lika holds that names the person, grouped by table."""
    data = {"account": {name: _plain(getattr(user, name)) for name in ACCOUNT_FIELDS}, "records": {}}
    for model, field in _relations():
        rows = []
        for row in model._base_manager.filter(**{field: user}).order_by("pk"):
            values = {f.attname: _plain(getattr(row, f.attname)) for f in model._meta.concrete_fields}
            values.pop("password", None)
            values.pop("secret", None)
            rows.append({"as": field, "object": str(row)[:300], **values})
        if rows:
            data["records"].setdefault(model._meta.label_lower, []).extend(rows)
    record(Kind.DOWNLOAD, user, note="personal data export (GDPR art. 15)")
    return data


@transaction.atomic
def remove(user) -> dict[str, int]:
    """Anonymise the account, end its roles and sign-in records; keep what the person wrote, by their unit."""
    counts: dict[str, int] = {}
    pk = user.pk
    with audit_context.suspended():
        for model, field in _relations():
            label = model._meta.label_lower
            if model._meta.app_label in SIGN_IN_APPS or label == "organisations.membership":
                deleted, _ = model._base_manager.filter(**{field: user}).delete()
                if deleted:
                    counts[label] = deleted
        user.username = f"removed-{pk}"
        user.first_name = user.last_name = user.email = ""
        user.is_active = user.is_staff = user.is_superuser = False
        user.set_unusable_password()
        user.save()
    record(Kind.DELETE, None, note=f"personal data of person #{pk} removed (GDPR art. 17); account kept as removed-{pk}",
           object_type="auth.user", object_id=str(pk), object_repr=f"removed-{pk}")
    return counts
