"""The plan file (`lika-plan/1`): read, check and write, without Django.

`read_plan_file` turns YAML text into a `PlanFile` or raises `FileProblems`
listing every problem with its line and field. It checks everything that can
be checked from the file alone (types, required fields, duplicates, the node
tree, dates, levels); what needs the database (does the linked document exist,
does a unit key clash) is checked by `lika.plans.importing`.
`write_plan_file` is its inverse. See docs/plan-file.md.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from lika.lib.yamlfile import FileProblems, FlowList, LineDict, LineList, ProblemList, clean_text, dump_yaml, parse_yaml

FORMAT = "lika-plan/1"
HEADER = "# Lika plan file. Format: docs/plan-file.md\n"

UNIT_KINDS = ("committee", "department", "company", "division")
DOCUMENT_KINDS = ("programme", "plan", "policy", "guideline")
DOCUMENT_STATUSES = ("draft", "adopted")
ROLES = ("implements", "coordinates", "leads_and_follows_up", "takes_into_account")
SCOPES = ("all_departments", "all_departments_and_companies", "all_committees_and_companies")
LANGUAGES = ("sv", "en")
KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Text:
    sv: str = ""
    en: str = ""

    def is_empty(self) -> bool:
        return not self.sv and not self.en


@dataclass
class Alias:
    language: str
    name: str


@dataclass
class Unit:
    key: str
    kind: str
    name: Text
    parent: str | None = None
    aliases: list[Alias] = field(default_factory=list)


@dataclass
class Responsibility:
    role: str
    unit: str | None = None
    scope: str | None = None
    note: Text = Text()
    line: int | None = field(default=None, compare=False)


@dataclass
class Link:
    document: str
    code: str
    as_stated: Text = Text()
    line: int | None = field(default=None, compare=False)


@dataclass
class Node:
    code: str
    parent: str | None
    title: Text
    body: Text = Text()
    easy_read: Text = Text()  # the area's easy-to-read (lättläst) text for residents
    contributes_to: list[Link] = field(default_factory=list)
    goals: list[int] = field(default_factory=list)
    responsibilities: list[Responsibility] = field(default_factory=list)
    derived_from: str | None = None  # the code of the node it continues, in the document it revises
    merged_from: list[str] = field(default_factory=list)  # further codes of that document merged into it
    line: int | None = field(default=None, compare=False)


@dataclass
class Dropped:
    """A node of the revised document that this revision leaves out, and why."""

    code: str
    reason: str
    line: int | None = field(default=None, compare=False)


@dataclass
class Level:
    name: Text
    plural: Text


@dataclass
class Document:
    identifier: str
    kind: str
    status: str
    title: Text
    valid_from: date
    valid_to: date | None = None
    adopted_by: str = ""
    adopted_on: date | None = None
    reference_number: str = ""
    owner: str | None = None
    parent: str | None = None
    description: Text = Text()
    easy_read: Text = Text()  # the easy-to-read (lättläst) summary for residents
    levels: list[Level] = field(default_factory=list)
    responsibilities: list[Responsibility] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)
    revision_of: str | None = None
    superseded_on: date | None = None
    dropped: list[Dropped] = field(default_factory=list)


@dataclass
class Municipality:
    code: str
    slug: str
    name: str


@dataclass
class PlanFile:
    municipality: Municipality
    units: list[Unit]
    document: Document

    def node_depths(self) -> dict[str, int]:
        parents = {node.code: node.parent for node in self.document.nodes}
        depths: dict[str, int] = {}
        for code in parents:
            depth, current = 1, parents[code]
            while current is not None:
                depth += 1
                current = parents[current]
            depths[code] = depth
        return depths


# Reading ----------------------------------------------------------------------------------


class FieldReader:
    """Reads typed values out of the parsed YAML, collecting problems as it goes."""

    def __init__(self):
        self.problems = ProblemList()

    def _line(self, container, key) -> int | None:
        if isinstance(container, (LineDict, LineList)):
            return container.line_of(key)
        return None

    def mapping(self, value, path: str, line: int | None, *, required=True) -> LineDict | None:
        if value is None and not required:
            return None
        if not isinstance(value, dict):
            self.problems.add(line, path, "expected a mapping of fields" if value is not None else "is missing")
            return None
        return value

    def check_keys(self, mapping: LineDict, allowed: tuple[str, ...], path: str) -> None:
        for key in mapping:
            if key not in allowed:
                self.problems.add(
                    mapping.line_of(key),
                    f"{path}.{key}" if path else str(key),
                    f"unknown field; expected one of: {', '.join(allowed)}",
                )

    def string(self, mapping: LineDict, key: str, path: str, *, required=True, default="") -> str:
        value = mapping.get(key)
        full = f"{path}.{key}" if path else key
        if value is None or value == "":
            if required:
                self.problems.add(mapping.line_of(key), full, "is missing")
            return default
        if isinstance(value, bool) or isinstance(value, (dict, list)):
            self.problems.add(mapping.line_of(key), full, "expected text")
            return default
        return clean_text(str(value))

    def optional_string(self, mapping: LineDict, key: str, path: str) -> str | None:
        value = self.string(mapping, key, path, required=False, default="")
        return value or None

    def choice(self, mapping: LineDict, key: str, path: str, choices: tuple[str, ...]) -> str:
        value = self.string(mapping, key, path)
        if value and value not in choices:
            full = f"{path}.{key}" if path else key
            self.problems.add(mapping.line_of(key), full, f"{value!r} is not one of: {', '.join(choices)}")
        return value

    def key(self, mapping: LineDict, key: str, path: str, *, required=True) -> str:
        value = self.string(mapping, key, path, required=required)
        if value and not KEY_PATTERN.match(value):
            full = f"{path}.{key}" if path else key
            self.problems.add(
                mapping.line_of(key), full, f"{value!r}: use lower-case letters a–z, digits and single hyphens"
            )
        return value

    def date(self, mapping: LineDict, key: str, path: str, *, required=True) -> date | None:
        raw = self.string(mapping, key, path, required=required)
        if not raw:
            return None
        full = f"{path}.{key}" if path else key
        if not DATE_PATTERN.match(raw):
            self.problems.add(mapping.line_of(key), full, f"{raw!r} is not a date written YYYY-MM-DD")
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError as exc:
            self.problems.add(mapping.line_of(key), full, f"{raw!r} is not a real date ({exc})")
            return None

    def text(self, mapping: LineDict, key: str, path: str, *, required=True) -> Text:
        value = mapping.get(key)
        full = f"{path}.{key}" if path else key
        if value is None:
            if required:
                self.problems.add(mapping.line_of(key), full, "is missing")
            return Text()
        if isinstance(value, str):
            # A plain string is the Swedish text.
            value = LineDict(sv=value)
            value.line, value.key_lines = mapping.line_of(key), {}
        if not isinstance(value, dict):
            self.problems.add(mapping.line_of(key), full, "expected texts per language (sv, en)")
            return Text()
        self.check_keys(value, LANGUAGES, full)
        texts = {}
        for language in LANGUAGES:
            item = value.get(language)
            if item is not None and not isinstance(item, (str, int, float)):
                self.problems.add(value.line_of(language), f"{full}.{language}", "expected text")
                item = None
            texts[language] = clean_text(str(item)) if item is not None else ""
        if required and not texts["sv"]:
            self.problems.add(value.line_of("sv"), f"{full}.sv", "the Swedish text is missing")
        return Text(**texts)

    def items(self, mapping: LineDict, key: str, path: str, allowed: tuple[str, ...]):
        """(path, mapping) for each item of the list under `key` that is a mapping, its fields checked."""
        sequence = self.sequence(mapping, key, path)
        prefix = f"{path}.{key}" if path else key
        for index, item in enumerate(sequence):
            item_path = f"{prefix}[{index}]"
            item_map = self.mapping(item, item_path, sequence.line_of(index))
            if item_map is not None:
                self.check_keys(item_map, allowed, item_path)
                yield item_path, item_map

    def sequence(self, mapping: LineDict, key: str, path: str) -> LineList:
        value = mapping.get(key)
        if value is None:
            empty = LineList()
            empty.line, empty.item_lines = mapping.line_of(key), []
            return empty
        if not isinstance(value, list):
            self.problems.add(mapping.line_of(key), f"{path}.{key}" if path else key, "expected a list")
            empty = LineList()
            empty.line, empty.item_lines = mapping.line_of(key), []
            return empty
        return value


def read_plan_file(text: str, filename: str = "plan.yaml") -> PlanFile:
    data = parse_yaml(text, filename)
    reader = FieldReader()
    top = reader.mapping(data, "", 1)
    if top is None:
        raise FileProblems(filename, reader.problems.problems)
    reader.check_keys(top, ("format", "municipality", "units", "document"), "")
    if top.get("format") != FORMAT:
        reader.problems.add(
            top.line_of("format"), "format", f"expected {FORMAT!r}, found {top.get('format')!r}"
        )
    municipality = _read_municipality(reader, top)
    units = _read_units(reader, top)
    document = _read_document(reader, top)
    plan = PlanFile(municipality=municipality, units=units, document=document) if document else None
    if plan is not None:
        _check_references(reader, plan)
    if reader.problems or plan is None:
        raise FileProblems(filename, reader.problems.problems)
    return plan


def _read_municipality(reader: FieldReader, top: LineDict) -> Municipality:
    mapping = reader.mapping(top.get("municipality"), "municipality", top.line_of("municipality"))
    if mapping is None:
        return Municipality("", "", "")
    reader.check_keys(mapping, ("code", "slug", "name"), "municipality")
    code = reader.string(mapping, "code", "municipality")
    if code and not re.fullmatch(r"\d{4}", code):
        reader.problems.add(mapping.line_of("code"), "municipality.code", f"{code!r} is not a four-digit code")
    return Municipality(
        code=code,
        slug=reader.key(mapping, "slug", "municipality"),
        name=reader.string(mapping, "name", "municipality"),
    )


def _read_units(reader: FieldReader, top: LineDict) -> list[Unit]:
    units: list[Unit] = []
    seen: dict[str, int] = {}
    unit_maps = []
    for path, mapping in reader.items(top, "units", "", ("key", "kind", "parent", "name", "aliases")):
        unit_maps.append(mapping)
        unit = Unit(
            key=reader.key(mapping, "key", path),
            kind=reader.choice(mapping, "kind", path, UNIT_KINDS),
            parent=reader.optional_string(mapping, "parent", path),
            name=reader.text(mapping, "name", path),
        )
        for alias_path, alias_map in reader.items(mapping, "aliases", path, ("language", "name")):
            unit.aliases.append(
                Alias(
                    language=reader.choice(alias_map, "language", alias_path, LANGUAGES),
                    name=reader.string(alias_map, "name", alias_path),
                )
            )
        if unit.key in seen:
            reader.problems.add(
                mapping.line_of("key"), f"{path}.key", f"the unit {unit.key!r} is already listed on line {seen[unit.key]}"
            )
        elif unit.key:
            seen[unit.key] = mapping.line_of("key")
        if unit.kind == "division" and not unit.parent:
            reader.problems.add(mapping.line, f"{path}.parent", "a division needs the department or company it belongs to")
        units.append(unit)
    keys = {unit.key for unit in units}
    for index, unit in enumerate(units):
        if unit.parent and unit.parent not in keys:
            reader.problems.add(
                unit_maps[index].line_of("parent"), f"units[{index}].parent", f"unknown unit {unit.parent!r}"
            )
        elif unit.parent == unit.key and unit.key:
            reader.problems.add(unit_maps[index].line_of("parent"), f"units[{index}].parent", "a unit cannot belong to itself")
    return units


def _read_responsibilities(reader: FieldReader, mapping: LineDict, path: str) -> list[Responsibility]:
    result = []
    for item_path, item_map in reader.items(mapping, "responsibilities", path, ("role", "unit", "scope", "note")):
        responsibility = Responsibility(
            role=reader.choice(item_map, "role", item_path, ROLES),
            unit=reader.optional_string(item_map, "unit", item_path),
            scope=reader.optional_string(item_map, "scope", item_path),
            note=reader.text(item_map, "note", item_path, required=False),
            line=item_map.line_of("unit"),
        )
        if bool(responsibility.unit) == bool(responsibility.scope):
            reader.problems.add(item_map.line, item_path, "name either a unit or a scope, not both or neither")
        if responsibility.scope and responsibility.scope not in SCOPES:
            reader.problems.add(
                item_map.line_of("scope"),
                f"{item_path}.scope",
                f"{responsibility.scope!r} is not one of: {', '.join(SCOPES)}",
            )
        result.append(responsibility)
    return result


def _read_document(reader: FieldReader, top: LineDict) -> Document | None:
    mapping = reader.mapping(top.get("document"), "document", top.line_of("document"))
    if mapping is None:
        return None
    path = "document"
    reader.check_keys(
        mapping,
        (
            "identifier", "kind", "status", "title", "valid_from", "valid_to", "adopted_by", "adopted_on",
            "reference_number", "owner", "parent", "description", "easy_read", "levels", "responsibilities",
            "nodes", "revision_of", "superseded_on", "dropped",
        ),
        path,
    )
    document = Document(
        identifier=reader.key(mapping, "identifier", path),
        kind=reader.choice(mapping, "kind", path, DOCUMENT_KINDS),
        status=reader.choice(mapping, "status", path, DOCUMENT_STATUSES),
        title=reader.text(mapping, "title", path),
        valid_from=reader.date(mapping, "valid_from", path),
        valid_to=reader.date(mapping, "valid_to", path, required=False),
        adopted_by=reader.string(mapping, "adopted_by", path, required=False),
        adopted_on=reader.date(mapping, "adopted_on", path, required=False),
        reference_number=reader.string(mapping, "reference_number", path, required=False),
        owner=reader.optional_string(mapping, "owner", path),
        parent=reader.optional_string(mapping, "parent", path),
        description=reader.text(mapping, "description", path, required=False),
        easy_read=reader.text(mapping, "easy_read", path, required=False),
        revision_of=reader.optional_string(mapping, "revision_of", path),
        superseded_on=reader.date(mapping, "superseded_on", path, required=False),
    )
    for dropped_path, dropped_map in reader.items(mapping, "dropped", path, ("code", "reason")):
        document.dropped.append(
            Dropped(
                code=reader.string(dropped_map, "code", dropped_path),
                reason=reader.string(dropped_map, "reason", dropped_path),
                line=dropped_map.line,
            )
        )
    if document.valid_from and document.valid_to and document.valid_to < document.valid_from:
        reader.problems.add(
            mapping.line_of("valid_to"),
            "document.valid_to",
            f"the validity period ends ({document.valid_to}) before it starts ({document.valid_from})",
        )
    for level_path, level_map in reader.items(mapping, "levels", path, ("name", "plural")):
        document.levels.append(
            Level(name=reader.text(level_map, "name", level_path), plural=reader.text(level_map, "plural", level_path))
        )
    if not document.levels:
        reader.problems.add(mapping.line_of("levels"), "document.levels", "name at least one level")
    document.responsibilities = _read_responsibilities(reader, mapping, path)
    document.nodes = _read_nodes(reader, mapping)
    return document


def _read_nodes(reader: FieldReader, mapping: LineDict) -> list[Node]:
    nodes: list[Node] = []
    allowed = ("code", "parent", "title", "body", "easy_read", "contributes_to", "goals", "responsibilities", "derived_from", "merged_from")
    for path, node_map in reader.items(mapping, "nodes", "", allowed):
        node = Node(
            code=reader.string(node_map, "code", path),
            parent=reader.optional_string(node_map, "parent", path),
            title=reader.text(node_map, "title", path),
            body=reader.text(node_map, "body", path, required=False),
            easy_read=reader.text(node_map, "easy_read", path, required=False),
            derived_from=reader.optional_string(node_map, "derived_from", path),
            line=node_map.line,
        )
        for link_path, link_map in reader.items(node_map, "contributes_to", path, ("node", "as_stated")):
            reference = reader.string(link_map, "node", link_path)
            document_id, separator, code = reference.partition("#")
            if reference and (not separator or not document_id or not code):
                reader.problems.add(
                    link_map.line_of("node"), f"{link_path}.node", f"{reference!r}: write it as document-identifier#code"
                )
            node.contributes_to.append(
                Link(
                    document=document_id,
                    code=code,
                    as_stated=reader.text(link_map, "as_stated", link_path, required=False),
                    line=link_map.line_of("node"),
                )
            )
        goals = reader.sequence(node_map, "goals", path)
        for goal_index, goal in enumerate(goals):
            if isinstance(goal, bool) or not isinstance(goal, int) or not 1 <= goal <= 17:
                reader.problems.add(
                    goals.line_of(goal_index), f"{path}.goals[{goal_index}]", f"{goal!r} is not an Agenda 2030 goal (1–17)"
                )
            elif goal in node.goals:
                reader.problems.add(goals.line_of(goal_index), f"{path}.goals[{goal_index}]", f"goal {goal} is listed twice")
            else:
                node.goals.append(goal)
        node.responsibilities = _read_responsibilities(reader, node_map, path)
        node.merged_from = _read_codes(reader, node_map, "merged_from", path)
        nodes.append(node)
    return nodes


def _read_codes(reader: FieldReader, mapping: LineDict, key: str, path: str) -> list[str]:
    values = reader.sequence(mapping, key, path)
    codes: list[str] = []
    for index, value in enumerate(values):
        if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).strip():
            reader.problems.add(values.line_of(index), f"{path}.{key}[{index}]", f"{value!r} is not a node code")
        elif str(value) in codes:
            reader.problems.add(values.line_of(index), f"{path}.{key}[{index}]", f"{value} is listed twice")
        else:
            codes.append(str(value))
    return codes


def _check_references(reader: FieldReader, plan: PlanFile) -> None:
    """Cross-field checks: unit keys, node codes, the node tree, levels."""
    unit_keys = {unit.key for unit in plan.units}
    document = plan.document
    _check_unit(reader, document.owner, line=None, path="document.owner", unit_keys=unit_keys)
    for index, responsibility in enumerate(document.responsibilities):
        _check_unit(
            reader,
            responsibility.unit,
            line=responsibility.line,
            path=f"document.responsibilities[{index}].unit",
            unit_keys=unit_keys,
        )
    by_code = _check_nodes(reader, document, unit_keys=unit_keys)
    # Each tree check needs the one before: a loop can only be followed through known parents, depths need no loop.
    if _parents_known(reader, document.nodes, by_code) and _no_loops(reader, document.nodes, by_code):
        _check_depths(reader, plan, by_code)
    _check_lineage(reader, document)


def _check_lineage(reader: FieldReader, document: Document) -> None:
    """A revision names the document it revises; a node continues one node of it (`derived_from`), or
    several when they were merged into it (`merged_from` names the others); two nodes continuing the
    same one are its split. A dropped node is continued by none. Whether the codes exist is checked on import."""
    if document.revision_of and document.revision_of == document.identifier:
        reader.problems.add(None, "document.revision_of", "a document cannot be a revision of itself")
    sources: dict[str, str] = {}
    for index, node in enumerate(document.nodes):
        path = f"document.nodes[{index}]"
        if node.merged_from and not node.derived_from:
            reader.problems.add(node.line, f"{path}.merged_from", "merged_from needs derived_from: the first node it continues")
        if node.derived_from in node.merged_from:
            reader.problems.add(node.line, f"{path}.merged_from", f"{node.derived_from} is already derived_from")
        if node.derived_from and not document.revision_of:
            reader.problems.add(node.line, f"{path}.derived_from", "derived_from needs document.revision_of: the document the node comes from")
        for code in filter(None, [node.derived_from, *node.merged_from]):
            sources.setdefault(code, node.code)
    for index, item in enumerate(document.dropped):
        path = f"document.dropped[{index}]"
        if not document.revision_of:
            reader.problems.add(item.line, path, "dropped needs document.revision_of: the document the node is dropped from")
        if item.code in sources:
            reader.problems.add(item.line, path, f"{item.code} is both dropped and continued by {sources[item.code]}")


def _check_unit(reader: FieldReader, key: str | None, *, line: int | None, path: str, unit_keys: set[str]) -> None:
    if key and key not in unit_keys:
        known = ", ".join(sorted(unit_keys)) or "none"
        reader.problems.add(line, path, f"unknown unit {key!r}; the file's units are: {known}")


def _check_nodes(reader: FieldReader, document: Document, *, unit_keys: set[str]) -> dict[str, Node]:
    """Each node's code, units and links; the nodes by code (the first of a code used twice)."""
    by_code: dict[str, Node] = {}
    for index, node in enumerate(document.nodes):
        if node.code in by_code:
            reader.problems.add(
                node.line, f"nodes[{index}].code", f"the code {node.code!r} is already used on line {by_code[node.code].line}"
            )
        elif node.code:
            by_code[node.code] = node
        for r_index, responsibility in enumerate(node.responsibilities):
            _check_unit(
                reader,
                responsibility.unit,
                line=responsibility.line,
                path=f"nodes[{index}].responsibilities[{r_index}].unit",
                unit_keys=unit_keys,
            )
        targets = set()
        for l_index, link in enumerate(node.contributes_to):
            if link.document == document.identifier:
                reader.problems.add(
                    link.line, f"nodes[{index}].contributes_to[{l_index}].node", "a node cannot contribute to its own document"
                )
            if (link.document, link.code) in targets:
                reader.problems.add(link.line, f"nodes[{index}].contributes_to[{l_index}].node", "this link is listed twice")
            targets.add((link.document, link.code))
    return by_code


