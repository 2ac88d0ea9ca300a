"""Every change to a plan's revision goes through these actions.

Starting a revision copies an adopted document into a new draft whose nodes
remember the node they came from; the draft is then edited (a node changed,
dropped with a reason, or added) and finally adopted in place of the old one.
Each action checks that the user is the municipality's plan owner, writes in
one transaction and records a `RevisionEvent`. A refused change raises
`ActionRefused` with a message for the user.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from lika.core.editing import check_version, version_of
from lika.organisations.access import Access
from lika.organisations.models import OrganisationUnit
from lika.plans.models import (
    DocumentLevel,
    DocumentStatus,
    DroppedNode,
    Node,
    NodeLink,
    Responsibility,
    ResponsibilityRole,
    RevisionEvent,
    SteeringDocument,
)
from lika.plans.queries import implementing_units, measure_nodes


class ActionRefused(Exception):
    """The change is not allowed now; the message says why, for the user."""


def _record(document, user, action, *, code="", comment="", changes=None) -> None:
    RevisionEvent.objects.create(
        document=document,
        actor=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        code=code,
        comment=comment,
        changes=changes or {},
    )


def _check_owner(document: SteeringDocument, access: Access) -> None:
    if not (access.is_superuser or access.is_plan_owner(document.municipality_id)):
        raise ActionRefused(_("Only the plan owner revises and adopts the municipality's plans."))


def _check_draft_revision(document: SteeringDocument) -> None:
    if document.status != DocumentStatus.DRAFT:
        raise ActionRefused(_("The document is adopted; start a revision to change it."))


# Starting a revision ----------------------------------------------------------------------


@dataclass
class RevisionInput:
    identifier: str
    title_sv: str
    title_en: str
    valid_from: date
    valid_to: date | None = None
    parent: SteeringDocument | None = None


def _check_can_revise(document: SteeringDocument, data: RevisionInput) -> None:
    if document.status != DocumentStatus.ADOPTED or document.is_historical:
        raise ActionRefused(_("Only the adopted version in force can be revised."))
    under_way = document.revisions.filter(status=DocumentStatus.DRAFT).first()
    if under_way is not None:
        raise ActionRefused(
            _("A revision is already under way: %(title)s. Continue it, or adopt it first.") % {"title": under_way.title}
        )
    if SteeringDocument.objects.filter(identifier=data.identifier).exists():
        raise ActionRefused(_("The identifier %(identifier)s is taken; choose another.") % {"identifier": data.identifier})
    if data.valid_to and data.valid_to < data.valid_from:
        raise ActionRefused(_("The end of the validity period is before its start."))
    if data.parent is not None and data.parent.municipality_id != document.municipality_id:
        raise ActionRefused(_("The parent document belongs to another municipality."))


@transaction.atomic
def start_revision(document: SteeringDocument, data: RevisionInput, *, access: Access, user) -> SteeringDocument:
    """A new draft with the document's levels, nodes, goals, responsibilities and links copied."""
    _check_owner(document, access)
    _check_can_revise(document, data)
    draft = SteeringDocument.objects.create(
        municipality_id=document.municipality_id,
        identifier=data.identifier,
        kind=document.kind,
        status=DocumentStatus.DRAFT,
        title_sv=data.title_sv,
        title_en=data.title_en,
        description_sv=document.description_sv,
        description_en=document.description_en,
        easy_read_sv=document.easy_read_sv,
        easy_read_en=document.easy_read_en,
        valid_from=data.valid_from,
        valid_to=data.valid_to,
        owner_id=document.owner_id,
        parent=data.parent,
        revision_of=document,
    )
    for level in document.levels.all():
        DocumentLevel.objects.create(
            document=draft,
            depth=level.depth,
            name_sv=level.name_sv,
            name_en=level.name_en,
            plural_sv=level.plural_sv,
            plural_en=level.plural_en,
        )
    copies = _copy_nodes(document, draft)
    _copy_responsibilities(document, draft, copies)
    for link in NodeLink.objects.filter(source__document=document):
        NodeLink.objects.create(
            source=copies[link.source_id],
            target_id=link.target_id,
            as_stated_sv=link.as_stated_sv,
            as_stated_en=link.as_stated_en,
            position=link.position,
        )
    _record(draft, user, "started", comment=document.title_sv, changes={"revision_of": document.identifier})
    return draft


