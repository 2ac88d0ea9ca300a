from django import forms
from django.utils.translation import gettext_lazy as _

from lika.core.editing import VersionedFormMixin
from lika.core.uploads import checked_attachment
from lika.plans.models import Node
from lika.reference.models import Perspective

from .models import LearningEvent, Material

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EventForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = LearningEvent
        fields = ["title", "date", "kind", "organiser", "description", "measures", "perspectives"]
        widgets = {
            "date": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "measures": forms.CheckboxSelectMultiple,
            "perspectives": forms.CheckboxSelectMultiple,
        }
        help_texts = {"organiser": _("The unit or person who arranged it.")}

    def __init__(self, *args, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measures"].queryset = Node.objects.filter(pk__in=[n.pk for n in measures]).order_by("document_id", "position")
        self.fields["measures"].label_from_instance = lambda node: f"{node.code} {node.title}"
        self.fields["measures"].label = _("Plan items it served")  # the items of all the municipality's plans, whatever each calls them
        self.fields["perspectives"].queryset = Perspective.objects.order_by("position")

    def event_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("title", "date", "kind", "organiser", "description")}


class AttendanceForm(VersionedFormMixin, forms.Form):
    """Per unit: how many registered and how many attended."""

    def __init__(self, *args, units, initial_rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = list(units)
        for unit in self.units:
            registered, attended = initial_rows.get(str(unit.pk), [0, 0])
            self.fields[f"registered_{unit.pk}"] = forms.IntegerField(
                label=_("Registered from %(unit)s") % {"unit": unit.name}, min_value=0, max_value=10_000, initial=registered, required=False
            )
            self.fields[f"attended_{unit.pk}"] = forms.IntegerField(
                label=_("Attended from %(unit)s") % {"unit": unit.name}, min_value=0, max_value=10_000, initial=attended, required=False
            )

    def rows(self):
        """[(unit, registered field, attended field)] for the template."""
        return [(unit, self[f"registered_{unit.pk}"], self[f"attended_{unit.pk}"]) for unit in self.units]

    def counts(self) -> dict:
        return {
            unit: (self.cleaned_data.get(f"registered_{unit.pk}") or 0, self.cleaned_data.get(f"attended_{unit.pk}") or 0)
            for unit in self.units
        }


class EvaluationForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How useful was it for your work? (1 = not at all, 5 = very)"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("What would you like to say about it?"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MaterialForm(VersionedFormMixin, forms.ModelForm):
    url = forms.URLField(
        label=_("web address"), required=False, max_length=500, assume_scheme="https",
        help_text=_("For material of the kind 'Link'."),
    )
    upload = forms.FileField(
        label=_("File"), required=False, help_text=_("PDF, Word (DOCX), PNG or JPEG. For material of the kind 'File'.")
    )

    class Meta:
        model = Material
        fields = ["title", "kind", "upload", "url", "text", "measures", "perspectives", "themes", "review_by", "visibility"]
        widgets = {
            "review_by": DATE,
            "text": forms.Textarea(attrs={"rows": 4}),
            "measures": forms.CheckboxSelectMultiple,
            "perspectives": forms.CheckboxSelectMultiple,
            "visibility": forms.RadioSelect,
        }
        help_texts = {
            "text": _("For material of the kind 'Short text'."),
            "review_by": _("When the material should be looked over; it is flagged once the date has passed."),
        }

    def __init__(self, *args, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measures"].queryset = Node.objects.filter(pk__in=[n.pk for n in measures]).order_by("document_id", "position")
        self.fields["measures"].label_from_instance = lambda node: f"{node.code} {node.title}"
        self.fields["measures"].label = _("Plan items")  # the items of all the municipality's plans, whatever each calls them
        self.fields["perspectives"].queryset = Perspective.objects.order_by("position")

    def clean_upload(self):
        """The same checks as an example's attachment: size, and the type read from the content."""
        return checked_attachment(self.cleaned_data.get("upload"))

    def material_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("title", "kind", "text", "url", "themes", "review_by", "visibility")}
