from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from lika.core.readability import KINDS, targets_for
from lika.core.readability import LEVELS as level_names
from lika.lib import readability
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


def accessibility(request):
    """The accessibility statement, after the supervisory authority's (Digg's) model."""
    return render(
        request,
        "core/accessibility.html",
        {
            "title": _("Accessibility statement"),
            "organisation": settings.LIKA_ACCESSIBILITY_ORGANISATION,
            "email": settings.LIKA_ACCESSIBILITY_EMAIL,
            "phone": settings.LIKA_ACCESSIBILITY_PHONE,
            "assessed_on": settings.LIKA_ACCESSIBILITY_ASSESSED_ON,
        },
    )


def readability_help(request):
    """What LIX is and how to write so that more people understand."""
    bounds = [0] + [upper for upper, _name in readability.LEVELS]
    rows = [(f"{low}–{high - 1}", level_names[name]) for low, (high, name) in zip(bounds, readability.LEVELS)]
    rows.append((f"{readability.LEVELS[-1][0]}–", level_names[readability.VERY_HARD]))
    access = access_for(request.user)  # the signed-in writer's municipality's targets, else the defaults
    targets = targets_for(access.municipality_id)
    return render(
        request,
        "core/readability.html",
        {
            "title": _("Readability (LIX)"),
            "rows": rows,
            "targets": [(label, targets[kind]) for kind, label in KINDS.items()],
            "may_set_targets": bool(access.municipality_id) and access.is_plan_owner(access.municipality_id),
        },
    )


# Fields never shown back: they are secrets or the form's own machinery.
_NOT_SHOWN = ("csrfmiddlewaretoken", "version", "password", "token", "code", "otp", "secret")


def _posted_text(request) -> list[tuple[str, str]]:
    """What the user wrote, field by field, for the page that says their save did not go through."""
    shown = []
    for name in request.POST:
        if any(word in name.lower() for word in _NOT_SHOWN):
            continue
        text = "\n".join(value for value in request.POST.getlist(name) if value.strip())
        if len(text) > 1 and not text.isdigit():
            shown.append((name.replace("_", " "), text[:20000]))
    return shown


def csrf_failure(request, reason=""):
    """A save whose session ran out, or whose form was older than a new sign-in: say so and give the text back."""
    return render(
        request,
        "core/csrf_failure.html",
        {"title": _("Your session has expired"), "posted": _posted_text(request), "back": request.path},
        status=403,
    )