def _copy_nodes(document: SteeringDocument, draft: SteeringDocument) -> dict[int, Node]:
    copies: dict[int, Node] = {}
    for node in document.nodes.order_by("position").prefetch_related("goals"):
        copy = Node.objects.create(
            document=draft,
            parent=copies[node.parent_id] if node.parent_id else None,
            depth=node.depth,
            position=node.position,
            code=node.code,
            title_sv=node.title_sv,
            title_en=node.title_en,
            body_sv=node.body_sv,
            body_en=node.body_en,
            easy_read_sv=node.easy_read_sv,
            easy_read_en=node.easy_read_en,
            derived_from=node,
        )
        copy.goals.set(node.goals.all())
        copies[node.pk] = copy
    return copies


def _copy_responsibilities(document: SteeringDocument, draft: SteeringDocument, copies: dict[int, Node]) -> None:
    for responsibility in document.responsibilities.all():
        Responsibility.objects.create(
            document=draft,
            node=copies[responsibility.node_id] if responsibility.node_id else None,
            role=responsibility.role,
            unit_id=responsibility.unit_id,
            scope=responsibility.scope,
            note_sv=responsibility.note_sv,
            note_en=responsibility.note_en,
            position=responsibility.position,
        )


# Editing the draft ------------------------------------------------------------------------


@dataclass
class NodeInput:
    title_sv: str
    title_en: str = ""
    body_sv: str = ""
    body_en: str = ""
    implementers: list[OrganisationUnit] = field(default_factory=list)


def _implementer_ids(node: Node) -> list[int]:
    return sorted(
        node.responsibilities.filter(role=ResponsibilityRole.IMPLEMENTS, unit__isnull=False).values_list(
            "unit_id", flat=True
        )
    )


def _set_implementers(node: Node, units: list[OrganisationUnit]) -> None:
    for unit in units:
        if unit.municipality_id != node.document.municipality_id:
            raise ActionRefused(_("The unit belongs to another municipality."))
    wanted = {unit.pk for unit in units}
    node.responsibilities.filter(role=ResponsibilityRole.IMPLEMENTS, unit__isnull=False).exclude(
        unit_id__in=wanted
    ).delete()
    have = set(_implementer_ids(node))
    start = node.responsibilities.count()
    for offset, unit_id in enumerate(sorted(wanted - have)):
        Responsibility.objects.create(
            document=node.document, node=node, role=ResponsibilityRole.IMPLEMENTS, unit_id=unit_id, position=start + offset
        )


def _node_state(node: Node) -> dict:
    return {
        "title_sv": node.title_sv,
        "title_en": node.title_en,
        "body_sv": node.body_sv,
        "body_en": node.body_en,
        "implements": [
            str(name) for name in OrganisationUnit.objects.filter(pk__in=_implementer_ids(node)).values_list("name_sv", flat=True)
        ],
    }


NODE_LABELS = {
    "title_sv": _lazy("Title (Swedish)"), "title_en": _lazy("Title (English)"), "body_sv": _lazy("Text (Swedish)"),
    "body_en": _lazy("Text (English)"), "implements": _lazy("Units that implement it"),
}


def node_version(node: Node) -> str:
    """The version of a node as its edit form reads it (lika.lib.versions)."""
    return version_of(_node_state(node))


def _last_event(document, actions_, code="") -> tuple[str, object]:
    event = document.revision_events.filter(action__in=actions_, code=code).select_related("actor").order_by("-at", "-pk").first()
    if event is None or event.actor is None:
        return "", None
    return event.actor.get_full_name() or event.actor.get_username(), event.at