def _parents_known(reader: FieldReader, nodes: list[Node], by_code: dict[str, Node]) -> bool:
    tree_ok = True
    for index, node in enumerate(nodes):
        if node.parent is None:
            continue
        if node.parent == node.code:
            reader.problems.add(node.line, f"nodes[{index}].parent", f"the node {node.code!r} cannot be its own parent")
            tree_ok = False
        elif node.parent not in by_code:
            reader.problems.add(node.line, f"nodes[{index}].parent", f"unknown parent node {node.parent!r}")
            tree_ok = False
    return tree_ok


def _no_loops(reader: FieldReader, nodes: list[Node], by_code: dict[str, Node]) -> bool:
    """True unless some node is its own ancestor; only the first loop found is named."""
    for index, node in enumerate(nodes):
        seen = {node.code}
        current = node.parent
        while current is not None:
            if current in seen:
                reader.problems.add(
                    node.line,
                    f"nodes[{index}].parent",
                    f"the node {node.code!r} would be its own ancestor (through {current!r}): the parents form a loop",
                )
                return False
            seen.add(current)
            current = by_code[current].parent
    return True


def _check_depths(reader: FieldReader, plan: PlanFile, by_code: dict[str, Node]) -> None:
    document = plan.document
    for code, depth in plan.node_depths().items():
        if depth > len(document.levels):
            node = by_code[code]
            reader.problems.add(
                node.line,
                f"nodes[{document.nodes.index(node)}].parent",
                f"the node {code!r} is at depth {depth}, but the document names only {len(document.levels)} levels",
            )


