"""Every change to the central support goes through these actions: one transaction, permission
checked, the change recorded in the audit log (by its ORM signals). Edits of an existing event or its
attendance are checked against the version the user's form was read at (lika.core.editing)."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lika.core.editing import EditConflict, check_version, version_of
from lika.organisations.access import Access
from lika.organisations.models import Role

from .models import Attendance, Evaluation, LearningEvent, Material, MaterialKind

__all__ = ["ActionRefused", "EditConflict"]

EVENT_FIELDS = ("title", "date", "kind", "organiser", "description")


class ActionRefused(Exception):
    """The change is not allowed; the message says why, for the user."""


def _plan_owner(access: Access, municipality_id: int) -> None:
    if not access.is_plan_owner(municipality_id):
        raise ActionRefused(_("Only the plan owner records learning events and their attendance."))


@dataclass
class EventInput:
    fields: dict
    measures: list = field(default_factory=list)
    perspectives: list = field(default_factory=list)


def _event_state(event: LearningEvent) -> dict:
    state = {name: getattr(event, name) for name in EVENT_FIELDS}
    state["measures"] = sorted(node.code for node in event.measures.all())
    state["perspectives"] = sorted(p.key for p in event.perspectives.all())
    return state


def _input_state(data: EventInput) -> dict:
    """The submitted state of an event or a material: its fields, measures and perspectives."""
    return {**data.fields, "measures": sorted(n.code for n in data.measures), "perspectives": sorted(p.key for p in data.perspectives)}


def event_version(event: LearningEvent) -> str:
    return version_of(_event_state(event))


@transaction.atomic
def save_event(municipality_id: int, data: EventInput, *, access: Access, event: LearningEvent | None = None, version: str | None = None) -> LearningEvent:
    """Record a learning event, or change `event`; a stale change raises EditConflict and writes nothing."""
    _plan_owner(access, municipality_id)
    measures, perspectives = data.measures, data.perspectives
    if event is not None:
        event = LearningEvent.objects.select_for_update().filter(pk=event.pk, municipality_id=municipality_id).first()
        if event is None:
            raise ActionRefused(_("The event was deleted while you were writing."))
        stored = _event_state(event)
        labels = {name: LearningEvent._meta.get_field(name).verbose_name for name in stored}
        merged = check_version(version, stored=stored, submitted=_input_state(data), labels=labels)
        fields = {name: merged[name] for name in EVENT_FIELDS}
        if merged["measures"] == stored["measures"]:
            measures = list(event.measures.all())
        if merged["perspectives"] == stored["perspectives"]:
            perspectives = list(event.perspectives.all())
    else:
        event = LearningEvent(municipality_id=municipality_id)
        fields = data.fields
    if any(node.document.municipality_id != municipality_id for node in measures):
        raise ActionRefused(_("An item of another municipality's plan was chosen."))
    for name, value in fields.items():
        setattr(event, name, value)
    event.full_clean()
    event.save()
    event.measures.set(measures)
    event.perspectives.set(perspectives)
    return event


@transaction.atomic
def delete_event(event: LearningEvent, *, access: Access) -> None:
    _plan_owner(access, event.municipality_id)
    event.delete()


def attendance_state(event: LearningEvent, unit_ids=()) -> dict:
    """unit id (text) -> [registered, attended], for every unit with a row and every one of `unit_ids`."""
    state = {str(pk): [0, 0] for pk in unit_ids}
    state.update({str(row.unit_id): [row.registered, row.attended] for row in event.attendance.all()})
    return state


def attendance_version(event: LearningEvent, unit_ids) -> str:
    """The version of the attendance as a form listing `unit_ids` reads it."""
    return version_of(attendance_state(event, unit_ids))


@transaction.atomic
def save_attendance(event: LearningEvent, rows: dict, *, access: Access, version: str | None = None) -> int:
    """rows: unit -> (registered, attended); a unit with (0, 0) has no row. Returns the units with a row."""
    _plan_owner(access, event.municipality_id)
    event = LearningEvent.objects.select_for_update().get(pk=event.pk)
    for unit in rows:
        if unit.municipality_id != event.municipality_id:
            raise ActionRefused(_("A unit of another municipality was given."))
    submitted = {str(unit.pk): [int(r), int(a)] for unit, (r, a) in rows.items()}
    stored = attendance_state(event, [unit.pk for unit in rows])
    merged = check_version(
        version,
        stored=stored,
        submitted={key: submitted.get(key, value) for key, value in stored.items()},
        labels={str(unit.pk): unit.name for unit in rows},
    )
    kept = {key: value for key, value in merged.items() if value != [0, 0]}
    event.attendance.exclude(unit_id__in=[int(key) for key in kept]).delete()
    for key, (registered, attended) in kept.items():
        Attendance.objects.update_or_create(event=event, unit_id=int(key), defaults={"registered": registered, "attended": attended})
    return len(kept)


@transaction.atomic
def add_evaluation(event: LearningEvent, score: int, comment: str, *, access: Access, today: date | None = None) -> Evaluation:
    """A participant's evaluation: any member of the event's municipality, once the event has taken place."""
    if not access.is_member(event.municipality_id):
        raise ActionRefused(_("Only members of the municipality evaluate its learning events."))
    if event.date > (today or timezone.localdate()):
        raise ActionRefused(_("The event has not taken place yet; evaluate it afterwards."))
    evaluation = Evaluation(event=event, score=score, comment=comment.strip())
    evaluation.full_clean()
    evaluation.save()
    return evaluation


# --- The method library -------------------------------------------------------------

MATERIAL_FIELDS = ("title", "kind", "text", "url", "themes", "review_by", "visibility")


def may_publish(access: Access, municipality_id: int) -> bool:
    """The plan owner and the coordinators publish material in the method library."""
    return access.is_plan_owner(municipality_id) or access.has_role(municipality_id, Role.COORDINATOR)


def may_change(access: Access, material: Material, user) -> bool:
    """The plan owner changes any material; a coordinator what they own."""
    return access.is_plan_owner(material.municipality_id) or (
        access.has_role(material.municipality_id, Role.COORDINATOR) and material.owner_id == getattr(user, "pk", None)
    )


def _material_state(material: Material) -> dict:
    state = {name: getattr(material, name) for name in MATERIAL_FIELDS}
    state["measures"] = sorted(node.code for node in material.measures.all())
    state["perspectives"] = sorted(p.key for p in material.perspectives.all())
    return state


def material_version(material: Material) -> str:
    return version_of(_material_state(material))


@transaction.atomic
def save_material(
    municipality_id: int, data: EventInput, *, access: Access, user, upload=None, content_type: str = "",
    material: Material | None = None, version: str | None = None,
) -> Material:
    """Publish material, or change `material`; `upload` is a file that passed the attachment checks."""
    if material is None:
        if not may_publish(access, municipality_id):
            raise ActionRefused(_("Only the plan owner and the coordinators publish in the method library."))
        material = Material(municipality_id=municipality_id, owner=user)
        fields, measures, perspectives = data.fields, data.measures, data.perspectives
    else:
        material = Material.objects.select_for_update().filter(pk=material.pk, municipality_id=municipality_id).first()
        if material is None:
            raise ActionRefused(_("The material was deleted while you were writing."))
        if not may_change(access, material, user):
            raise ActionRefused(_("Only the plan owner and the material's owner change it."))
        stored = _material_state(material)
        labels = {name: Material._meta.get_field(name).verbose_name for name in stored}
        merged = check_version(version, stored=stored, submitted=_input_state(data), labels=labels)
        fields = {name: merged[name] for name in MATERIAL_FIELDS}
        measures = list(material.measures.all()) if merged["measures"] == stored["measures"] else data.measures
        perspectives = list(material.perspectives.all()) if merged["perspectives"] == stored["perspectives"] else data.perspectives
    if any(node.document.municipality_id != municipality_id for node in measures):
        raise ActionRefused(_("An item of another municipality's plan was chosen."))
    for name, value in fields.items():
        setattr(material, name, value)
    if upload is not None:
        if material.file:
            material.file.delete(save=False)
        material.original_name, material.content_type, material.size = upload.name[:255], content_type, upload.size
        material.file.save(upload.name, upload, save=False)
    _check_material(material)
    material.full_clean()
    material.save()
    material.measures.set(measures)
    material.perspectives.set(perspectives)
    return material


def _check_material(material: Material) -> None:
    if material.kind == MaterialKind.FILE and not material.file:
        raise ActionRefused(_("Choose the file to publish."))
    if material.kind == MaterialKind.LINK and not material.url:
        raise ActionRefused(_("Give the web address of the link."))
    if material.kind == MaterialKind.TEXT and not material.text.strip():
        raise ActionRefused(_("Write the short text."))


@transaction.atomic
def delete_material(material: Material, *, access: Access, user) -> None:
    if not may_change(access, material, user):
        raise ActionRefused(_("Only the plan owner and the material's owner change it."))
    if material.file:
        material.file.delete(save=False)
    material.delete()
