"""Reading plans for the pages: few queries, however large the plan.

Each function fetches what a page needs in a fixed number of queries and
assembles the rest in Python, so a page's query count does not grow with the
number of nodes, units or responsibilities it shows.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from lika.core.localized import localized
from lika.organisations.access import Access
from lika.organisations.models import Municipality, OrganisationUnit, UnitKind
from lika.plans import diff
from lika.plans.models import (
    SCOPE_UNIT_KINDS,
    DocumentStatus,
    Node,
    NodeLink,
    Responsibility,
    ResponsibilityRole,
    Scope,
    SteeringDocument,
)

UNIT_KIND_ORDER = {UnitKind.COMMITTEE: 0, UnitKind.DEPARTMENT: 1, UnitKind.COMPANY: 2, UnitKind.DIVISION: 3}


def get_municipality(slug: str) -> Municipality:
    municipality = Municipality.objects.filter(slug=slug).first()
    if municipality is None:
        raise Http404("no such municipality")
    return municipality


def visible_documents(municipality: Municipality, access: Access):
    """Adopted documents are public records; drafts are for the municipality's own people."""
    documents = SteeringDocument.objects.filter(municipality=municipality)
    if not access.is_member(municipality):
        documents = documents.filter(status=DocumentStatus.ADOPTED)
    return documents


def get_document(municipality: Municipality, identifier: str, access: Access) -> SteeringDocument:
    document = (
        visible_documents(municipality, access)
        .select_related("owner", "parent", "municipality")
        .prefetch_related("levels")
        .filter(identifier=identifier)
        .first()
    )
    if document is None:
        raise Http404("no such document")
    return document


def level_names(document: SteeringDocument) -> dict[int, object]:
    return {level.depth: level for level in document.levels.all()}


def leaf_names(document: SteeringDocument, language: str | None = None) -> tuple[str, str]:
    """What the plan calls its leaves, singular and plural in lower case: ("Strategi", "strategier")."""
    level = document.levels.order_by("-depth").first()
    if level is None:
        return _("Item"), _("items")
    return localized(level, "name", language), localized(level, "plural", language).lower()


def leaf_words(document: SteeringDocument) -> dict[str, str]:
    """The plan's word for its items as page context, both lower case: {"leaf": "strategi", "leaves":
    "strategier"}. A round's pages set it once (one query) so their texts name the plan's own items."""
    leaf, leaves = leaf_names(document)
    return {"leaf": leaf.lower(), "leaves": leaves}


def definite_plural(plural: str, language: str | None) -> str:
    """The definite plural of a level's plural, for "4 av de 23 strategierna": Swedish adds -na after
    -r ("åtgärderna"), -a after -en ("områdena") and -en otherwise ("målen", "uppdragen"); a rare
    irregular plural ("program" -> "programmen") comes out wrong. Other languages (English: "the 23
    strategies") keep the plural."""
    if not plural or not (language or "").startswith("sv"):
        return plural
    if plural.endswith("r"):
        return plural + "na"
    if plural.endswith("en"):
        return plural + "a"
    if plural.endswith("e"):
        return plural + "n"
    return plural + "en"


@dataclass
class TreeNode:
    node: Node
    children: list["TreeNode"] = field(default_factory=list)


def document_tree(document: SteeringDocument) -> list[TreeNode]:
    nodes = list(document.nodes.order_by("position"))
    items = {node.pk: TreeNode(node) for node in nodes}
    roots = []
    for node in nodes:
        if node.parent_id is None:
            roots.append(items[node.pk])
        else:
            items[node.parent_id].children.append(items[node.pk])
    return roots


def active_units_by_kind(municipality: Municipality) -> dict[str, list[OrganisationUnit]]:
    units = defaultdict(list)
    for unit in OrganisationUnit.objects.filter(municipality=municipality, is_active=True).order_by("name_sv"):
        units[unit.kind].append(unit)
    return units


def scope_members(scope: str, units_by_kind: dict[str, list[OrganisationUnit]]) -> list[OrganisationUnit]:
    """The units a rule such as 'all departments' covers today."""
    kinds = SCOPE_UNIT_KINDS[Scope(scope)]
    members = [unit for kind in kinds for unit in units_by_kind.get(kind, [])]
    return sorted(members, key=lambda unit: (UNIT_KIND_ORDER[unit.kind], unit.name_sv))


