"""Plan files into the database and back.

`import_plan` checks the parsed file against the database first (the
municipality, existing units, linked documents, an existing document) and
only then writes, in one transaction: on any problem nothing is written.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch

from lika.audit.models import Kind
from lika.audit.record import record
from lika.lib.testpause import pause_for_crash_test
from lika.lib.yamlfile import FileProblems, ProblemList
from lika.organisations.models import Municipality, OrganisationUnit, UnitAlias
from lika.plans import planfile
from lika.plans.models import (
    SCOPE_UNIT_KINDS,
    DocumentLevel,
    DroppedNode,
    Node,
    NodeLink,
    Responsibility,
    Scope,
    SteeringDocument,
)
from lika.reference.models import SustainableDevelopmentGoal

Progress = Callable[[str], None]


def _quiet(message: str) -> None:
    pass


@dataclass
class ImportResult:
    document: SteeringDocument
    created: bool
    units_created: int
    nodes: int
    responsibilities: int
    links: int


def import_plan_text(text: str, filename: str, *, replace: bool = False, progress: Progress = _quiet) -> ImportResult:
    plan = planfile.read_plan_file(text, filename)
    progress(f"{filename}: read {len(plan.document.nodes)} nodes and {len(plan.units)} units")
    return import_plan(plan, filename, replace=replace, progress=progress)


def import_plan(plan: planfile.PlanFile, filename: str, *, replace: bool = False, progress: Progress = _quiet) -> ImportResult:
    problems = ProblemList()
    document = plan.document
    municipality = _check_municipality(plan.municipality, problems)
    existing_units = _existing_units(municipality)
    _check_units(plan.units, existing_units, problems)
    existing = _check_existing_document(document, municipality, replace=replace, problems=problems)
    _check_parent_document(document, municipality, problems)
    revised = _check_revised_document(document, municipality, problems)
    link_targets = _resolve_links(plan, municipality, problems)
    if existing is not None and replace and not problems:
        _check_removed_nodes(existing, {node.code for node in document.nodes}, problems)
    if problems:
        raise FileProblems(filename, problems.problems)

    with transaction.atomic():
        result = _write(
            plan,
            municipality=municipality,
            existing=existing,
            existing_units=existing_units,
            link_targets=link_targets,
            progress=progress,
        )
        _write_lineage(result.document, document, revised)
        pause_for_crash_test("plan-import")
        # Nodes, levels and responsibilities are written in bulk: one audit entry for the import.
        record(Kind.UPDATE if existing is not None else Kind.CREATE, result.document,
               changes={"plan file": [None, filename], "nodes": [None, len(document.nodes)]}, note="plan file imported")
    return result


def _check_municipality(data: planfile.Municipality, problems: ProblemList) -> Municipality | None:
    municipality = Municipality.objects.filter(code=data.code).first()
    if municipality and municipality.slug != data.slug:
        problems.add(
            None,
            "municipality.slug",
            f"municipality {municipality.code} is called {municipality.slug!r} in this installation, "
            f"the file says {data.slug!r}",
        )
    elif municipality is None and Municipality.objects.filter(slug=data.slug).exists():
        problems.add(None, "municipality.slug", f"{data.slug!r} is already used by a municipality with another code")
    return municipality


def _existing_units(municipality: Municipality | None) -> dict[str, OrganisationUnit]:
    if not municipality:
        return {}
    return {unit.key: unit for unit in OrganisationUnit.objects.filter(municipality=municipality).select_related("parent")}


def _check_units(
    unit_list: list[planfile.Unit], existing_units: dict[str, OrganisationUnit], problems: ProblemList
) -> None:
    # A unit already in the installation keeps its kind and place; the file may not move it.
    for index, unit in enumerate(unit_list):
        current = existing_units.get(unit.key)
        if current is None:
            continue
        if current.kind != unit.kind:
            problems.add(
                None, f"units[{index}].kind", f"the unit {unit.key!r} is a {current.kind} in this installation, not a {unit.kind}"
            )
        current_parent = current.parent.key if current.parent else None
        if current_parent != unit.parent:
            problems.add(
                None,
                f"units[{index}].parent",
                f"the unit {unit.key!r} belongs to {current_parent!r} in this installation, the file says {unit.parent!r}",
            )


def _check_existing_document(
    document: planfile.Document, municipality: Municipality | None, *, replace: bool, problems: ProblemList
) -> SteeringDocument | None:
    existing = SteeringDocument.objects.filter(identifier=document.identifier).select_related("municipality").first()
    if existing is not None:
        if municipality is None or existing.municipality_id != municipality.pk:
            problems.add(
                None,
                "document.identifier",
                f"{document.identifier!r} is already used by a document of {existing.municipality.name}",
            )
        elif not replace:
            problems.add(
                None,
                "document.identifier",
                f"the document {document.identifier!r} already exists; import with --replace to replace it",
            )
    return existing


def _check_parent_document(document: planfile.Document, municipality: Municipality | None, problems: ProblemList) -> None:
    if not document.parent:
        return
    parent = SteeringDocument.objects.filter(identifier=document.parent).select_related("municipality").first()
    if parent is None:
        problems.add(None, "document.parent", f"no document {document.parent!r} in this installation; import it first")
    elif municipality is None or parent.municipality_id != municipality.pk:
        problems.add(None, "document.parent", f"{document.parent!r} belongs to another municipality ({parent.municipality.name})")


def _check_revised_document(
    document: planfile.Document, municipality: Municipality | None, problems: ProblemList
) -> dict[str, Node]:
    """The nodes of the document this one revises, by code; problems for a missing document, another
    municipality's, a cycle of revisions, or codes it does not have."""
    if not document.revision_of:
        return {}
    revised = SteeringDocument.objects.filter(identifier=document.revision_of).select_related("municipality").first()
    if revised is None:
        problems.add(None, "document.revision_of", f"no document {document.revision_of!r} in this installation; import it first")
        return {}
    if municipality is None or revised.municipality_id != municipality.pk:
        problems.add(None, "document.revision_of", f"{document.revision_of!r} belongs to another municipality")
        return {}
    current, seen = revised, set()
    while current is not None and current.pk not in seen:
        if current.identifier == document.identifier:
            problems.add(None, "document.revision_of", f"{document.revision_of!r} is itself a revision of {document.identifier!r}: the versions would go round in a circle")
            return {}
        seen.add(current.pk)
        current = current.revision_of
    nodes = {node.code: node for node in revised.nodes.all()}
    for index, node in enumerate(document.nodes):
        if node.derived_from and node.derived_from not in nodes:
            problems.add(node.line, f"document.nodes[{index}].derived_from", f"{document.revision_of} has no node {node.derived_from!r}")
        for code in node.merged_from:
            if code not in nodes:
                problems.add(node.line, f"document.nodes[{index}].merged_from", f"{document.revision_of} has no node {code!r}")
    for index, item in enumerate(document.dropped):
        if item.code not in nodes:
            problems.add(item.line, f"document.dropped[{index}].code", f"{document.revision_of} has no node {item.code!r}")
    return nodes


