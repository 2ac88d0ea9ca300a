"""Central support pages: the coordinators' network (more pages in events_views and library_views)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from lika.organisations.access import access_for

from . import network


def member_municipality(request) -> int:
    """The signed-in member's municipality; 404 for anyone without one."""
    access = access_for(request.user)
    if access.municipality_id is None:
        raise Http404("no municipality")
    return access.municipality_id


@login_required
def index(request):
    member_municipality(request)
    title = _("Central support")
    return render(request, "support/index.html", {"title": title, "breadcrumbs": [(title, None)]})


@login_required
def coordinators(request):
    municipality_id = member_municipality(request)
    title = _("Coordinators' network")
    return render(
        request,
        "support/coordinators.html",
        {"people": network.coordinators_in(municipality_id), "title": title,
         "breadcrumbs": [(_("Central support"), reverse("support:index")), (title, None)]},
    )


@login_required
def coordinator(request, username):
    municipality_id = member_municipality(request)
    found = network.person(municipality_id, username)
    if found is None:
        raise Http404("no such coordinator")
    title = found.get_full_name() or found.username
    return render(
        request,
        "support/coordinator.html",
        {
            "person": found,
            "measures": network.coordinator_measures(found),
            "title": title,
            "breadcrumbs": [
                (_("Central support"), reverse("support:index")),
                (_("Coordinators' network"), reverse("support:coordinators")),
                (title, None),
            ],
        },
    )
