"""The example bank: search every example of the follow-up (internal), and the public page of
good examples per municipality (published rounds, approved examples only)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from lika.organisations.access import access_for
from lika.organisations.models import Municipality
from lika.plans.queries import get_municipality

from .forms import SearchForm
from .search import Filters, search, similar


def _run(request, municipality, *, public: bool):
    form = SearchForm(request.GET or None, municipality=municipality, public=public)
    result = None
    if form.is_valid():
        data = form.cleaned_data
        filters = Filters(
            municipality=municipality.pk,
            round=data["round"].pk if data["round"] else None,
            unit=data["unit"].pk if data["unit"] else None,
            perspective=data["perspective"].pk if data["perspective"] else None,
            has_effects=data["has_effects"],
            has_learning=data["has_learning"],
        )
        result = search(data["q"], None if public else access_for(request.user), filters, public=public)
    elif request.GET:
        raise Http404("bad filter")
    return form, result


def public_examples(request, municipality):
    municipality = get_municipality(municipality)
    form, result = _run(request, municipality, public=True)
    title = _("Good examples")
    return render(
        request,
        "examples/search.html",
        {
            "form": form,
            "result": result,
            "public": True,
            "municipality": municipality,
            "title": title,
            "breadcrumbs": [(municipality.name, reverse("plans:documents", args=[municipality.slug])), (title, None)],
        },
    )


@login_required
def examples(request):
    access = access_for(request.user)
    if access.municipality_id is None:
        raise Http404("no municipality")
    municipality = Municipality.objects.get(pk=access.municipality_id)
    form, result = _run(request, municipality, public=False)
    title = _("Example bank")
    return render(
        request,
        "examples/search.html",
        {
            "form": form,
            "result": result,
            "public": False,
            "municipality": municipality,
            "sees_unpublished": access.sees_unpublished_follow_up(municipality),
            "title": title,
            "breadcrumbs": [(title, None)],
        },
    )


SUGGESTION_TEXT = 4000  # characters of the reporter's text a suggestion reads


def suggestions_for(report, access, text: str = ""):
    """Similar examples for the reporter's form of `report` (a MeasureReport): by `text` when it has
    words, else the examples of the same measure; never the reporter's own submission's."""
    return similar(
        text[:SUGGESTION_TEXT], access, measure=report.measure_id, exclude_submission=report.submission_id
    )


@login_required
def similar_examples(request):
    """The suggestions as an HTML fragment, for static/lika/suggest.js: ?report=<measure report>&text=...
    Only for someone who may see the report, and only examples they may see."""
    from lika.followup.models import MeasureReport
    from lika.followup.permissions import round_access
    from lika.plans.queries import leaf_words

    report_id = request.GET.get("report", "")
    report = (
        MeasureReport.objects.filter(pk=int(report_id)).select_related("submission__round__document").first()
        if report_id.isdigit()
        else None
    )
    if report is None or not round_access(request.user, report.submission.round).can_see_report(report):
        raise Http404("no such report")
    result = suggestions_for(report, access_for(request.user), request.GET.get("text", ""))
    words = leaf_words(report.submission.round.document)["leaf"]
    return render(request, "examples/_similar.html", {"result": result, "leaf": words, "code": report.measure.code})