def _write_lineage(document: SteeringDocument, data: planfile.Document, revised: dict[str, Node]) -> None:
    """Which node each node continues, and the nodes the revision drops with the reason."""
    document.revision_of = next(iter(revised.values())).document if revised else (
        SteeringDocument.objects.get(identifier=data.revision_of) if data.revision_of else None
    )
    document.superseded_on = data.superseded_on
    document.save(update_fields=["revision_of", "superseded_on"])
    sources = {node.code: node.derived_from for node in data.nodes}
    changed = []
    for node in document.nodes.all():
        source = revised.get(sources.get(node.code) or "")
        if node.derived_from_id != (source.pk if source else None):
            node.derived_from = source
            changed.append(node)
    Node.objects.bulk_update(changed, ["derived_from"])
    merged = {node.code: node.merged_from for node in data.nodes if node.merged_from}
    Through = Node.merged_from.through
    Through.objects.filter(from_node__document=document).delete()
    Through.objects.bulk_create(
        Through(from_node=node, to_node=revised[code]) for node in document.nodes.all() for code in merged.get(node.code, [])
    )
    DroppedNode.objects.filter(document=document).delete()
    DroppedNode.objects.bulk_create(DroppedNode(document=document, node=revised[item.code], reason=item.reason) for item in data.dropped)


