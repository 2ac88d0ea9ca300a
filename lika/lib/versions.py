"""Versions of a record for detecting conflicting edits, without Django.

A record's version is made from its stored values, field by field: a short
hash of each field's value, in the order of the field names. A form carries
the version it was read at; when it is saved, `check` compares three things
per field: the value the user read (its hash in the version), the value
stored now and the value the user submitted.

- Nobody else changed the record: the save goes through (`Outcome.fresh`).
- Someone else changed other fields than the user did: the two merge, each
  keeping their own changes (`Outcome.merged` holds the values to write).
- Both changed the same field to different values: a conflict, and
  `Outcome.conflicts` names those fields; nothing is written.

A missing, tampered or unreadable version counts as stale in every field, so
any difference from the stored values is a conflict.

Values are compared as text: None and "" are the same, lists and sets are
compared as sorted text, dates by their ISO form.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

HASH_LENGTH = 10
SEPARATOR = "."
PREFIX = "v1"


def canonical(value) -> str:
    """The text a value is compared by: None is "", collections are sorted, dates ISO."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set, frozenset)):
        return json.dumps(sorted(canonical(item) for item in value), ensure_ascii=False)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return value.replace("\r\n", "\n")
    return str(value)


def field_hash(value) -> str:
    return hashlib.sha256(canonical(value).encode("utf-8")).hexdigest()[:HASH_LENGTH]


def version_of(values: Mapping[str, object]) -> str:
    """The version of a record whose stored values are `values` (field name -> value)."""
    return SEPARATOR.join([PREFIX, *(field_hash(values[name]) for name in sorted(values))])


def read_version(token: str | None, names: Iterable[str]) -> dict[str, str] | None:
    """Field name -> hash as read, or None if the token is missing or not a version of these fields."""
    names = sorted(names)
    parts = (token or "").strip().split(SEPARATOR)
    if len(parts) != len(names) + 1 or parts[0] != PREFIX:
        return None
    hashes = parts[1:]
    if any(len(h) != HASH_LENGTH or any(c not in "0123456789abcdef" for c in h) for h in hashes):
        return None
    return dict(zip(names, hashes, strict=True))


@dataclass
class Outcome:
    """What `check` found. `merged` is what to write when there is no conflict."""

    fresh: bool
    merged: dict
    conflicts: list[str] = field(default_factory=list)
    changed_by_others: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.conflicts


def check(token: str | None, *, stored: Mapping[str, object], submitted: Mapping[str, object]) -> Outcome:
    """Compare a save made from the version `token` with what is stored now.

    `stored` holds every versioned field's stored value; `submitted` the fields
    the user's form sends (a subset of `stored`). Never modifies its arguments.
    """
    unknown = set(submitted) - set(stored)
    if unknown:
        raise ValueError(f"not versioned fields: {', '.join(sorted(unknown))}")
    read = read_version(token, stored.keys())
    if read is not None and version_of(stored) == token.strip():
        return Outcome(fresh=True, merged=dict(submitted))
    merged, conflicts, theirs = {}, [], []
    for name, mine in submitted.items():
        now = field_hash(stored[name])
        base = read.get(name) if read else None
        if base == now:  # nobody else changed it
            merged[name] = mine
            continue
        theirs.append(name)
        if field_hash(mine) == now:  # both ended with the same value
            merged[name] = mine
        elif base is not None and field_hash(mine) == base:  # only they changed it: keep theirs
            merged[name] = stored[name]
        else:
            conflicts.append(name)
    # Fields the form does not send but someone changed are simply kept as stored.
    theirs += [n for n in stored if n not in submitted and (read is None or read[n] != field_hash(stored[n]))]
    return Outcome(fresh=False, merged=merged, conflicts=conflicts, changed_by_others=theirs)