@dataclass
class Cell:
    roles: set = field(default_factory=set)
    via_rule: set = field(default_factory=set)


@dataclass
class Matrix:
    rows: list[Node]
    columns: list[OrganisationUnit]
    cells: dict[tuple[int, int], Cell]
    document_responsibilities: list[Responsibility]
    areas: dict[int, Node]

    def cell(self, node: Node, unit: OrganisationUnit) -> Cell | None:
        return self.cells.get((node.pk, unit.pk))


MATRIX_ROLES = (ResponsibilityRole.IMPLEMENTS, ResponsibilityRole.COORDINATES)


def responsibility_matrix(document: SteeringDocument) -> Matrix:
    """Nodes with responsibilities × the units responsible, rules expanded to today's units."""
    responsibilities = list(
        document.responsibilities.select_related("unit", "node").order_by("node__position", "position")
    )
    units_by_kind = active_units_by_kind(document.municipality)
    parents = {node.pk: node for node in document.nodes.filter(children__isnull=False).distinct()}
    cells: dict[tuple[int, int], Cell] = {}
    rows: dict[int, Node] = {}
    columns: dict[int, OrganisationUnit] = {}
    for responsibility in responsibilities:
        if responsibility.node is None:
            continue
        node = responsibility.node
        rows[node.pk] = node
        if responsibility.unit_id:
            members, rule = [responsibility.unit], False
        else:
            members, rule = scope_members(responsibility.scope, units_by_kind), True
        for unit in members:
            columns[unit.pk] = unit
            cell = cells.setdefault((node.pk, unit.pk), Cell())
            cell.roles.add(responsibility.role)
            if rule:
                cell.via_rule.add(responsibility.role)
    all_units = {unit.pk: unit for kind_units in units_by_kind.values() for unit in kind_units}
    all_units.update(columns)

    def column_key(unit):
        # A division sorts right after the department it belongs to.
        head = all_units.get(unit.parent_id, unit) if unit.parent_id else unit
        return (UNIT_KIND_ORDER[head.kind], head.name_sv, unit.parent_id is not None, unit.name_sv)

    return Matrix(
        rows=sorted(rows.values(), key=lambda node: node.position),
        columns=sorted(columns.values(), key=column_key),
        cells=cells,
        document_responsibilities=[r for r in responsibilities if r.node_id is None],
        areas=parents,
    )


@dataclass
class UnitResponsibility:
    document: SteeringDocument
    node: Node | None
    role: str
    via: str  # "" for direct, the rule's label, or the division's name
    note: str = ""


def unit_responsibilities(unit: OrganisationUnit, access: Access) -> dict[str, list[UnitResponsibility]]:
    """Everything a unit answers for, across documents, by role: directly, through a rule, or through its divisions."""
    municipality = unit.municipality
    documents = visible_documents(municipality, access)
    divisions = list(unit.children.all())
    division_ids = {division.pk: division for division in divisions}
    scopes = [scope for scope, kinds in SCOPE_UNIT_KINDS.items() if unit.kind in kinds] if unit.is_active else []
    condition = Q(unit=unit) | Q(unit_id__in=list(division_ids)) | Q(scope__in=scopes)
    responsibilities = (
        Responsibility.objects.filter(document__in=documents)
        .filter(condition)
        .select_related("document", "node", "unit")
        .order_by("document__title_sv", "node__position", "position")
    )
    result: dict[str, list[UnitResponsibility]] = {role: [] for role in ResponsibilityRole.values}
    for responsibility in responsibilities:
        if responsibility.unit_id == unit.pk:
            via = ""
        elif responsibility.unit_id in division_ids:
            via = division_ids[responsibility.unit_id].name
        else:
            via = Scope(responsibility.scope).label
        result[responsibility.role].append(
            UnitResponsibility(
                document=responsibility.document,
                node=responsibility.node,
                role=responsibility.role,
                via=str(via),
                note=responsibility.note,
            )
        )
    return {role: items for role, items in result.items() if items}


def node_links(node: Node, access: Access):
    """What the node contributes to (upward) and what contributes to it, among visible documents."""
    visible = visible_documents(node.document.municipality, access)
    links_out = list(
        NodeLink.objects.filter(source=node, target__document__in=visible)
        .select_related("target__document", "target__parent")
        .prefetch_related("target__goals")
        .order_by("position")
    )
    links_in = list(
        NodeLink.objects.filter(target=node, source__document__in=visible)
        .select_related("source__document", "source__parent")
        .order_by("source__document__title_sv", "source__position")
    )
    return links_out, links_in


