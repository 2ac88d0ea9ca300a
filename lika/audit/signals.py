"""Changes recorded where they are written: every save and delete of an audited model.

The actions, the admin, the commands and the API all save through the ORM, so
one set of receivers sees every change, with the acting person and address set
at the edge (lika.audit.context). Sign-ins, failed sign-ins and sign-outs come
from Django's auth signals. Bulk writes (`bulk_create`, `update`) send no
signals: the actions that use them record a summary entry themselves.
"""

from django.apps import apps
from django.contrib.auth import signals as auth_signals
from django.db.models import signals

from .context import current
from .models import Kind
from .record import municipality_of, record, show

# Histories of their own, caches and counts: no entry per row.
NOT_AUDITED = {
    "audit.auditentry",
    "followup.submissionevent",
    "followup.remindersent",
    "assessments.answerrevision",
    "assessments.assessmentevent",
    "statistics.indicatorvalue",
    "textanalysis.themescore",
    "jobs.workerbeat",  # the worker's heartbeat, every few seconds
    "jobs.scheduledrun",
    # The example bank's search index, rebuilt from the examples (which are audited) whenever
    # one changes: an entry per index row would fill the log and cost ~170 ms per saved example.
    "examples.exampleterm",
    "examples.indexedexample",
}
ALSO_AUDITED = {"auth.user", "auth.group"}
NOT_COMPARED = {"last_login", "updated_at", "modified_at"}
ROLE_MODELS = {"organisations.membership"}
ROLE_FIELDS = {"is_superuser", "is_staff", "is_active"}
# Never copied into the log, not even as a hash of a hash.
SECRET_FIELDS = {"password", "secret_hash"}


def audited(model) -> bool:
    label = model._meta.label_lower
    if label in ALSO_AUDITED:
        return True
    if label in NOT_AUDITED or model._meta.proxy:
        return False
    return model.__module__.startswith("lika.")


def values(instance) -> dict:
    out = {}
    for field in instance._meta.concrete_fields:
        if field.attname in NOT_COMPARED or field.primary_key:
            continue
        out[field.attname] = getattr(instance, field.attname)
    return out


def compare(before: dict, after: dict) -> dict:
    changes = {}
    for name, new in after.items():
        old = before.get(name)
        if old == new:
            continue
        if name in SECRET_FIELDS:
            changes[name] = ["…", "changed"]
        else:
            changes[name] = [show(old), show(new)]
    return changes


def _before_save(sender, instance, raw=False, **kwargs):
    if raw or instance._state.adding or instance.pk is None or current().suspended:
        instance._audit_before = {}
        return
    names = [f.attname for f in instance._meta.concrete_fields if f.attname not in NOT_COMPARED and not f.primary_key]
    instance._audit_before = sender._base_manager.filter(pk=instance.pk).values(*names).first() or {}


def _user_municipality(user) -> int | None:
    memberships = getattr(user, "memberships", None)
    return memberships.values_list("municipality_id", flat=True).first() if memberships is not None else None


def _kind(sender, changes: dict, default: str) -> str:
    label = sender._meta.label_lower
    if label in ROLE_MODELS or (label == "auth.user" and ROLE_FIELDS & set(changes)):
        return Kind.ROLE
    return default


def _after_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_audit_before", {})
    changes = compare({} if created else before, values(instance))
    if not changes and not created:
        return
    kind = _kind(sender, changes, Kind.CREATE if created else Kind.UPDATE)
    municipality = _user_municipality(instance) if sender._meta.label_lower == "auth.user" else municipality_of(instance)
    record(kind, instance, changes=changes, note="created" if created else "", municipality_id=municipality)


def _after_delete(sender, instance, **kwargs):
    changes = {name: [show(value), None] for name, value in values(instance).items() if value not in (None, "")}
    for name in SECRET_FIELDS:
        changes.pop(name, None)
    record(_kind(sender, changes, Kind.DELETE), instance, changes=changes, note="deleted")


def _signed_in(sender, request, user, **kwargs):
    record(Kind.SIGN_IN, user, actor=user, municipality_id=_user_municipality(user))


def _sign_in_failed(sender, credentials, request=None, **kwargs):
    name = str(credentials.get("username") or credentials.get("email") or credentials.get("login") or "")[:150]
    record(Kind.SIGN_IN_FAILED, actor_label=name, note=name)


def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        record(Kind.SIGN_OUT, user, actor=user, municipality_id=_user_municipality(user))


def connect() -> None:
    for model in apps.get_models():
        if audited(model):
            uid = f"lika-audit-{model._meta.label_lower}"
            signals.pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
            signals.post_save.connect(_after_save, sender=model, dispatch_uid=uid)
            signals.post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)
    auth_signals.user_logged_in.connect(_signed_in, dispatch_uid="lika-audit-sign-in")
    auth_signals.user_login_failed.connect(_sign_in_failed, dispatch_uid="lika-audit-sign-in-failed")
    auth_signals.user_logged_out.connect(_signed_out, dispatch_uid="lika-audit-sign-out")
