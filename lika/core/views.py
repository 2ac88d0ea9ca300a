from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from lika.organisations.access import access_for
from lika.organisations.models import Membership, Municipality


@login_required
def my_page(request):
    access = access_for(request.user)
    memberships = (
        Membership.objects.filter(user=request.user).select_related("municipality", "unit").order_by("role")
    )
    municipality = Municipality.objects.filter(pk=access.municipality_id).first()
    return render(
        request,
        "core/my_page.html",
        {
            "memberships": memberships,
            "municipality": municipality,
            "is_plan_owner": bool(municipality) and access.is_plan_owner(municipality),
        },
    )


def not_found(request, exception=None):
    return render(request, "core/not_found.html", {"title": _("Page not found")}, status=404)
