"""What changed between two versions of a plan, without Django.

Each version is a list of `Item`s in document order. A node of the new version
is matched to the node of the old version it came from (`derived_from`, the
lineage a revision records, several nodes when measures were merged, and two new
nodes name the same old one when a measure was split); when the new version carries no lineage at all,
nodes are matched by code instead. The result lists the nodes added, removed
(with the reason the revision gave), changed (field by field, texts also word
by word), moved (under another parent), merged and split, and the
responsibilities each unit gained and lost.
"""

import difflib
import re
from dataclasses import dataclass, field

FIELDS = ("code", "title_sv", "title_en", "body_sv", "body_en", "implements", "coordinates", "links")
TEXT_FIELDS = ("title_sv", "title_en", "body_sv", "body_en")
ROLE_FIELDS = ("implements", "coordinates")


@dataclass(frozen=True)
class Item:
    key: str  # unique within its version (for stored plans: the node's id)
    code: str
    parent: str | None = None  # the parent's key
    title_sv: str = ""
    title_en: str = ""
    body_sv: str = ""
    body_en: str = ""
    implements: frozenset[str] = frozenset()  # unit names
    coordinates: frozenset[str] = frozenset()
    links: frozenset[str] = frozenset()  # "document code" of the nodes it contributes to
    derived_from: str | None = None  # the key of the node in the old version
    also_from: tuple[str, ...] = ()  # further old keys merged into this node
    dropped_reason: str = ""  # for old nodes a revision left out


@dataclass(frozen=True)
class Change:
    field: str
    old: object
    new: object

    def words(self) -> list[tuple[str, str]]:
        """The text change word by word: ("same" | "removed" | "added", words)."""
        return word_diff(str(self.old), str(self.new))


@dataclass
class Changed:
    old: Item
    new: Item
    changes: list[Change]


@dataclass
class Moved:
    old: Item
    new: Item
    old_parent: str | None  # codes
    new_parent: str | None


@dataclass
class Merged:
    new: Item
    olds: list[Item]  # the old nodes it continues, the first (derived_from) first


@dataclass
class Split:
    old: Item
    news: list[Item]  # the new nodes that all continue it, in document order


@dataclass
class PlanDiff:
    added: list[Item] = field(default_factory=list)
    removed: list[Item] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)
    moved: list[Moved] = field(default_factory=list)
    merged: list[Merged] = field(default_factory=list)
    split: list[Split] = field(default_factory=list)
    gained: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # unit -> [(role, code)]
    lost: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.moved or self.merged or self.split)


class DiffInputError(ValueError):
    """The versions contradict themselves; the message names the problem."""


def _index(items: list[Item], which: str) -> dict[str, Item]:
    by_key: dict[str, Item] = {}
    for item in items:
        if item.key in by_key:
            raise DiffInputError(f"{which} version: the key {item.key!r} appears twice")
        by_key[item.key] = item
    return by_key


def sources(old: list[Item], new: list[Item]) -> dict[str, list[str]]:
    """New key -> the old keys it continues (first the one it is compared with). Lineage when the new
    version records any, else the same code."""
    old_by_key = _index(old, "old")
    _index(new, "new")
    if any(item.derived_from or item.also_from for item in new):
        found = {}
        for item in new:
            keys = [key for key in dict.fromkeys((item.derived_from, *item.also_from)) if key in old_by_key]
            if keys:
                found[item.key] = keys
        return found
    old_by_code = {item.code: item.key for item in old}
    return {item.key: [old_by_code[item.code]] for item in new if item.code in old_by_code}


def match(old: list[Item], new: list[Item]) -> dict[str, str]:
    """New key -> the old key it is compared with, for the nodes that continue an old one."""
    return {key: keys[0] for key, keys in sources(old, new).items()}


def diff(old: list[Item], new: list[Item]) -> PlanDiff:
    lineage = sources(old, new)
    pairs = {key: keys[0] for key, keys in lineage.items()}
    old_by_key = {item.key: item for item in old}
    new_by_key = {item.key: item for item in new}
    matched_old = {key for keys in lineage.values() for key in keys}
    result = PlanDiff(
        added=[item for item in new if item.key not in pairs],
        removed=[item for item in old if item.key not in matched_old],
    )
    for item in new:
        if item.key not in pairs:
            continue
        before = old_by_key[pairs[item.key]]
        changes = [
            Change(name, getattr(before, name), getattr(item, name))
            for name in FIELDS
            if getattr(before, name) != getattr(item, name)
        ]
        if changes:
            result.changed.append(Changed(before, item, changes))
        if pairs.get(item.parent) != before.parent and not (item.parent is None and before.parent is None):
            old_parent = old_by_key[before.parent].code if before.parent else None
            new_parent = new_by_key[item.parent].code if item.parent else None
            result.moved.append(Moved(before, item, old_parent, new_parent))
    _merges_and_splits(result, lineage, old_by_key, new)
    _responsibilities(result, old, new, lineage)
    return result