def ancestors(node: Node) -> list[Node]:
    """The node's ancestors, top first, in one query."""
    by_id = {n.pk: n for n in Node.objects.filter(document_id=node.document_id).only("id", "parent_id", "code", "title_sv", "title_en", "depth", "document_id")}
    chain = []
    current = by_id.get(node.parent_id)
    while current is not None:
        chain.append(current)
        current = by_id.get(current.parent_id)
    return list(reversed(chain))


@dataclass
class TraceRow:
    node: Node
    area: Node | None
    target: Node | None
    target_document: SteeringDocument | None
    as_stated: str
    goals: list


def traceability(document: SteeringDocument, access: Access) -> list[TraceRow]:
    """Each leaf node → the nodes it (or its ancestors) contribute to → their Agenda 2030 goals."""
    visible = visible_documents(document.municipality, access)
    nodes = list(document.nodes.order_by("position").prefetch_related("goals"))
    by_id = {node.pk: node for node in nodes}
    links = defaultdict(list)
    for link in (
        NodeLink.objects.filter(source__document=document, target__document__in=visible)
        .select_related("target__document")
        .prefetch_related("target__goals")
        .order_by("position")
    ):
        links[link.source_id].append(link)
    parent_ids = {node.parent_id for node in nodes if node.parent_id}
    rows = []
    for node in nodes:
        if node.pk in parent_ids:
            continue
        chain = [node]
        while chain[-1].parent_id:
            chain.append(by_id[chain[-1].parent_id])
        area = chain[1] if len(chain) > 1 else None
        node_links = [link for member in chain for link in links.get(member.pk, [])]
        if not node_links:
            rows.append(TraceRow(node, area, None, None, "", sorted(node.goals.all(), key=lambda g: g.number)))
        for link in node_links:
            rows.append(
                TraceRow(
                    node=node,
                    area=area,
                    target=link.target,
                    target_document=link.target.document,
                    as_stated=link.as_stated,
                    goals=sorted(link.target.goals.all(), key=lambda g: g.number),
                )
            )
    return rows


def measure_nodes(document: SteeringDocument) -> list[Node]:
    """The nodes units report on: the leaves of the document's tree, in document order."""
    nodes = list(document.nodes.order_by("position"))
    parents = {node.parent_id for node in nodes if node.parent_id}
    return [node for node in nodes if node.pk not in parents]


# The roles that put a unit on a leaf's follow-up. "Takes the plan into account in its business
# plan" counts on the whole document: that is how plans such as Halmstad's are followed up.
FOLLOW_UP_ROLES = (ResponsibilityRole.IMPLEMENTS, ResponsibilityRole.TAKES_INTO_ACCOUNT)


def follow_up_owners(responsibility) -> tuple | None:
    """The key under which a responsibility puts units on the follow-up: (document id, node id or
    None for the whole document), or None when it does not."""
    if responsibility.role == ResponsibilityRole.IMPLEMENTS or (
        responsibility.role == ResponsibilityRole.TAKES_INTO_ACCOUNT and responsibility.node_id is None
    ):
        return (responsibility.document_id, responsibility.node_id)
    return None


def units_per_leaf(nodes: list[Node], own: dict[tuple, set[int]]) -> dict[int, set[int]]:
    """Leaf node id -> unit ids: the units named on the leaf or its ancestors; a leaf that names
    none gets the whole document's (`own` is keyed by (document id, node id or None))."""
    by_id = {node.pk: node for node in nodes}
    parents = {node.parent_id for node in nodes if node.parent_id}
    result = {}
    for node in nodes:
        if node.pk in parents:
            continue
        units: set[int] = set()
        current = node
        while current is not None:
            units |= own.get((node.document_id, current.pk), set())
            current = by_id.get(current.parent_id)
        result[node.pk] = units or set(own.get((node.document_id, None), set()))
    return result


def follow_up_units(documents, units_by_kind) -> dict[tuple, set[int]]:
    """(document id, node id or None) -> ids of the units its follow-up responsibilities name."""
    own: dict[tuple, set[int]] = defaultdict(set)
    for responsibility in Responsibility.objects.filter(document__in=documents, role__in=FOLLOW_UP_ROLES):
        key = follow_up_owners(responsibility)
        if key is None:
            continue
        if responsibility.unit_id:
            own[key].add(responsibility.unit_id)
        else:
            own[key] |= {unit.pk for unit in scope_members(responsibility.scope, units_by_kind)}
    return own


