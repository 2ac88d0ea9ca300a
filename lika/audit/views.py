"""The audit log page: the plan owner reads their municipality's log, filtered and a page at a time."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from lika.organisations.access import access_for

from .models import Kind
from .queries import Filters, entries, who

PAGE_SIZE = 50


def _day(value: str, errors: list[str], label: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append(_("%(field)s: write the date as YYYY-MM-DD, for example 2026-01-31.") % {"field": label})
        return None


def _filters(request, municipality_id) -> tuple[Filters, list[str]]:
    errors: list[str] = []
    get = request.GET
    kind = get.get("kind", "")
    filters = Filters(
        person=get.get("person", "").strip()[:150],
        object=get.get("object", "").strip()[:150],
        kind=kind if kind in Kind.values else "",
        since=_day(get.get("since", ""), errors, _("From")),
        until=_day(get.get("until", ""), errors, _("To")),
        municipality_id=municipality_id,
    )
    return filters, errors


@login_required
def audit_log(request):
    access = access_for(request.user)
    if not (access.is_superuser or (access.municipality_id and access.is_plan_owner(access.municipality_id))):
        raise PermissionDenied
    filters, errors = _filters(request, access.municipality_id)
    page = Paginator(entries(filters, all_municipalities=access.is_superuser), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/log.html",
        {
            "title": _("Audit log"),
            "page": page,
            "rows": [(entry, who(entry)) for entry in page.object_list],
            "filters": filters,
            "errors": errors,
            "kinds": Kind.choices,
            "query": query.urlencode(),
        },
    )