def _merges_and_splits(result: PlanDiff, lineage: dict[str, list[str]], old_by_key: dict[str, Item], new: list[Item]) -> None:
    successors: dict[str, list[Item]] = {}
    for item in new:
        keys = lineage.get(item.key, [])
        if len(keys) > 1:
            result.merged.append(Merged(item, [old_by_key[key] for key in keys]))
        for key in keys:
            successors.setdefault(key, []).append(item)
    for key, items in successors.items():
        if len(items) > 1:
            result.split.append(Split(old_by_key[key], items))


def _roles(items: list[Item], names: dict[str, list[str]]) -> set[tuple[str, str, str]]:
    return {
        (unit, role, name)
        for item in items
        for role in ROLE_FIELDS
        for unit in getattr(item, role)
        for name in names[item.key]
    }


def _responsibilities(result: PlanDiff, old: list[Item], new: list[Item], lineage: dict[str, list[str]]) -> None:
    """Who gained and lost which role on which node; a continuing node is named by its new code(s):
    a unit that implemented a measure split in two implements both parts unless it lost one, and
    the units of merged measures all carry on in the merged one."""
    new_codes_of_old: dict[str, list[str]] = {}
    for item in new:
        for old_key in lineage.get(item.key, []):
            new_codes_of_old.setdefault(old_key, []).append(item.code)
    before = _roles(old, {item.key: new_codes_of_old.get(item.key, [item.code]) for item in old})
    after = _roles(new, {item.key: [item.code] for item in new})
    for unit, role, code in sorted(after - before):
        result.gained.setdefault(unit, []).append((role, code))
    for unit, role, code in sorted(before - after):
        result.lost.setdefault(unit, []).append((role, code))


WORD = re.compile(r"\S+|\s+")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """("same" | "removed" | "added", text) runs that turn `old` into `new`, word by word."""
    a, b = WORD.findall(old), WORD.findall(new)
    runs: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("removed", "".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("added", "".join(b[j1:j2])))
    return runs


def _short(value: object, limit: int = 70) -> str:
    if isinstance(value, frozenset):
        return ", ".join(sorted(value)) or "–"
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def as_text(result: PlanDiff, old_name: str, new_name: str) -> str:
    """The diff as plain text lines, for the command line."""
    lines = [f"--- {old_name}", f"+++ {new_name}"]
    for item in result.added:
        lines.append(f"added    {item.code} {_short(item.title_sv)}")
    for item in result.removed:
        reason = f" (reason: {_short(item.dropped_reason)})" if item.dropped_reason else ""
        lines.append(f"removed  {item.code} {_short(item.title_sv)}{reason}")
    for entry in result.changed:
        lines.append(f"changed  {entry.new.code} {_short(entry.new.title_sv)}")
        for change in entry.changes:
            lines.append(f"           {change.field}: {_short(change.old)} → {_short(change.new)}")
    for entry in result.moved:
        lines.append(f"moved    {entry.new.code}: under {entry.old_parent or '–'} → under {entry.new_parent or '–'}")
    for merged in result.merged:
        lines.append(f"merged   {', '.join(item.code for item in merged.olds)} → {merged.new.code} {_short(merged.new.title_sv)}")
    for split in result.split:
        lines.append(f"split    {split.old.code} → {', '.join(item.code for item in split.news)}")
    for label, per_unit in (("gains", result.gained), ("loses", result.lost)):
        for unit, roles in per_unit.items():
            lines.append(f"{unit} {label}: " + ", ".join(f"{role} {code}" for role, code in roles))
    if result.is_empty:
        lines.append("no differences in the nodes")
    return "\n".join(lines) + "\n"


def as_data(result: PlanDiff) -> dict:
    """The diff as JSON-ready data."""

    def item(i: Item) -> dict:
        return {"code": i.code, "title_sv": i.title_sv, **({"reason": i.dropped_reason} if i.dropped_reason else {})}

    def value(v):
        return sorted(v) if isinstance(v, frozenset) else v

    return {
        "added": [item(i) for i in result.added],
        "removed": [item(i) for i in result.removed],
        "changed": [
            {"code": c.new.code, "was": c.old.code, "fields": {ch.field: [value(ch.old), value(ch.new)] for ch in c.changes}}
            for c in result.changed
        ],
        "moved": [{"code": m.new.code, "from": m.old_parent, "to": m.new_parent} for m in result.moved],
        "merged": [{"code": m.new.code, "from": [item.code for item in m.olds]} for m in result.merged],
        "split": [{"code": s.old.code, "into": [item.code for item in s.news]} for s in result.split],
        "gained": {unit: [list(pair) for pair in pairs] for unit, pairs in result.gained.items()},
        "lost": {unit: [list(pair) for pair in pairs] for unit, pairs in result.lost.items()},
    }
