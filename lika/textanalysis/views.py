"""Business-plan analysis pages: plans per year, upload, a plan's scorecard, the units × themes table, the vocabulary.

Analysts and plan owners of a municipality only (others get 404). Reading
pages are GETs and change nothing; uploads, deletions and vocabulary changes
are POSTs through the actions.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lika.core.downloads import table_response
from lika.core.editing import EditConflict, show_conflict
from lika.lib.yamlfile import FileProblems
from lika.organisations.access import access_for
from lika.organisations.models import Municipality, OrganisationUnit

from . import actions, summary
from .extract import ExtractionError, check_size
from .forms import UploadForm, VocabularyForm
from .matcher import highlight_parts, pages_language
from .models import BusinessPlan, PlanVocabulary, ThemeStatus, vocabulary_for
from .plan_reading import documents_to_read_against
from .vocabulary import load_vocabulary


def _municipality(request):
    access = access_for(request.user)
    if access.municipality_id is None or not actions.can_analyse(access, access.municipality_id):
        raise Http404("no business-plan analysis for you")
    return Municipality.objects.get(pk=access.municipality_id), access


def _crumbs(*extra):
    return [(_("Business-plan analysis"), reverse("textanalysis:index")), *extra]


def _vocabulary(municipality):
    text, version = vocabulary_for(municipality)
    return load_vocabulary(text), version


def _units(municipality):
    return list(OrganisationUnit.objects.filter(municipality=municipality, is_active=True).order_by("name_sv"))


@login_required
def index(request):
    municipality, _access = _municipality(request)
    years = list(BusinessPlan.objects.filter(municipality=municipality).values_list("year", flat=True).distinct().order_by("-year"))
    try:
        year = int(request.GET.get("year") or (years[0] if years else 0))
    except ValueError:
        raise Http404("bad year") from None
    plans = (
        BusinessPlan.objects.filter(municipality=municipality, year=year)
        .select_related("unit")
        .defer("pages", "passages", "empty_pages")
        .annotate(
            present=Count("scores", filter=Q(scores__status=ThemeStatus.PRESENT)),
            mentioned=Count("scores", filter=Q(scores__status=ThemeStatus.MENTIONED)),
        )
        .order_by("unit__name_sv")
    )
    return render(
        request,
        "textanalysis/index.html",
        {
            "years": years,
            "year": year,
            "plans": plans,
            "against": documents_to_read_against(municipality) if plans else [],
            "title": _("Business-plan analysis"),
            "breadcrumbs": [(_("Business-plan analysis"), None)],
        },
    )


@login_required
def upload(request):
    municipality, access = _municipality(request)
    units = _units(municipality)
    form = UploadForm(request.POST or None, request.FILES or None, units=units)
    outcomes = []
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        to_read = []
        for upload_file, unit in form.cleaned_data["files"]:
            unit = unit or actions.unit_from_filename(upload_file.name, units)
            try:
                check_size(upload_file.size, actions.max_bytes())
            except ExtractionError as error:
                outcomes.append(actions.Outcome(upload_file.name, error=error.translated(_)))
                continue
            to_read.append((upload_file.name, upload_file.read(), unit))
        if actions.is_batch(to_read):
            return _queue_batch(request, municipality, year, to_read, outcomes, access)
        try:
            outcomes += actions.store_plans(municipality, year, to_read, access=access, user=request.user, workers=1 if len(to_read) < 3 else None)
        except actions.ActionRefused as error:
            form.add_error(None, str(error))
        else:
            saved = [o for o in outcomes if o.plan]
            if saved:
                messages.success(request, _("%(count)s plans read and saved.") % {"count": len(saved)})
            if not any(o.error for o in outcomes):
                return redirect(f"{reverse('textanalysis:index')}?year={year}")
    return render(
        request,
        "textanalysis/upload.html",
        {
            "form": form,
            "outcomes": outcomes,
            "failed": [o for o in outcomes if o.error],
            "max_mb": actions.max_bytes() // (1024 * 1024),
            "title": _("Upload business plans"),
            "breadcrumbs": _crumbs((_("Upload business plans"), None)),
        },
    )


def _queue_batch(request, municipality, year, to_read, outcomes, access):
    """A large batch is read by the background worker; its page shows the progress and the outcome."""
    refused = [(o.filename, o.error) for o in outcomes]
    try:
        job = actions.queue_plans(municipality, year, to_read, access=access, user=request.user, refused=refused, language=get_language())
    except actions.ActionRefused as error:
        messages.error(request, str(error))
        return redirect("textanalysis:upload")
    messages.info(request, _("The %(count)s files are read in the background; this page shows how far it has come.") % {"count": len(to_read)})
    return redirect("jobs:detail", job.pk)


def _plan(request, pk):
    municipality, access = _municipality(request)
    return get_object_or_404(BusinessPlan.objects.select_related("unit", "uploaded_by"), pk=pk, municipality=municipality), access


@login_required
def plan(request, pk):
    found, access = _plan(request, pk)
    vocabulary, version = _vocabulary(found.municipality)
    language = get_language() or "sv"
    scores = {s.theme: s for s in found.scores.all()}
    plan_language = pages_language(found.pages)
    themes = []
    for theme in vocabulary.themes:
        passages = [
            {
                "page": p["page"],
                "heading": p["heading"],
                "parts": highlight_parts(p["text"], p["spans"].get(theme.key, ()) if isinstance(p["spans"], dict) else p["spans"]),
                "words": p["themes"][theme.key],
                "lang": plan_language,
            }
            for p in found.passages
            if theme.key in p["themes"]
        ]
        score = scores.get(theme.key)
        themes.append(
            {
                "key": theme.key,
                "name": theme.label(language),
                "status": score.get_status_display() if score else ThemeStatus.ABSENT.label,
                "status_key": score.status if score else ThemeStatus.ABSENT,
                "count": len(passages),
                "pages": sorted({p["page"] for p in passages}),
                "passages": passages,
            }
        )
    return render(
        request,
        "textanalysis/plan.html",
        {
            "plan": found,
            "themes": themes,
            "stale": found.vocabulary_version != version,
            "page_word": _("page") if found.numbering == "page" else _("section"),
            "title": _("%(unit)s, business plan %(year)s") % {"unit": found.unit.name, "year": found.year},
            "breadcrumbs": _crumbs((str(found.year), f"{reverse('textanalysis:index')}?year={found.year}"), (found.unit.name, None)),
        },
    )


@login_required
@require_POST
def delete(request, pk):
    found, access = _plan(request, pk)
    year = found.year
    actions.delete_plan(found, access=access)
    messages.success(request, _("The business plan was deleted."))
    return redirect(f"{reverse('textanalysis:index')}?year={year}")


@login_required
def year_table(request, year):
    municipality, _access = _municipality(request)
    vocabulary, _version = _vocabulary(municipality)
    comparison = summary.year_comparison(municipality, year, vocabulary, get_language() or "sv")
    if not comparison.rows and not BusinessPlan.objects.filter(municipality=municipality, year=year).exists():
        raise Http404("no plans that year")
    return render(
        request,
        "textanalysis/year.html",
        {
            "comparison": comparison,
            "totals": list(zip(comparison.themes, comparison.totals, strict=True)),
            "year": year,
            "title": _("Units and themes %(year)s") % {"year": year},
            "breadcrumbs": _crumbs((str(year), f"{reverse('textanalysis:index')}?year={year}"), (_("Units and themes"), None)),
        },
    )


@login_required
def year_download(request, year, file_format):
    municipality, _access = _municipality(request)
    if file_format not in ("csv", "xlsx"):
        raise Http404("unknown format")
    vocabulary, _version = _vocabulary(municipality)
    comparison = summary.year_comparison(municipality, year, vocabulary, get_language() or "sv")
    return table_response(summary.comparison_table(comparison), f"business_plans_{year}", file_format)


@login_required
def vocabulary(request):
    municipality, access = _municipality(request)
    may_edit = actions.can_edit_vocabulary(access, municipality)
    text, version = vocabulary_for(municipality)
    own = PlanVocabulary.objects.filter(municipality=municipality).select_related("edited_by").first()
    form = VocabularyForm(request.POST or None, initial={"text": text}, version=actions.vocabulary_version(municipality))
    problems = []
    if request.method == "POST":
        if not may_edit:
            raise Http404("only plan owners edit the vocabulary")
        if request.POST.get("reset") == "1":
            _own, count = actions.reset_vocabulary(municipality, access=access, user=request.user)
            messages.success(request, _("The default vocabulary is in force again; %(count)s plans were read again.") % {"count": count})
            return redirect("textanalysis:vocabulary")
        if form.is_valid():
            try:
                _own, count = actions.save_vocabulary(
                    municipality, form.cleaned_data["text"], access=access, user=request.user, version=form.submitted_version()
                )
            except EditConflict as conflict:
                show_conflict(form, conflict)
            except FileProblems as error:
                problems = error.lines()
                form.add_error("text", _("The vocabulary was not saved: %(count)s problems, listed above the text.") % {"count": len(problems)})
            else:
                messages.success(request, _("Vocabulary version %(version)s saved; %(count)s plans were read again.") % {"version": _own.version, "count": count})
                return redirect("textanalysis:vocabulary")
    language = get_language() or "sv"
    vocab = load_vocabulary(text)
    themes = [
        {
            "name": t.label(language),
            "key": t.key,
            "description": t.description.get(language) or t.description.get("sv", ""),
            "terms_sv": [label for label, _p in t.terms.get("sv", ())],
            "terms_en": [label for label, _p in t.terms.get("en", ())],
            "near": [(lang, ", ".join(rule.labels), len(rule.with_), rule.within) for lang in ("sv", "en") for rule in t.near.get(lang, ())],
        }
        for t in vocab.themes
    ]
    return render(
        request,
        "textanalysis/vocabulary.html",
        {
            "themes": themes,
            "form": form if may_edit else None,
            "problems": problems,
            "own": own,
            "version": version,
            "present_min": vocab.present_min_passages,
            "title": _("Theme vocabulary"),
            "breadcrumbs": _crumbs((_("Theme vocabulary"), None)),
        },
    )


@login_required
def vocabulary_download(request):
    municipality, _access = _municipality(request)
    text, version = vocabulary_for(municipality)
    response = HttpResponse(text.encode("utf-8"), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="vocabulary_v{version}.yaml"'
    return response