def _resolve_links(plan: planfile.PlanFile, municipality, problems: ProblemList) -> dict[tuple[str, str], Node]:
    wanted = {(link.document, link.code) for node in plan.document.nodes for link in node.contributes_to}
    if not wanted:
        return {}
    documents = {
        d.identifier: d
        for d in SteeringDocument.objects.filter(identifier__in={d for d, _ in wanted}).select_related("municipality")
    }
    nodes = {
        (n.document.identifier, n.code): n
        for n in Node.objects.filter(document__identifier__in=documents.keys()).select_related("document")
    }
    for index, node in enumerate(plan.document.nodes):
        for link_index, link in enumerate(node.contributes_to):
            path = f"nodes[{index}].contributes_to[{link_index}].node"
            target_document = documents.get(link.document)
            if target_document is None:
                problems.add(link.line, path, f"no document {link.document!r} in this installation; import it first")
            elif municipality is None or target_document.municipality_id != municipality.pk:
                problems.add(
                    link.line,
                    path,
                    f"{link.document}#{link.code} is a node of another municipality ({target_document.municipality.name}); "
                    "links stay within one municipality",
                )
            elif (link.document, link.code) not in nodes:
                problems.add(link.line, path, f"the document {link.document!r} has no node {link.code!r}")
    return nodes


def _check_removed_nodes(document: SteeringDocument, kept_codes: set[str], problems: ProblemList) -> None:
    removed = Node.objects.filter(document=document).exclude(code__in=kept_codes)
    for node in removed.prefetch_related("links_in__source__document"):
        sources = {link.source.document.identifier for link in node.links_in.all()}
        if sources:
            problems.add(
                None,
                "nodes",
                f"the node {node.code!r} is left out, but {', '.join(sorted(sources))} links to it; keep it or remove those links first",
            )


def _write(plan, *, municipality, existing, existing_units, link_targets, progress) -> ImportResult:
    document_data = plan.document
    if municipality is None:
        municipality = Municipality.objects.create(
            code=plan.municipality.code, slug=plan.municipality.slug, name=plan.municipality.name
        )
        progress(f"created municipality {municipality.name}")

    units, created_units = _write_units(plan.units, municipality=municipality, existing_units=existing_units)
    _write_aliases(plan.units, municipality=municipality, units=units)
    if created_units:
        progress(f"created {created_units} organisation units")

    document = _write_document(document_data, municipality=municipality, existing=existing, units=units)
    _write_levels(document, document_data.levels)
    nodes = _write_nodes(document, document_data.nodes, depths=plan.node_depths())
    progress(f"wrote {len(nodes)} nodes")
    _write_goals(document, document_data.nodes, nodes=nodes)
    responsibilities = _write_responsibilities(document, document_data, nodes=nodes, units=units)
    links = _write_links(document_data.nodes, nodes=nodes, link_targets=link_targets)
    progress(f"wrote {len(responsibilities)} responsibilities and {len(links)} links")
    return ImportResult(
        document=document,
        created=existing is None,
        units_created=created_units,
        nodes=len(nodes),
        responsibilities=len(responsibilities),
        links=len(links),
    )


