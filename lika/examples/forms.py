from django import forms
from django.utils.translation import gettext_lazy as _

from lika.followup.models import FollowUpRound
from lika.organisations.models import OrganisationUnit
from lika.reference.models import Perspective


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search words"), required=False)  # a longer query is cut (terms.MAX_QUERY), not refused
    round = forms.ModelChoiceField(label=_("Follow-up round"), queryset=FollowUpRound.objects.none(), required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrganisationUnit.objects.none(), required=False)
    perspective = forms.ModelChoiceField(label=_("Perspective"), queryset=Perspective.objects.all(), required=False)
    has_effects = forms.BooleanField(label=_("Only examples that describe effects"), required=False)
    has_learning = forms.BooleanField(label=_("Only examples that describe learning"), required=False)

    def __init__(self, *args, municipality, public: bool, **kwargs):
        super().__init__(*args, **kwargs)
        rounds = FollowUpRound.objects.filter(document__municipality=municipality).order_by("-period_end")
        self.fields["round"].queryset = rounds.filter(state="published") if public else rounds
        self.fields["unit"].queryset = OrganisationUnit.objects.filter(municipality=municipality, is_active=True).order_by("name_sv")
