"""Merging and splitting the measures of a draft revision: two actions beside `lika.plans.actions`.

Merging keeps the first node and folds the others into it: it then continues
every node of the earlier version they continued (`derived_from` and
`merged_from`), carries all their responsibilities (the units united, none
twice), goals and contributions, and adopts the nodes under them. Splitting
adds a node right after the one split, continuing the same earlier node(s), so
both parts point back. Each writes in one transaction, checks the plan owner
and records a `RevisionEvent`; a refused change raises `ActionRefused`.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lika.organisations.access import Access
from lika.organisations.models import OrganisationUnit
from lika.plans import lineage
from lika.plans.actions import (
    ActionRefused,
    _check_draft_revision,
    _check_owner,
    _record,
    _set_implementers,
    node_version,
)
from lika.plans.models import Node, NodeLink, Responsibility


def _check_same_draft(nodes: list[Node]) -> None:
    documents = {node.document_id: node.document for node in nodes}
    if len(documents) > 1:
        names = "; ".join(
            _("%(code)s is in %(title)s") % {"code": node.code, "title": node.document.title} for node in nodes
        )
        raise ActionRefused(_("Only parts of the same document can be merged: %(where)s.") % {"where": names})
    if len({node.pk for node in nodes}) != len(nodes) or len(nodes) < 2:
        raise ActionRefused(_("Choose at least two different parts to merge."))
    if len({node.depth for node in nodes}) > 1:
        raise ActionRefused(_("Only nodes of the same level can be merged."))


def _lineage_graph() -> dict[int, list[int]]:
    """Every node's predecessors (two narrow columns over all versions, for the cycle check)."""
    graph: dict[int, list[int]] = {}
    for pk, derived in Node.objects.filter(derived_from__isnull=False).values_list("pk", "derived_from_id"):
        graph.setdefault(pk, []).append(derived)
    for pk, source in Node.merged_from.through.objects.values_list("from_node_id", "to_node_id"):
        graph.setdefault(pk, []).append(source)
    return graph


def _check_no_cycle(nodes: list[Node], predecessors: list[int]) -> None:
    """The merged node would continue `predecessors`; none of them may come from the nodes merged."""
    graph = _lineage_graph()
    if any(lineage.would_cycle(node.pk, predecessors, graph) for node in nodes):
        raise ActionRefused(
            _("%(code)s would come from itself through its predecessors: a part's lineage cannot go round in a circle.")
            % {"code": nodes[0].code}
        )


def _unite_responsibilities(keep: Node, others: list[Node]) -> None:
    have = {(r.role, r.unit_id, r.scope) for r in keep.responsibilities.all()}
    position = keep.responsibilities.count()
    for responsibility in Responsibility.objects.filter(node__in=others).order_by("node__position", "position"):
        key = (responsibility.role, responsibility.unit_id, responsibility.scope)
        if key in have:
            continue
        have.add(key)
        Responsibility.objects.filter(pk=responsibility.pk).update(node=keep, position=position)
        position += 1


def _unite_links_and_goals(keep: Node, others: list[Node]) -> None:
    targets = set(keep.links_out.values_list("target_id", flat=True))
    for link in NodeLink.objects.filter(source__in=others).order_by("source__position", "position"):
        if link.target_id not in targets:
            targets.add(link.target_id)
            NodeLink.objects.filter(pk=link.pk).update(source=keep)
    for other in others:
        keep.goals.add(*other.goals.all())


@dataclass
class MergeInput:
    title_sv: str = ""  # empty: keep the first node's texts
    title_en: str = ""
    body_sv: str = ""
    body_en: str = ""


def _check_answers(others: list[Node]) -> None:
    answered = [node.code for node in others if node.consultation_answers.exists()]
    if answered:
        raise ActionRefused(
            _("%(codes)s already has consultation answers; merge into it instead, so the answers stay where they are.")
            % {"codes": ", ".join(answered)}
        )


def _locked(nodes: list[Node], version: str | None) -> list[Node]:
    """The nodes read anew and locked for the transaction; refused if one is gone or the first one changed
    since the form was read (`version`, lika.lib.versions; None: no form)."""
    found = {node.pk: node for node in Node.objects.select_for_update().filter(pk__in=[n.pk for n in nodes]).select_related("document")}
    missing = [node.code for node in nodes if node.pk not in found]
    if missing:
        raise ActionRefused(_("%(codes)s was dropped or merged by someone else meanwhile; look at the draft again.") % {"codes": ", ".join(missing)})
    if version is not None and node_version(found[nodes[0].pk]) != version:
        raise ActionRefused(_("%(code)s was changed by someone else while you had the form open; look at it again, then merge or split.") % {"code": nodes[0].code})
    return [found[node.pk] for node in nodes]