def _write_units(
    unit_list: list[planfile.Unit], *, municipality: Municipality, existing_units: dict[str, OrganisationUnit]
) -> tuple[dict[str, OrganisationUnit], int]:
    """Every unit of the file by key, the new ones saved; and how many are new."""
    units = dict(existing_units)
    created_units = 0
    for unit_data in unit_list:
        if unit_data.key not in units:
            units[unit_data.key] = OrganisationUnit(
                municipality=municipality,
                key=unit_data.key,
                kind=unit_data.kind,
                name_sv=unit_data.name.sv,
                name_en=unit_data.name.en,
            )
            created_units += 1
    # Parents first: create in an order where a division comes after its parent.
    pending = [u for u in unit_list if units[u.key].pk is None]
    while pending:
        ready = [u for u in pending if not u.parent or units[u.parent].pk is not None]
        for unit_data in ready:
            unit = units[unit_data.key]
            unit.parent = units[unit_data.parent] if unit_data.parent else None
            unit.save()
        pending = [u for u in pending if u not in ready]
    return units, created_units


def _write_aliases(
    unit_list: list[planfile.Unit], *, municipality: Municipality, units: dict[str, OrganisationUnit]
) -> None:
    aliases = []
    known_aliases = set(
        UnitAlias.objects.filter(unit__municipality=municipality).values_list("unit_id", "language", "name")
    )
    for unit_data in unit_list:
        unit = units[unit_data.key]
        for alias in unit_data.aliases:
            if (unit.pk, alias.language, alias.name) not in known_aliases:
                aliases.append(UnitAlias(unit=unit, language=alias.language, name=alias.name))
                known_aliases.add((unit.pk, alias.language, alias.name))
    UnitAlias.objects.bulk_create(aliases)


def _write_document(
    document_data: planfile.Document,
    *,
    municipality: Municipality,
    existing: SteeringDocument | None,
    units: dict[str, OrganisationUnit],
) -> SteeringDocument:
    fields = dict(
        municipality=municipality,
        kind=document_data.kind,
        status=document_data.status,
        title_sv=document_data.title.sv,
        title_en=document_data.title.en,
        description_sv=document_data.description.sv,
        description_en=document_data.description.en,
        easy_read_sv=document_data.easy_read.sv,
        easy_read_en=document_data.easy_read.en,
        valid_from=document_data.valid_from,
        valid_to=document_data.valid_to,
        adopted_by=document_data.adopted_by,
        adopted_on=document_data.adopted_on,
        reference_number=document_data.reference_number,
        owner=units[document_data.owner] if document_data.owner else None,
        parent=SteeringDocument.objects.get(identifier=document_data.parent) if document_data.parent else None,
    )
    if existing is None:
        return SteeringDocument.objects.create(identifier=document_data.identifier, **fields)
    document = existing
    for name, value in fields.items():
        setattr(document, name, value)
    document.save()
    _clear_replaced(document, kept_codes=[n.code for n in document_data.nodes])
    return document


def _clear_replaced(document: SteeringDocument, *, kept_codes: list[str]) -> None:
    """Remove what the file writes anew; kept nodes stay, so links to them survive."""
    document.levels.all().delete()
    document.responsibilities.all().delete()
    NodeLink.objects.filter(source__document=document).delete()
    # Detach first: a kept node under a removed parent must not go with it.
    document.nodes.update(parent=None)
    document.nodes.exclude(code__in=kept_codes).delete()


def _write_levels(document: SteeringDocument, levels: list[planfile.Level]) -> None:
    DocumentLevel.objects.bulk_create(
        DocumentLevel(
            document=document,
            depth=depth,
            name_sv=level.name.sv,
            name_en=level.name.en,
            plural_sv=level.plural.sv,
            plural_en=level.plural.en,
        )
        for depth, level in enumerate(levels, start=1)
    )