# Writing ----------------------------------------------------------------------------------


def _text(value: Text) -> dict:
    result = {"sv": value.sv}
    if value.en:
        result["en"] = value.en
    return result


def _responsibilities(items: list[Responsibility]) -> list[dict]:
    result = []
    for item in items:
        entry: dict = {"role": item.role}
        if item.unit:
            entry["unit"] = item.unit
        else:
            entry["scope"] = item.scope
        if not item.note.is_empty():
            entry["note"] = _text(item.note)
        result.append(entry)
    return result


def _units_data(plan: PlanFile) -> list[dict]:
    units = []
    for unit in plan.units:
        entry: dict = {"key": unit.key, "kind": unit.kind}
        if unit.parent:
            entry["parent"] = unit.parent
        entry["name"] = _text(unit.name)
        if unit.aliases:
            entry["aliases"] = [{"language": alias.language, "name": alias.name} for alias in unit.aliases]
        units.append(entry)
    return units


def _nodes_data(document: Document) -> list[dict]:
    nodes = []
    for node in document.nodes:
        entry = {"code": node.code, "parent": node.parent, "title": _text(node.title)}
        if not node.body.is_empty():
            entry["body"] = _text(node.body)
        if not node.easy_read.is_empty():
            entry["easy_read"] = _text(node.easy_read)
        if node.contributes_to:
            entry["contributes_to"] = [
                {"node": f"{link.document}#{link.code}", **({"as_stated": _text(link.as_stated)} if not link.as_stated.is_empty() else {})}
                for link in node.contributes_to
            ]
        if node.goals:
            entry["goals"] = FlowList(node.goals)
        if node.responsibilities:
            entry["responsibilities"] = _responsibilities(node.responsibilities)
        if node.derived_from:
            entry["derived_from"] = node.derived_from
        if node.merged_from:
            entry["merged_from"] = FlowList(node.merged_from)
        nodes.append(entry)
    return nodes


