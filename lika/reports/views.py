"""The report of a round: a preview for those who analyse the round, the plan owner's
narrative texts, and the published report on the municipality's public pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from lika.core.editing import EditConflict, show_conflict
from lika.core.security import allow_own_inline_styles
from lika.followup.models import FollowUpRound, RoundState
from lika.followup.views import _crumbs, _round
from lika.jobs.queries import job_panel
from lika.organisations.access import access_for
from lika.plans.models import DocumentKind, SteeringDocument
from lika.plans.queries import get_municipality

from .actions import (
    FILE_FORMATS,
    TEXT_FIELDS,
    ActionRefused,
    queue_report_file,
    report_subject,
    report_texts_version,
    save_report_texts,
)
from .forms import ReportTextsForm
from .models import RoundReport
from .report_data import FORMATS, build_report, file_name, render_document
from .report_data import render as render_report
from .rollup_data import build_rollup, programmes


def _analysable(request, identifier):
    round_, who = _round(request, identifier)
    if not who.can_analyse:
        raise Http404("no report for you")
    return round_, who


def _page(request, round_, template_context, *, cache_key: str | None = None):
    language = translation.get_language()
    if not cache_key:
        report = build_report(round_, language)
        return render(request, "reports/round_report.html", {"round": round_, "report": report, **template_context})
    # The published report is the same for everyone until its texts change: build and lay it out
    # once an hour; only the page around it is rendered per request.
    report, body = cache.get_or_set(f"{cache_key}:{language}:page-html", lambda: _laid_out(round_, language), 60 * 60)
    context = {"round": round_, "report": report, "report_body": mark_safe(body), **template_context}  # noqa: S308 (our own rendering)
    return render(request, "reports/round_report.html", context)


def _laid_out(round_, language):
    report = build_report(round_, language)
    return report, render_to_string("documents/_body.html", {"report": report})


def _file(round_, file_format: str, *, cache_key: str | None = None) -> HttpResponse:
    if file_format not in FORMATS:
        raise Http404("unknown format")
    language = translation.get_language()
    if cache_key:
        # Public downloads are cached: a PDF takes seconds, and anyone may ask for it.
        key = f"{cache_key}:{language}:{file_format}"
        content = cache.get(key)
        if content is None:
            content = render_report(round_, file_format, language)
            cache.set(key, content, 60 * 60)
    else:
        content = render_report(round_, file_format, language)
    response = HttpResponse(content, content_type=FORMATS[file_format])
    disposition = "inline" if file_format == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{file_name(round_, file_format, language)}"'
    return allow_own_inline_styles(response) if file_format == "html" else response


def _job_panels(request, round_) -> list[dict]:
    language = translation.get_language()
    return [
        {"format": key, "name": name, **job_panel(request.user, report_subject(round_, key, language))}
        for key, name in FILE_FORMATS.items()
    ]


@login_required
def round_report(request, identifier):
    round_, who = _analysable(request, identifier)
    return _page(
        request,
        round_,
        {
            "job_panels": _job_panels(request, round_),
            "can_edit": who.is_plan_owner,
            "is_public": False,
            "title": _("Report"),
            "breadcrumbs": _crumbs(round_, (_("Report"), None)),
        },
    )


@login_required
def round_report_download(request, identifier, file_format):
    round_, _who = _analysable(request, identifier)
    return _file(round_, file_format)


@login_required
def round_report_make(request, identifier, file_format):
    """Queue the report file as a background job (a large round's PDF takes a while)."""
    round_, _who = _analysable(request, identifier)
    if request.method != "POST":
        return redirect("reports:round", round_.identifier)
    try:
        job = queue_report_file(round_, request.user, file_format=file_format, language=translation.get_language())
    except ActionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The report is being made in the background: %(what)s.") % {"what": job.label})
    return redirect(reverse("reports:round", args=[round_.identifier]) + "#report-files")


@login_required
def round_report_texts(request, identifier):
    round_, who = _round(request, identifier)
    if not who.is_plan_owner:
        raise Http404("only the plan owner writes the report")
    texts = RoundReport.objects.filter(round=round_).first() or RoundReport(
        round=round_, language=translation.get_language()
    )
    form = ReportTextsForm(request.POST or None, instance=texts, version=report_texts_version(texts))
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in TEXT_FIELDS}
        try:
            save_report_texts(round_, values, user=request.user, version=form.submitted_version())
        except EditConflict as conflict:
            show_conflict(form, conflict)
        except ActionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The report texts are saved."))
            return redirect("reports:round", round_.identifier)
    return render(
        request,
        "followup/form_page.html",
        {
            "round": round_,
            "form": form,
            "heading": _("Write the report: %(round)s") % {"round": round_.title},
            "button": _("Save the texts"),
            "back": reverse("reports:round", args=[round_.identifier]),
            "title": _("Write the report"),
            "breadcrumbs": _crumbs(
                round_, (_("Report"), reverse("reports:round", args=[round_.identifier])), (_("Write the report"), None)
            ),
        },
    )