@transaction.atomic
def merge_nodes(nodes: list[Node], data: MergeInput | None = None, *, access: Access, user, version: str | None = None) -> Node:
    """Fold `nodes[1:]` into `nodes[0]`; returns the merged node. `version`: what the form read of `nodes[0]`."""
    _check_same_draft(nodes)
    nodes = _locked(nodes, version)
    keep, others = nodes[0], list(nodes[1:])
    _check_owner(keep.document, access)
    _check_draft_revision(keep.document)
    _check_answers(others)
    predecessors = list(dict.fromkeys(pk for node in nodes for pk in node.predecessor_ids()))
    _check_no_cycle(nodes, predecessors)
    before = {"codes": [node.code for node in nodes], "from": [n.code for n in Node.objects.filter(pk__in=predecessors)]}
    if predecessors:
        keep.derived_from_id = predecessors[0]
    if data and data.title_sv.strip():
        keep.title_sv, keep.title_en = data.title_sv.strip(), data.title_en.strip()
        keep.body_sv, keep.body_en = data.body_sv.strip(), data.body_en.strip()
    keep.save()
    keep.merged_from.set(predecessors[1:])
    _unite_responsibilities(keep, others)
    _unite_links_and_goals(keep, others)
    Node.objects.filter(parent__in=others).update(parent=keep)
    Node.objects.filter(pk__in=[other.pk for other in others]).delete()
    _record(keep.document, user, "merged", code=keep.code, changes=before)
    return keep


@dataclass
class SplitInput:
    code: str
    title_sv: str
    title_en: str = ""
    body_sv: str = ""
    body_en: str = ""
    implementers: list[OrganisationUnit] | None = None  # None: the same units as the node split
    goals_and_links: bool = True


def _check_split(node: Node, data: SplitInput, access: Access) -> None:
    _check_owner(node.document, access)
    _check_draft_revision(node.document)
    if not data.code.strip() or not data.title_sv.strip():
        raise ActionRefused(_("Give the new part a code and a title in Swedish."))
    if node.children.exists():
        raise ActionRefused(_("%(code)s has parts under it; split the parts under it instead.") % {"code": node.code})
    if not node.predecessor_ids():
        raise ActionRefused(_("%(code)s is new in this draft and comes from no earlier part; add a part instead.") % {"code": node.code})
    if node.document.nodes.filter(code=data.code.strip()).exists():
        raise ActionRefused(_("The code %(code)s is already used in this document.") % {"code": data.code.strip()})


def _place_after(node: Node, new: Node) -> None:
    ordered = [item for item in node.document.nodes.order_by("position") if item.pk != new.pk]
    ordered.insert(ordered.index(node) + 1, new)
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            Node.objects.filter(pk=item.pk).update(position=position)


@transaction.atomic
def split_node(node: Node, data: SplitInput, *, access: Access, user, version: str | None = None) -> Node:
    """A new node right after `node`, continuing the same earlier measure(s); returns the new part."""
    node = _locked([node], version)[0]
    _check_split(node, data, access)
    predecessors = node.predecessor_ids()
    part = Node(
        document=node.document, parent=node.parent, depth=node.depth, position=node.position, code=data.code.strip(),
        title_sv=data.title_sv.strip(), title_en=data.title_en.strip(), body_sv=data.body_sv.strip(),
        body_en=data.body_en.strip(), derived_from_id=predecessors[0],
    )
    try:
        with transaction.atomic():
            part.save()
    except IntegrityError:
        raise ActionRefused(_("The code %(code)s is already used in this document.") % {"code": part.code}) from None
    part.merged_from.set(predecessors[1:])
    _place_after(node, part)
    units = data.implementers
    if units is None:
        units = list(OrganisationUnit.objects.filter(responsibilities__node=node, responsibilities__role="implements"))
    _set_implementers(part, units)
    if data.goals_and_links:
        part.goals.set(node.goals.all())
        for link in node.links_out.all():
            NodeLink.objects.create(source=part, target_id=link.target_id, as_stated_sv=link.as_stated_sv,
                                    as_stated_en=link.as_stated_en, position=link.position)
    _record(node.document, user, "split", code=node.code, changes={"into": [node.code, part.code]})
    return part
