"""Forms of the revision pages: start a revision, change, drop or add a node, adopt."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lika.core.editing import VersionedFormMixin
from lika.organisations.models import OrganisationUnit
from lika.plans.models import DocumentKind, SteeringDocument

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RevisionForm(forms.Form):
    identifier = forms.SlugField(
        label=_("Identifier of the new version"),
        max_length=100,
        help_text=_("Lower-case letters a–z, digits and hyphens; used in the page addresses."),
    )
    title_sv = forms.CharField(label=_("Title (Swedish)"), max_length=300)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    valid_to = forms.DateField(label=_("Valid to"), widget=DATE, required=False)
    parent = forms.ModelChoiceField(
        label=_("Builds on (programme)"), queryset=SteeringDocument.objects.none(), required=False
    )

    def __init__(self, *args, document, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = SteeringDocument.objects.filter(
            municipality_id=document.municipality_id, kind=DocumentKind.PROGRAMME
        ).order_by("-valid_from")

    def clean(self):
        data = super().clean()
        if data.get("valid_from") and data.get("valid_to") and data["valid_to"] < data["valid_from"]:
            self.add_error("valid_to", _("The end of the validity period is before its start."))
        return data


class NodeForm(VersionedFormMixin, forms.Form):
    version_field_map = {"implements": "implementers"}
    # Public texts: their LIX is shown under them.
    readability_fields = ("title_sv", "title_en", "body_sv", "body_en")
    readability_kind = "plan_text"

    title_sv = forms.CharField(label=_("Title (Swedish)"), widget=forms.Textarea(attrs={"rows": 2}))
    title_en = forms.CharField(label=_("Title (English)"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    body_sv = forms.CharField(label=_("Text (Swedish)"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    body_en = forms.CharField(label=_("Text (English)"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    implementers = forms.ModelMultipleChoiceField(
        label=_("Units that implement it"),
        queryset=OrganisationUnit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Rules such as 'all departments' and responsibilities on the whole plan stay as they are."),
    )

    def __init__(self, *args, municipality_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["implementers"].queryset = OrganisationUnit.objects.filter(
            municipality_id=municipality_id, is_active=True
        ).order_by("name_sv")


class NewNodeForm(NodeForm):
    code = forms.CharField(label=_("Code"), max_length=50, help_text=_("For example the next free number."))
    parent = forms.ChoiceField(label=_("Place it under"), required=False)
    field_order = ("parent", "code", "title_sv", "title_en", "body_sv", "body_en", "implementers")

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", _("the top level"))] + [(node.code, f"{node.code} {node.title}") for node in parents]


class DropForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it dropped?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The reason goes with the plan to the decision and shows in the comparison of versions."),
    )


class AdoptForm(forms.Form):
    adopted_by = forms.CharField(label=_("Adopted by"), max_length=200, help_text=_("For example Kommunfullmäktige."))
    adopted_on = forms.DateField(label=_("Adopted on"), widget=DATE)
    reference_number = forms.CharField(label=_("Case number"), max_length=100, required=False)


class EasyReadForm(VersionedFormMixin, forms.Form):
    """The easy-to-read summary of a plan, per language."""

    version_field_map = {"easy_read_sv": "sv", "easy_read_en": "en"}
    readability_fields = ("sv", "en")
    readability_kind = "easy_read"

    sv = forms.CharField(
        label=_("Easy-to-read summary (Swedish)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "lang": "sv"}),
        help_text=_(
            "Short sentences, common words, one idea in each sentence. Say who does what. "
            "Separate paragraphs with a blank line. Aim for a LIX below 30."
        ),
    )
    en = forms.CharField(
        label=_("Easy-to-read summary (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "lang": "en"}),
    )