def _write_nodes(document: SteeringDocument, node_list: list[planfile.Node], *, depths: dict[str, int]) -> dict[str, Node]:
    """Every node of the file by code: kept nodes updated, new ones created."""
    nodes = {node.code: node for node in document.nodes.all()}
    for position, node_data in enumerate(node_list):
        node = nodes.get(node_data.code) or Node(document=document, code=node_data.code)
        node.depth = depths[node_data.code]
        node.position = position
        node.title_sv, node.title_en = node_data.title.sv, node_data.title.en
        node.body_sv, node.body_en = node_data.body.sv, node_data.body.en
        node.easy_read_sv, node.easy_read_en = node_data.easy_read.sv, node_data.easy_read.en
        node.parent = None
        nodes[node_data.code] = node
    new_nodes = [node for node in nodes.values() if node.pk is None]
    Node.objects.bulk_create(new_nodes)
    if new_nodes and new_nodes[0].pk is None:  # backends without RETURNING ids
        saved = {n.code: n for n in document.nodes.all()}
        for node in new_nodes:
            node.pk = saved[node.code].pk
    for node_data in node_list:
        nodes[node_data.code].parent = nodes[node_data.parent] if node_data.parent else None
    Node.objects.bulk_update(
        list(nodes.values()), ["parent", "depth", "position", "title_sv", "title_en", "body_sv", "body_en", "easy_read_sv", "easy_read_en"]
    )
    return nodes


def _write_goals(document: SteeringDocument, node_list: list[planfile.Node], *, nodes: dict[str, Node]) -> None:
    goals = {goal.number: goal for goal in SustainableDevelopmentGoal.objects.all()}
    through = Node.goals.through
    through.objects.filter(node__document=document).delete()
    through.objects.bulk_create(
        through(node_id=nodes[n.code].pk, sustainabledevelopmentgoal_id=goals[g].pk)
        for n in node_list
        for g in n.goals
    )


def _write_responsibilities(
    document: SteeringDocument,
    document_data: planfile.Document,
    *,
    nodes: dict[str, Node],
    units: dict[str, OrganisationUnit],
) -> list[Responsibility]:
    # The document's own responsibilities first, then each node's, in file order.
    responsibilities = _responsibilities(document_data.responsibilities, document=document, node=None, units=units)
    for node_data in document_data.nodes:
        responsibilities += _responsibilities(
            node_data.responsibilities, document=document, node=nodes[node_data.code], units=units
        )
    Responsibility.objects.bulk_create(responsibilities)
    return responsibilities


def _responsibilities(
    items: list[planfile.Responsibility],
    *,
    document: SteeringDocument,
    node: Node | None,
    units: dict[str, OrganisationUnit],
) -> list[Responsibility]:
    return [
        Responsibility(
            document=document,
            node=node,
            role=item.role,
            unit=units[item.unit] if item.unit else None,
            scope=item.scope or "",
            note_sv=item.note.sv,
            note_en=item.note.en,
            position=position,
        )
        for position, item in enumerate(items)
    ]


def _write_links(
    node_list: list[planfile.Node], *, nodes: dict[str, Node], link_targets: dict[tuple[str, str], Node]
) -> list[NodeLink]:
    links = [
        NodeLink(
            source=nodes[node_data.code],
            target=link_targets[(link.document, link.code)],
            as_stated_sv=link.as_stated.sv,
            as_stated_en=link.as_stated.en,
            position=position,
        )
        for node_data in node_list
        for position, link in enumerate(node_data.contributes_to)
    ]
    NodeLink.objects.bulk_create(links)
    return links


def _text(obj, field: str) -> planfile.Text:
    return planfile.Text(sv=getattr(obj, f"{field}_sv"), en=getattr(obj, f"{field}_en"))