def implementing_units(document: SteeringDocument, nodes: list[Node] | None = None) -> dict[int, set[int]]:
    """Leaf node id -> ids of the active units that report on it: named or through a rule, on the
    leaf, an ancestor or (when the leaf names nobody) the whole document."""
    nodes = nodes if nodes is not None else list(document.nodes.all())
    own = follow_up_units([document], active_units_by_kind(document.municipality))
    return units_per_leaf(nodes, own)


def coordinated_measures(document: SteeringDocument, unit_ids: frozenset[int] | set[int]) -> set[int]:
    """Leaf node ids coordinated by any of these units (on the node or an ancestor)."""
    if not unit_ids:
        return set()
    nodes = list(document.nodes.all())
    by_id = {node.pk: node for node in nodes}
    direct = set(
        document.responsibilities.filter(role=ResponsibilityRole.COORDINATES, unit_id__in=unit_ids).values_list(
            "node_id", flat=True
        )
    )
    if None in direct:  # coordinates the whole document
        return {node.pk for node in measure_nodes(document)}
    result = set()
    for node in measure_nodes(document):
        current = node
        while current is not None:
            if current.pk in direct:
                result.add(node.pk)
                break
            current = by_id.get(current.parent_id)
    return result


def diff_items(document: SteeringDocument, *, dropped_in: SteeringDocument | None = None) -> list[diff.Item]:
    """The document's nodes as plain items for `lika.plans.diff`, in document order. With
    `dropped_in`, nodes that revision left out carry the reason it gave."""
    nodes = list(document.nodes.order_by("position"))
    roles: dict[tuple[int, str], set[str]] = defaultdict(set)
    for responsibility in document.responsibilities.filter(
        node__isnull=False, role__in=diff.ROLE_FIELDS
    ).select_related("unit"):
        who = responsibility.unit.name_sv if responsibility.unit_id else str(Scope(responsibility.scope).label)
        roles[(responsibility.node_id, responsibility.role)].add(who)
    links: dict[int, set[str]] = defaultdict(set)
    for source_id, identifier, code in NodeLink.objects.filter(source__document=document).values_list(
        "source_id", "target__document__identifier", "target__code"
    ):
        links[source_id].add(f"{identifier} {code}")
    merged: dict[int, list[str]] = defaultdict(list)
    for node_id, source_id in Node.merged_from.through.objects.filter(from_node__document=document).order_by(
        "to_node_id"
    ).values_list("from_node_id", "to_node_id"):
        merged[node_id].append(str(source_id))
    reasons = {}
    if dropped_in is not None:
        reasons = dict(dropped_in.dropped_nodes.values_list("node_id", "reason"))
    return [
        diff.Item(
            key=str(node.pk),
            code=node.code,
            parent=str(node.parent_id) if node.parent_id else None,
            title_sv=node.title_sv,
            title_en=node.title_en,
            body_sv=node.body_sv,
            body_en=node.body_en,
            implements=frozenset(roles[(node.pk, "implements")]),
            coordinates=frozenset(roles[(node.pk, "coordinates")]),
            links=frozenset(links[node.pk]),
            derived_from=str(node.derived_from_id) if node.derived_from_id else None,
            also_from=tuple(merged[node.pk]),
            dropped_reason=reasons.get(node.pk, ""),
        )
        for node in nodes
    ]


def compare_documents(old: SteeringDocument, new: SteeringDocument) -> diff.PlanDiff:
    return diff.diff(diff_items(old, dropped_in=new), diff_items(new))


def versions(document: SteeringDocument) -> list[SteeringDocument]:
    """Every version of the document, oldest first: the ones it revises and the ones revising it."""
    chain = [document]
    seen = {document.pk}
    current = document
    while current.revision_of_id and current.revision_of_id not in seen:
        current = SteeringDocument.objects.get(pk=current.revision_of_id)
        chain.insert(0, current)
        seen.add(current.pk)
    current = document
    while True:
        following = current.revisions.exclude(pk__in=seen).order_by("pk").first()
        if following is None:
            break
        chain.append(following)
        seen.add(following.pk)
        current = following
    return chain
