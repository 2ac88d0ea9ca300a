from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lika.core.editing import VersionedFormMixin

ROWS = 6


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class UploadForm(forms.Form):
    """A year, up to ROWS files each with its unit, and any number of files named after their units."""

    year = forms.IntegerField(label=_("Year of the plans"), min_value=2000, max_value=2100)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.now().year
        choices = [("", _("Recognise from the file name"))] + [(str(u.pk), u.name) for u in units]
        self.units = {str(u.pk): u for u in units}
        for row in range(1, ROWS + 1):
            self.fields[f"file_{row}"] = forms.FileField(label=_("File %(number)s") % {"number": row}, required=False)
            self.fields[f"unit_{row}"] = forms.ChoiceField(label=_("Unit for file %(number)s") % {"number": row}, choices=choices, required=False)
        self.fields["more"] = MultipleFileField(
            label=_("More files"),
            required=False,
            help_text=_("You may choose several files at once; each file's name must contain its unit's name or key, e.g. kulturforvaltningen-2025.pdf."),
        )

    def clean(self):
        cleaned = super().clean()
        files = []
        for row in range(1, ROWS + 1):
            upload = cleaned.get(f"file_{row}")
            if upload:
                files.append((upload, self.units.get(cleaned.get(f"unit_{row}") or "")))
        for upload in cleaned.get("more") or []:
            files.append((upload, None))
        if not files and not self.errors:
            raise forms.ValidationError(_("Choose at least one file."))
        cleaned["files"] = files
        return cleaned


class VocabularyForm(VersionedFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Vocabulary (YAML)"),
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false", "class": "code"}),
        help_text=_("The format is described at the top of the file and in the documentation. Saving re-reads every stored plan."),
    )
