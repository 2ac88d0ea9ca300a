from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lika.core.editing import VersionedFormMixin
from lika.organisations.models import OrganisationUnit
from lika.plans.models import DocumentKind, Node


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MatterForm(VersionedFormMixin, forms.Form):
    template = forms.ChoiceField(label=_("Kind of assessment"))
    title = forms.CharField(label=_("Matter"), max_length=300, help_text=_("The decision's title, as in the case system."))
    case_number = forms.CharField(label=_("Case number"), max_length=50)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrganisationUnit.objects.none())
    decision_body = forms.CharField(label=_("Decided by"), max_length=200, help_text=_("For example the city planning committee."))
    decision_date = forms.DateField(label=_("Date of decision"), widget=DateInput(), help_text=_("Planned or actual, as YYYY-MM-DD."))
    language = forms.ChoiceField(label=_("Language of the answers"), choices=settings.LANGUAGES, initial="sv")
    measure = forms.ModelChoiceField(
        label=_("Plan measure it serves"),
        queryset=Node.objects.none(),
        required=False,
        help_text=_("The assessment is counted in this measure's follow-up."),
    )

    def __init__(self, *args, municipality, units, templates, example="", with_template=True, **kwargs):
        super().__init__(*args, **kwargs)
        unit_queryset = OrganisationUnit.objects.filter(municipality=municipality, is_active=True)
        if units is not None:
            unit_queryset = unit_queryset.filter(pk__in=units)
        self.fields["unit"].queryset = unit_queryset
        if unit_queryset.count() == 1:
            self.fields["unit"].initial = unit_queryset.first().pk
        self.fields["measure"].queryset = (
            Node.objects.filter(document__municipality=municipality, document__kind=DocumentKind.PLAN, children__isnull=True)
            .select_related("document")
            .order_by("document__title_sv", "position")
        )
        self.fields["measure"].label_from_instance = lambda node: f"{node.document.title} – {node.code} {node.title}"[:160]
        if with_template:
            self.fields["template"].choices = templates
        else:
            del self.fields["template"]
        if example:
            self.fields["case_number"].help_text = _("Written like %(example)s.") % {"example": example}


class NotRelevantForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the assessment not relevant for this matter?"),
        widget=forms.Textarea,
        help_text=_("Required. The reason is part of the consequence section."),
    )


class TemplateForm(VersionedFormMixin, forms.Form):
    source = forms.CharField(label=_("Template file (YAML)"), widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false"}), required=False)
    file = forms.FileField(label=_("Or upload a template file"), required=False)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > 1024 * 1024:
                raise forms.ValidationError(_("A template file is at most 1 MB."))
            try:
                data["source"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("The file is not UTF-8 text.")) from None
        if not (data.get("source") or "").strip():
            raise forms.ValidationError(_("Give the template's text or upload a file."))
        return data
