from django import forms
from django.utils.translation import gettext_lazy as _

from lika.organisations.models import Role


class GiveRoleForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = forms.ChoiceField(
        label=_("Unit"),
        required=False,
        help_text=_("For reporters, coordinators and case officers."),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_("Only for a person new to Lika."),
    )
    first_name = forms.CharField(label=_("First name"), required=False, max_length=150)
    last_name = forms.CharField(label=_("Last name"), required=False, max_length=150)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "—")] + [
            (unit.key, unit.name) for unit in units
        ]
