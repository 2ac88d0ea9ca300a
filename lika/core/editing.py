"""Conflicting edits, the Django side (the engine is lika.lib.versions).

An action that changes an existing record locks the row, reads its stored
values and calls `check_version` with the version the user's form was read
at and the values the user submitted. It gets back the values to write (the
user's, merged with other people's changes to other fields) or an
`EditConflict` is raised, and nothing is written.

Forms carry the version in a hidden field (`VersionedFormMixin`); a view that
catches `EditConflict` calls `show_conflict(form, conflict)` and renders the
form again: the user's text is kept in the fields, the stored text is shown
beside it (template `core/_conflict.html`), and the form now carries the
stored version, so saving again keeps what the user chose.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lika.lib import versions

version_of = versions.version_of


@dataclass
class ConflictField:
    name: str
    label: str
    mine: str
    theirs: str


@dataclass(eq=False)
class EditConflict(Exception):
    """Someone else changed the same fields since the user opened the form."""

    fields: list[ConflictField]
    version: str
    changed_by: str = ""
    changed_at: datetime | None = None
    merged: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return message(self)


def message(conflict: EditConflict) -> str:
    names = ", ".join(f.label for f in conflict.fields)
    if conflict.changed_by:
        return _(
            "%(who)s saved a change while you were writing, in: %(fields)s. Nothing of yours was saved yet: "
            "your text is kept in the form, and the stored text is shown beside it. Keep yours, take the stored "
            "text or combine them, and save again."
        ) % {"who": conflict.changed_by, "fields": names}
    return _(
        "Someone saved a change while you were writing, in: %(fields)s. Nothing of yours was saved yet: "
        "your text is kept in the form, and the stored text is shown beside it. Keep yours, take the stored "
        "text or combine them, and save again."
    ) % {"fields": names}


def display(value) -> str:
    """A stored or submitted value as the user reads it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(sorted(display(item) for item in value))
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def check_version(
    version: str | None,
    *,
    stored: Mapping[str, object],
    submitted: Mapping[str, object],
    labels: Mapping[str, str] | None = None,
    changed_by: str = "",
    changed_at: datetime | None = None,
) -> dict:
    """The values to write, or EditConflict. `version=None` means the caller read no form (an import)."""
    if version is None:
        return dict(submitted)
    outcome = versions.check(version, stored=stored, submitted=submitted)
    if outcome.ok:
        return outcome.merged
    labels = labels or {}
    fields = [
        ConflictField(name, str(labels.get(name, name)), display(submitted[name]), display(stored[name]))
        for name in outcome.conflicts
    ]
    raise EditConflict(
        fields=fields,
        version=versions.version_of(stored),
        changed_by=changed_by,
        changed_at=changed_at,
        merged=outcome.merged,
    )


class VersionedFormMixin:
    """Adds the hidden `version` field: the version of the record the form was filled from."""

    version_field = "version"

    def __init__(self, *args, version: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict: EditConflict | None = None
        self.fields[self.version_field] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=version, label=gettext_lazy("Version")
        )

    def submitted_version(self) -> str:
        """The version the user's form was read at; "" (stale) when missing."""
        return (self.cleaned_data.get(self.version_field) or "").strip()


def show_conflict(form: forms.BaseForm, conflict: EditConflict) -> None:
    """Prepare a bound form to be shown again after a conflict: the user's text, the stored version."""
    data = form.data.copy()
    data[form.add_prefix(getattr(form, "version_field", "version"))] = conflict.version
    form.data = data
    form.conflict = conflict
    form.add_error(None, message(conflict))