def _document_data(document: Document) -> dict:
    document_data: dict = {
        "identifier": document.identifier,
        "kind": document.kind,
        "status": document.status,
        "title": _text(document.title),
        "valid_from": document.valid_from.isoformat(),
        "valid_to": document.valid_to.isoformat() if document.valid_to else None,
        "adopted_by": document.adopted_by,
        "adopted_on": document.adopted_on.isoformat() if document.adopted_on else None,
        "reference_number": document.reference_number,
        "owner": document.owner,
        "parent": document.parent,
    }
    if not document.description.is_empty():
        document_data["description"] = _text(document.description)
    if not document.easy_read.is_empty():
        document_data["easy_read"] = _text(document.easy_read)
    if document.revision_of:
        document_data["revision_of"] = document.revision_of
    if document.superseded_on:
        document_data["superseded_on"] = document.superseded_on.isoformat()
    if document.dropped:
        document_data["dropped"] = [{"code": item.code, "reason": item.reason} for item in document.dropped]
    document_data["levels"] = [{"name": _text(level.name), "plural": _text(level.plural)} for level in document.levels]
    document_data["responsibilities"] = _responsibilities(document.responsibilities)
    document_data["nodes"] = _nodes_data(document)
    return document_data


def plan_file_data(plan: PlanFile) -> dict:
    """The plan as plain data in the file's field order."""
    return {
        "format": FORMAT,
        "municipality": {"code": plan.municipality.code, "slug": plan.municipality.slug, "name": plan.municipality.name},
        "units": _units_data(plan),
        "document": _document_data(plan.document),
    }


def write_plan_file(plan: PlanFile) -> str:
    return dump_yaml(plan_file_data(plan), header=HEADER)