@transaction.atomic
def change_node(node: Node, data: NodeInput, *, access: Access, user, version: str | None = None) -> None:
    """Change a node of a draft; `version` is what the edit form was read at (None: no form), EditConflict if stale."""
    _check_owner(node.document, access)
    _check_draft_revision(node.document)
    if not data.title_sv.strip():
        raise ActionRefused(_("Give the title in Swedish."))
    node = Node.objects.select_for_update().filter(pk=node.pk).select_related("document").first()
    if node is None:
        raise ActionRefused(_("The node was deleted while you were writing. Your text is kept below: add it as a new node if it is still needed."))
    before = _node_state(node)
    submitted = {
        "title_sv": data.title_sv.strip(), "title_en": data.title_en.strip(), "body_sv": data.body_sv.strip(),
        "body_en": data.body_en.strip(), "implements": [str(unit.name_sv) for unit in data.implementers],
    }
    who, when = _last_event(node.document, ["changed", "added"], node.code)
    merged = check_version(version, stored=before, submitted=submitted, labels={k: str(v) for k, v in NODE_LABELS.items()},
                           changed_by=who, changed_at=when)
    node.title_sv, node.title_en, node.body_sv, node.body_en = (merged[k] for k in ("title_sv", "title_en", "body_sv", "body_en"))
    node.save()
    if merged["implements"] is not before["implements"]:
        _set_implementers(node, data.implementers)
    after = _node_state(node)
    changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    _record(node.document, user, "changed", code=node.code, changes=changes)


def _subtree(node: Node) -> list[Node]:
    nodes = list(node.document.nodes.order_by("position"))
    inside = {node.pk}
    for candidate in nodes:
        if candidate.parent_id in inside:
            inside.add(candidate.pk)
    return [candidate for candidate in nodes if candidate.pk in inside]


@transaction.atomic
def drop_node(node: Node, reason: str, *, access: Access, user) -> list[str]:
    """Leave a node (and the nodes under it) out of the draft; returns the codes dropped."""
    document = node.document
    _check_owner(document, access)
    _check_draft_revision(document)
    reason = reason.strip()
    if not reason:
        raise ActionRefused(_("Say why the node is dropped: the reason goes with the plan to the decision."))
    dropped = _subtree(node)
    for item in dropped:
        if item.derived_from_id:
            DroppedNode.objects.get_or_create(document=document, node_id=item.derived_from_id, defaults={"reason": reason})
    codes = [item.code for item in dropped]
    node.delete()
    _record(document, user, "dropped", code=node.code, comment=reason, changes={"codes": codes})
    return codes


@transaction.atomic
def add_node(document: SteeringDocument, parent: Node | None, code: str, data: NodeInput, *, access: Access, user) -> Node:
    """A new node under `parent` (or at the top), placed after the parent's last descendant."""
    _check_owner(document, access)
    _check_draft_revision(document)
    code = code.strip()
    if not code or not data.title_sv.strip():
        raise ActionRefused(_("Give the new node a code and a title in Swedish."))
    if parent is not None and parent.document_id != document.pk:
        raise ActionRefused(_("The parent node belongs to another document."))
    if document.nodes.filter(code=code).exists():
        raise ActionRefused(_("The code %(code)s is already used in this document.") % {"code": code})
    ordered = list(document.nodes.order_by("position"))
    after = _subtree(parent)[-1] if parent is not None else (ordered[-1] if ordered else None)
    index = ordered.index(after) + 1 if after is not None else 0
    node = Node(
        document=document,
        parent=parent,
        depth=parent.depth + 1 if parent else 1,
        position=0,
        code=code,
        title_sv=data.title_sv.strip(),
        title_en=data.title_en.strip(),
        body_sv=data.body_sv.strip(),
        body_en=data.body_en.strip(),
    )
    ordered.insert(index, node)
    node.position = index + 1
    try:
        with transaction.atomic():
            node.save()
    except IntegrityError:
        raise ActionRefused(_("The code %(code)s is already used in this document.") % {"code": code}) from None
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            Node.objects.filter(pk=item.pk).update(position=position)
    _set_implementers(node, data.implementers)
    _record(document, user, "added", code=code, changes=_node_state(node))
    return node


# Adopting ---------------------------------------------------------------------------------


@dataclass
class AdoptionInput:
    adopted_by: str
    adopted_on: date
    reference_number: str = ""


def _check_can_adopt(document: SteeringDocument, data: AdoptionInput) -> SteeringDocument:
    _check_draft_revision(document)
    previous = document.revision_of
    if previous is None:
        raise ActionRefused(_("The document is not a revision of an adopted document."))
    if previous.status != DocumentStatus.ADOPTED or previous.is_historical:
        raise ActionRefused(_("The document it revises is no longer the version in force."))
    if not data.adopted_by.strip():
        raise ActionRefused(_("Name the body that adopted the plan."))
    responsible = implementing_units(document)
    nobody = [node.code for node in measure_nodes(document) if not responsible.get(node.pk)]
    if nobody:
        raise ActionRefused(
            _("Nobody implements %(codes)s: name the units that implement each of them, then adopt.")
            % {"codes": ", ".join(nobody)}
        )
    return previous