# --- Public -----------------------------------------------------------------------


def _published(municipality_slug, identifier):
    municipality = get_municipality(municipality_slug)
    round_ = get_object_or_404(
        FollowUpRound.objects.select_related("document__municipality"),
        identifier=identifier,
        document__municipality=municipality,
        state=RoundState.PUBLISHED,
    )
    return municipality, round_


def public_reports(request, municipality):
    municipality = get_municipality(municipality)
    rounds = (
        FollowUpRound.objects.filter(document__municipality=municipality, state=RoundState.PUBLISHED)
        .select_related("document")
        .order_by("-period_end")
    )
    return render(
        request,
        "reports/public_reports.html",
        {
            "municipality": municipality,
            "rounds": rounds,
            "programmes": programmes(municipality, public=True),
            "title": _("Follow-up reports"),
            "breadcrumbs": [
                (municipality.name, reverse("plans:documents", args=[municipality.slug])),
                (_("Follow-up reports"), None),
            ],
        },
    )


def public_report(request, municipality, identifier):
    municipality, round_ = _published(municipality, identifier)
    return _page(
        request,
        round_,
        {
            "municipality": municipality,
            "can_edit": False,
            "is_public": True,
            "title": round_.title,
            "breadcrumbs": [
                (municipality.name, reverse("plans:documents", args=[municipality.slug])),
                (_("Follow-up reports"), reverse("public-reports", args=[municipality.slug])),
                (round_.title, None),
            ],
        },
        cache_key=_public_cache_key(round_),
    )


def public_report_download(request, municipality, identifier, file_format):
    municipality, round_ = _published(municipality, identifier)
    return _file(round_, file_format, cache_key=_public_cache_key(round_))


def _public_cache_key(round_) -> str:
    """Changes when the round is published again or its report texts are edited."""
    texts = RoundReport.objects.filter(round=round_).values_list("updated_at", flat=True).first()
    stamp = f"{round_.published_at.timestamp() if round_.published_at else 0}-{texts.timestamp() if texts else 0}"
    return f"public-report:{round_.pk}:{stamp}"



# --- Programme roll-up ------------------------------------------------------------------


def _programme(municipality, identifier, *, public: bool):
    return get_object_or_404(
        programmes(municipality, public=public).select_related("municipality"), identifier=identifier
    )


def _rollup_page(request, municipality, programme, *, public: bool, crumbs):
    report = build_rollup(programme, translation.get_language(), public=public)
    return render(
        request,
        "reports/programme_rollup.html",
        {
            "municipality": municipality,
            "programme": programme,
            "report": report,
            "is_public": public,
            "title": report.title,
            "breadcrumbs": crumbs,
        },
    )


def _rollup_file(programme, file_format: str, *, public: bool) -> HttpResponse:
    if file_format not in FORMATS:
        raise Http404("unknown format")
    language = translation.get_language()
    content = render_document(build_rollup(programme, language, public=public), file_format)
    response = HttpResponse(content, content_type=FORMATS[file_format])
    disposition = "inline" if file_format == "html" else "attachment"
    name = f"{programme.identifier}-{'public' if public else 'internal'}-{language}.{file_format}"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return allow_own_inline_styles(response) if file_format == "html" else response


def public_programme_rollup(request, municipality, identifier):
    municipality = get_municipality(municipality)
    programme = _programme(municipality, identifier, public=True)
    return _rollup_page(
        request,
        municipality,
        programme,
        public=True,
        crumbs=[
            (municipality.name, reverse("plans:documents", args=[municipality.slug])),
            (_("Follow-up reports"), reverse("public-reports", args=[municipality.slug])),
            (programme.title, None),
        ],
    )


def public_programme_rollup_download(request, municipality, identifier, file_format):
    municipality = get_municipality(municipality)
    return _rollup_file(_programme(municipality, identifier, public=True), file_format, public=True)


def _internal_programme(request, identifier):
    programme = get_object_or_404(
        SteeringDocument.objects.select_related("municipality"), identifier=identifier, kind=DocumentKind.PROGRAMME
    )
    if not access_for(request.user).sees_unpublished_follow_up(programme.municipality):
        raise Http404("no roll-up for you")
    return programme


@login_required
def programme_rollup(request, identifier):
    programme = _internal_programme(request, identifier)
    municipality = programme.municipality
    return _rollup_page(
        request,
        municipality,
        programme,
        public=False,
        crumbs=[
            (_("Follow-up"), reverse("followup:rounds")),
            (programme.title, None),
        ],
    )


@login_required
def programme_rollup_download(request, identifier, file_format):
    return _rollup_file(_internal_programme(request, identifier), file_format, public=False)
