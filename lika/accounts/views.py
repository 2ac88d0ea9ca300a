"""The plan owner's page for people and roles in their municipality."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lika.accounts import actions as sign_in_actions
from lika.accounts.invitations import send_invitation
from lika.accounts.forms import (
    UNIT_FROM_VALUE,
    GiveRoleForm,
    RoleRuleForm,
    TwoFactorRolesForm,
)
from lika.accounts.models import RoleRule, TwoFactorPolicy
from lika.organisations import actions
from lika.organisations.access import access_for
from lika.organisations.models import ROLES_WITH_UNIT, Membership, Municipality, Role


def _municipality_managed_by(user) -> Municipality:
    access = access_for(user)
    municipality = Municipality.objects.filter(pk=access.municipality_id).first()
    if municipality is None or not (
        access.is_superuser or access.is_plan_owner(municipality)
    ):
        raise PermissionDenied
    return municipality


@login_required
def people(request):
    municipality = _municipality_managed_by(request.user)
    units = list(municipality.units.filter(is_active=True).order_by("name_sv"))
    form = GiveRoleForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        is_new = not get_user_model().objects.filter(username__iexact=data["username"].strip()).exists()
        try:
            membership = actions.give_role(
                request.user,
                municipality,
                data["username"],
                data["role"],
                data["unit"] or None,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except actions.ActionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("%(person)s is now %(role)s.")
                % {"person": membership.user.username, "role": membership},
            )
            if is_new:
                send_invitation(membership.user, municipality, request.user)
                messages.success(request, _("An invitation was sent to %(email)s.") % {"email": membership.user.email})
            return redirect("accounts:people")
    memberships = (
        Membership.objects.filter(municipality=municipality)
        .select_related("user", "unit")
        .order_by("role", "unit__name_sv", "user__username")
    )
    context = {"municipality": municipality, "memberships": memberships, "form": form}
    return render(
        request, "accounts/people.html", context, status=400 if form.errors else 200
    )


@login_required
@require_POST
def remove_membership(request, pk: int):
    municipality = _municipality_managed_by(request.user)
    membership = get_object_or_404(Membership, pk=pk, municipality=municipality)
    try:
        actions.remove_role(request.user, membership)
    except actions.ActionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Removed: %(membership)s.") % {"membership": membership}
        )
    return redirect("accounts:people")


@login_required
@require_POST
def invite(request, pk: int):
    """Send the invitation again (it was lost, or its link ran out)."""
    municipality = _municipality_managed_by(request.user)
    person = get_object_or_404(get_user_model(), pk=pk, memberships__municipality=municipality, is_active=True)
    try:
        send_invitation(person, municipality, request.user)
    except actions.ActionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("An invitation was sent to %(email)s.") % {"email": person.email})
    return redirect("accounts:people")


@login_required
def role_rules(request):
    """Rules that give people from the identity provider their role on first sign-in."""
    municipality = _municipality_managed_by(request.user)
    units = list(municipality.units.filter(is_active=True).order_by("name_sv"))
    form = RoleRuleForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        from_value = data["unit"] == UNIT_FROM_VALUE
        try:
            rule = sign_in_actions.add_rule(
                request.user,
                municipality,
                claim=data["claim"],
                value=data["value"],
                role=data["role"],
                unit_key="" if from_value else data["unit"],
                unit_from_value=from_value,
            )
        except actions.ActionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Rule added: %(rule)s.") % {"rule": rule})
            return redirect("accounts:role-rules")
    rules = list(RoleRule.objects.filter(municipality=municipality).select_related("unit"))
    for rule in rules:
        rule.unit_gone = (
            rule.role in ROLES_WITH_UNIT and not rule.unit_from_value and not (rule.unit and rule.unit.is_active)
        )
    context = {
        "municipality": municipality,
        "rules": rules,
        "problems": [rule for rule in rules if rule.unit_gone or rule.missed_at],
        "form": form,
    }
    return render(request, "accounts/role_rules.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def remove_role_rule(request, pk: int):
    municipality = _municipality_managed_by(request.user)
    rule = get_object_or_404(RoleRule, pk=pk, municipality=municipality)
    sign_in_actions.remove_rule(request.user, rule)
    messages.success(request, _("Rule removed: %(rule)s.") % {"rule": rule})
    return redirect("accounts:role-rules")


@login_required
def two_factor_policy(request):
    """The plan owner chooses which roles must use two-factor authentication."""
    municipality = _municipality_managed_by(request.user)
    installation = [role for role in settings.LIKA_MFA_REQUIRED_ROLES if role in Role.values]
    chosen = TwoFactorPolicy.objects.filter(municipality=municipality).values_list("roles", flat=True).first() or []
    form = TwoFactorRolesForm(request.POST if request.method == "POST" else None, initial={"roles": chosen})
    if request.method == "POST" and form.is_valid():
        sign_in_actions.set_two_factor_roles(request.user, municipality, form.cleaned_data["roles"])
        messages.success(request, _("Saved: the roles that must use two-factor authentication."))
        return redirect("accounts:two-factor-policy")
    context = {
        "municipality": municipality,
        "form": form,
        "installation_roles": [Role(role).label for role in installation],
        "superusers_required": "superuser" in settings.LIKA_MFA_REQUIRED_ROLES,
    }
    return render(request, "accounts/two_factor_policy.html", context, status=400 if form.errors else 200)
