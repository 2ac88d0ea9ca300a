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

On that page the user chooses per field, without retyping: keep theirs (the
default) or take the stored text (a radio `choice__FIELD`), or one of the two
buttons `conflict_all=mine` / `conflict_all=stored` for every field at once.
`VersionedFormMixin.clean` puts the stored value (the form's initial value,
read from the record when the page is posted) in place of the user's for the
fields where they took the stored text.
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
    input_name: str = ""  # the form field's name, for the per-field choice (set by show_conflict)


CHOICE_PREFIX = "choice__"
CHOICE_ALL = "conflict_all"
MINE, STORED = "mine", "stored"


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
    """Adds the hidden `version` field: the version of the record the form was filled from.

    `version_field_map` maps a versioned value's name to the form field that edits it,
    where the two differ (e.g. "easy_read_sv" -> "sv").
    """

    version_field = "version"
    version_field_map: dict = {}

    def __init__(self, *args, version: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict: EditConflict | None = None
        self.fields[self.version_field] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=version, label=gettext_lazy("Version")
        )

    def submitted_version(self) -> str:
        """The version the user's form was read at; "" (stale) when missing."""
        return (self.cleaned_data.get(self.version_field) or "").strip()

    def form_field_for(self, name: str) -> str:
        return self.version_field_map.get(name, name)

    def fields_taken_stored(self) -> list[str]:
        """Form fields for which the user chose the stored text on a conflict page."""
        names = [name for name in self.fields if name != self.version_field]
        return taken_stored(self.data, names, key=self.add_prefix)

    def clean(self):
        data = super().clean()
        for name in self.fields_taken_stored():
            field = self.fields[name]
            try:
                data[name] = field.clean(field.prepare_value(self.get_initial_for_field(field, name)))
            except forms.ValidationError:
                continue
            self.errors.pop(name, None)
        return data


def taken_stored(data, names, *, key=lambda name: name) -> list[str]:
    """Of the fields `names`, those for which a conflict page's choices (posted `data`) take the stored text.

    `key` turns a field's name into the name it is posted under (a form's prefix)."""
    every = data.get(key(CHOICE_ALL), "")
    chosen = []
    for name in names:
        choice = data.get(key(CHOICE_PREFIX + name))
        if choice is not None and (every == STORED or (every != MINE and choice == STORED)):
            chosen.append(name)
    return chosen


def show_conflict(form: forms.BaseForm, conflict: EditConflict) -> None:
    """Prepare a bound form to be shown again after a conflict: the user's text, the stored version."""
    data = form.data.copy()
    data[form.add_prefix(getattr(form, "version_field", "version"))] = conflict.version
    for key in [key for key in data if CHOICE_PREFIX in key or key.endswith(CHOICE_ALL)]:
        del data[key]
    form.data = data
    field_for = getattr(form, "form_field_for", lambda name: name)
    for item in conflict.fields:
        item.input_name = form.add_prefix(CHOICE_PREFIX + field_for(item.name))
    form.conflict = conflict
    form.add_error(None, message(conflict))
