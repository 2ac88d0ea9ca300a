"""The plan owner's page for people and roles in their municipality."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lika.accounts.forms import GiveRoleForm
from lika.organisations import actions
from lika.organisations.access import access_for
from lika.organisations.models import Membership, Municipality


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
