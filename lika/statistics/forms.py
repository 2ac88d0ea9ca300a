from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .importers import FORMATS


class _FileField(forms.FileField):
    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload.size > settings.LIKA_MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": settings.LIKA_MAX_IMPORT_BYTES // (1024 * 1024)})
        return upload


class IndicatorImportForm(forms.Form):
    file = _FileField(label=_("File"), help_text=_("Open SDG CSV or XLSX, a Kolada download (JSON or CSV) or an SCB PxWeb response (JSON-stat 2.0 or json)."))
    file_format = forms.ChoiceField(label=_("Format"), choices=[("", _("Recognise from the content"))] + list(FORMATS.items()), required=False)
    name = forms.CharField(label=_("Name (Swedish)"), max_length=300, required=False, help_text=_("Empty: the name the file gives."))
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
    municipalities = forms.CharField(
        label=_("Kolada: municipality codes"),
        required=False,
        help_text=_("Separated by commas, for example 1283 or 1283,0000 to compare with Sweden. Empty: all in the file."),
    )


class MicrodataUploadForm(forms.Form):
    file = _FileField(label=_("Microdata file"), help_text=_("CSV, XLSX or Parquet, one row per person or response, headings in the first row."))
    name = forms.CharField(label=_("Name"), max_length=200, required=False)


class CrosstabForm(forms.Form):
    by = forms.MultipleChoiceField(label=_("Break down by"), widget=forms.CheckboxSelectMultiple)
    value = forms.ChoiceField(label=_("Value"), help_text=_("0/1 gives a share; other numbers a mean."))
    weight = forms.ChoiceField(label=_("Weight"), required=False)

    def __init__(self, *args, columns, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(c, c) for c in columns]
        self.fields["by"].choices = choices
        self.fields["value"].choices = choices
        self.fields["weight"].choices = [("", _("No weight"))] + choices

    def clean(self):
        data = super().clean()
        by, value, weight = data.get("by") or [], data.get("value"), data.get("weight")
        if value and value in by:
            raise forms.ValidationError(_("The value cannot also be a breakdown."))
        if weight and (weight in by or weight == value):
            raise forms.ValidationError(_("The weight cannot also be the value or a breakdown."))
        if len(by) > 3:
            raise forms.ValidationError(_("Choose at most three breakdowns."))
        return data


class RepresentativenessForm(forms.Form):
    participants = _FileField(label=_("Participants"), help_text=_("One row per participant, or one row per group with a column count."))
    population = _FileField(label=_("Population"), help_text=_("One row per group with a column count (count, n, antal or population)."))
    by = forms.CharField(label=_("Group column"), max_length=100, help_text=_("The column both files have, for example age_band."))
