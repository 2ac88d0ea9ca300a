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


UNIT_FROM_VALUE = "*"


class RoleRuleForm(forms.Form):
    claim = forms.CharField(
        label=_("Claim or attribute"),
        max_length=100,
        help_text=_("As the identity provider sends it, for example groups or department."),
    )
    value = forms.CharField(
        label=_("Value"),
        max_length=200,
        help_text=_("For example a group id or a department's name; * means any value."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = forms.ChoiceField(
        label=_("Unit"),
        required=False,
        help_text=_("For reporters, coordinators and case officers."),
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = (
            [("", "—"), (UNIT_FROM_VALUE, _("The unit named by the value"))]
            + [(unit.key, unit.name) for unit in units]
        )


class TwoFactorRolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles that must use two-factor authentication"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