@transaction.atomic
def adopt_revision(document: SteeringDocument, data: AdoptionInput, *, access: Access, user) -> SteeringDocument:
    """The revision becomes the version in force; the one it revises becomes historical."""
    _check_owner(document, access)
    document = SteeringDocument.objects.select_for_update().get(pk=document.pk)
    previous = _check_can_adopt(document, data)
    previous = SteeringDocument.objects.select_for_update().get(pk=previous.pk)
    document.status = DocumentStatus.ADOPTED
    document.adopted_by = data.adopted_by.strip()
    document.adopted_on = data.adopted_on
    document.reference_number = data.reference_number.strip()
    document.save()
    previous.superseded_on = data.adopted_on
    ends = max(previous.valid_from, document.valid_from - timedelta(days=1))
    if previous.valid_to is None or previous.valid_to > ends:
        previous.valid_to = ends
    previous.save()
    changes = {"adopted_by": document.adopted_by, "adopted_on": str(data.adopted_on), "reference_number": document.reference_number}
    _record(document, user, "adopted", changes=changes)
    _record(previous, user, "replaced", comment=document.title_sv, changes={"replaced_by": document.identifier})
    return document


# The easy-to-read summary -------------------------------------------------------------------


def easy_read_version(document: SteeringDocument) -> str:
    return version_of(_easy_read(document))


@transaction.atomic
def set_easy_read(document: SteeringDocument, *, sv: str, en: str, access: Access, user, version: str | None = None) -> None:
    """The plan owner writes the easy-to-read (lättläst) summary; an adopted document may get one too,
    as it explains the plan and is not part of what was adopted. An English text needs a Swedish one.
    `version`: what the form was read at (None: no form); EditConflict if stale."""
    _check_easy_read_owner(document, access)
    document = SteeringDocument.objects.select_for_update().get(pk=document.pk)
    changes = _save_easy_read(document, sv, en, version, _last_event(document, ["easy_read_changed"]))
    if changes:
        _record(document, user, "easy_read_changed", changes=changes)


def node_easy_read_version(node: Node) -> str:
    return version_of(_easy_read(node))


@transaction.atomic
def set_node_easy_read(node: Node, *, sv: str, en: str, access: Access, user, version: str | None = None) -> None:
    """The plan owner writes an area's (a node's) easy-to-read text, as for the whole document.
    `version`: what the form was read at (None: no form); EditConflict if stale."""
    document = node.document
    _check_easy_read_owner(document, access)
    node = Node.objects.select_for_update().get(pk=node.pk)
    changes = _save_easy_read(node, sv, en, version, _last_event(document, ["easy_read_changed"], node.code))
    if changes:
        _record(document, user, "easy_read_changed", code=node.code, changes=changes)


def _easy_read(obj: SteeringDocument | Node) -> dict:
    return {"easy_read_sv": obj.easy_read_sv, "easy_read_en": obj.easy_read_en}


def _check_easy_read_owner(document: SteeringDocument, access: Access) -> None:
    _check_owner(document, access)
    if document.is_historical:
        raise ActionRefused(_("The document is historical; write the summary for the version in force."))


def _save_easy_read(obj: SteeringDocument | Node, sv: str, en: str, version: str | None, last_event) -> dict:
    """Save a document's or a node's (locked) easy-to-read texts; the changes, {} when there are none.
    `last_event`: who changed them last and when, for the conflict message."""
    before = _easy_read(obj)
    who, when = last_event
    labels = {"easy_read_sv": _("Easy-to-read summary (Swedish)"), "easy_read_en": _("Easy-to-read summary (English)")}
    after = check_version(version, stored=before, submitted={"easy_read_sv": sv.strip(), "easy_read_en": en.strip()},
                          labels=labels, changed_by=who, changed_at=when)
    if after["easy_read_en"] and not after["easy_read_sv"]:
        raise ActionRefused(_("Write the Swedish summary first; the English one is a translation of it."))
    changes = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    if changes:
        obj.easy_read_sv, obj.easy_read_en = after["easy_read_sv"], after["easy_read_en"]
        obj.save(update_fields=["easy_read_sv", "easy_read_en"])
    return changes