def export_plan(document: SteeringDocument) -> planfile.PlanFile:
    """The document as a PlanFile: the inverse of import_plan."""
    document = (
        SteeringDocument.objects.select_related("municipality", "owner", "parent", "revision_of")
        .prefetch_related(
            "levels",
            Prefetch("responsibilities", queryset=Responsibility.objects.select_related("unit").order_by("position")),
        )
        .get(pk=document.pk)
    )
    nodes = _nodes_for_export(document)
    all_responsibilities = list(document.responsibilities.all())
    by_node: dict[int | None, list[Responsibility]] = {}
    for responsibility in all_responsibilities:
        by_node.setdefault(responsibility.node_id, []).append(responsibility)

    units = _export_units(document, all_responsibilities)
    node_data = [_export_node(node, by_node.get(node.pk, [])) for node in nodes]
    return planfile.PlanFile(
        municipality=planfile.Municipality(
            code=document.municipality.code, slug=document.municipality.slug, name=document.municipality.name
        ),
        units=units,
        document=planfile.Document(
            identifier=document.identifier,
            kind=document.kind,
            status=document.status,
            title=_text(document, "title"),
            valid_from=document.valid_from,
            valid_to=document.valid_to,
            adopted_by=document.adopted_by,
            adopted_on=document.adopted_on,
            reference_number=document.reference_number,
            owner=document.owner.key if document.owner else None,
            parent=document.parent.identifier if document.parent else None,
            description=_text(document, "description"),
            easy_read=_text(document, "easy_read"),
            levels=[
                planfile.Level(name=_text(level, "name"), plural=_text(level, "plural"))
                for level in sorted(document.levels.all(), key=lambda level: level.depth)
            ],
            responsibilities=_export_responsibilities(by_node.get(None, [])),
            nodes=node_data,
            revision_of=document.revision_of.identifier if document.revision_of_id else None,
            superseded_on=document.superseded_on,
            dropped=[
                planfile.Dropped(code=item.node.code, reason=item.reason)
                for item in document.dropped_nodes.select_related("node").order_by("node__position")
            ],
        ),
    )


def _nodes_for_export(document: SteeringDocument) -> list[Node]:
    return list(
        document.nodes.select_related("parent", "derived_from")
        .prefetch_related(
            "goals",
            Prefetch("merged_from", queryset=Node.objects.order_by("position")),
            Prefetch("links_out", queryset=NodeLink.objects.select_related("target__document").order_by("position")),
        )
        .order_by("position")
    )


def _export_responsibilities(responsibilities: list[Responsibility]) -> list[planfile.Responsibility]:
    return [
        planfile.Responsibility(role=r.role, unit=r.unit.key if r.unit else None, scope=r.scope or None, note=_text(r, "note"))
        for r in sorted(responsibilities, key=lambda r: r.position)
    ]


def _export_units(document: SteeringDocument, responsibilities: list[Responsibility]) -> list[planfile.Unit]:
    # The units the document names, their parents, and the units its rules cover,
    # so the file loads into an empty installation with the same meaning.
    municipality_units = {
        unit.pk: unit
        for unit in OrganisationUnit.objects.filter(municipality=document.municipality).prefetch_related("aliases")
    }
    wanted = {r.unit_id for r in responsibilities if r.unit_id}
    if document.owner_id:
        wanted.add(document.owner_id)
    kinds = set()
    for r in responsibilities:
        if r.scope:
            kinds |= SCOPE_UNIT_KINDS[Scope(r.scope)]
    wanted |= {pk for pk, unit in municipality_units.items() if unit.kind in kinds and unit.is_active}
    for pk in list(wanted):
        parent_id = municipality_units[pk].parent_id
        while parent_id is not None:
            wanted.add(parent_id)
            parent_id = municipality_units[parent_id].parent_id
    return [
        planfile.Unit(
            key=unit.key,
            kind=unit.kind,
            name=_text(unit, "name"),
            parent=municipality_units[unit.parent_id].key if unit.parent_id else None,
            aliases=[
                planfile.Alias(language=a.language, name=a.name)
                for a in sorted(unit.aliases.all(), key=lambda a: (a.language, a.name))
            ],
        )
        for unit in sorted((municipality_units[pk] for pk in wanted), key=lambda u: u.key)
    ]


def _export_node(node: Node, responsibilities: list[Responsibility]) -> planfile.Node:
    return planfile.Node(
        code=node.code,
        parent=node.parent.code if node.parent else None,
        title=_text(node, "title"),
        body=_text(node, "body"),
        easy_read=_text(node, "easy_read"),
        contributes_to=[
            planfile.Link(document=link.target.document.identifier, code=link.target.code, as_stated=_text(link, "as_stated"))
            for link in node.links_out.all()
        ],
        goals=sorted(goal.number for goal in node.goals.all()),
        responsibilities=_export_responsibilities(responsibilities),
        derived_from=node.derived_from.code if node.derived_from_id else None,
        merged_from=[source.code for source in node.merged_from.all()],
    )
