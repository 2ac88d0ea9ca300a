"""Business plans read against a plan's own leaves: units × leaves for a year, and one plan's reading.

Same access as the other business-plan pages (analysts and plan owners of the municipality)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lika.core.downloads import table_response
from lika.core.localized import localized
from lika.plans.models import SteeringDocument
from lika.plans.queries import leaf_names

from . import actions, summary
from .leafreading import passage_digest, words_that_found
from .lemmas import word_keys
from .matcher import highlight_parts, pages_language
from .models import (
    AddedPassage,
    BusinessPlan,
    LeafReading,
    SetAsidePassage,
    ThemeStatus,
)
from .plan_reading import leaf_codes, leaf_labels, leaf_themes, words_in_force
from .views import _crumbs, _municipality


class _Leaves:
    def __init__(self, document, language):
        self.themes = leaf_labels(document, language)


def _document(municipality, identifier) -> SteeringDocument:
    """The document, with every stored business plan read against its present items and words."""
    document = get_object_or_404(SteeringDocument, municipality=municipality, identifier=identifier)
    actions.bring_readings_up_to_date(document)
    return document


def _comparison(request, identifier, year):
    municipality, _access = _municipality(request)
    document = _document(municipality, identifier)
    language = get_language() or "sv"
    comparison = summary.year_comparison(municipality, year, _Leaves(document, language), language, document=document)
    if not comparison.rows:
        raise Http404("no plans that year")
    return document, comparison


def _nothing_to_read_against(request, document):
    title = _("Nothing to read against")
    crumbs = _crumbs((title, None))
    return render(request, "textanalysis/against_nothing.html", {"document": document, "title": title, "breadcrumbs": crumbs}, status=404)


@login_required
def year_table(request, identifier, year):
    document, comparison = _comparison(request, identifier, year)
    if not comparison.themes:
        return _nothing_to_read_against(request, document)
    title = _("Units and %(leaves)s %(year)s") % {"leaves": leaf_names(document)[1], "year": year}
    return render(
        request,
        "textanalysis/against_year.html",
        {
            "document": document,
            "comparison": comparison,
            "totals": list(zip(comparison.themes, comparison.totals, strict=True)),
            "unaddressed": [name for (_key, name), total in zip(comparison.themes, comparison.totals, strict=True) if not total[0] and not total[1]],
            "year": year,
            "title": title,
            "breadcrumbs": _crumbs((str(year), f"{reverse('textanalysis:index')}?year={year}"), (title, None)),
        },
    )


@login_required
def year_download(request, identifier, year, file_format):
    if file_format not in ("csv", "xlsx"):
        raise Http404("unknown format")
    document, comparison = _comparison(request, identifier, year)
    return table_response(summary.comparison_table(comparison), f"business_plans_{document.identifier}_{year}", file_format)


@login_required
def plan(request, pk, identifier):
    municipality, access = _municipality(request)
    found = get_object_or_404(BusinessPlan.objects.select_related("unit"), pk=pk, municipality=municipality)
    document = _document(municipality, identifier)
    reading = LeafReading.objects.filter(plan=found, document=document).first()
    if reading is None:
        raise Http404("not read against this document")
    language = get_language() or "sv"
    plan_language = pages_language(found.pages)
    scores = {key: (status, count) for key, status, count, _heading in reading.scores}
    related = leaf_themes(document).related
    set_aside, added = _decisions(found, document)
    themes = []
    for leaf in leaf_labels(document, language):
        passages = [_quoted(p, leaf.key, related, plan_language, added) for p in reading.passages if leaf.key in p["themes"]]
        status = scores.get(leaf.key, (ThemeStatus.ABSENT, 0))[0]
        themes.append(
            {
                "code": leaf.key,
                "key": leaf.key.replace(".", "-"),
                "name": leaf.label(language),
                "status": ThemeStatus(status).label,
                "status_key": status,
                "count": len(passages),
                "pages": sorted({p["page"] for p in passages}),
                "passages": passages,
                "set_aside": set_aside.get(leaf.key, []),
            }
        )
    title = _("%(unit)s, business plan %(year)s, read against %(document)s") % {
        "unit": found.unit.name,
        "year": found.year,
        "document": localized(document, "title", language),
    }
    return render(
        request,
        "textanalysis/plan.html",
        {
            "plan": found,
            "themes": themes,
            "against": document,
            "may_decide": actions.can_edit_vocabulary(access, municipality),
            "page_word": _("page") if found.numbering == "page" else _("section"),
            "title": title,
            "breadcrumbs": _crumbs((str(found.year), f"{reverse('textanalysis:index')}?year={found.year}"), (found.unit.name, None)),
        },
    )


def _decisions(plan, document) -> tuple[dict[str, list], dict[tuple[str, str], AddedPassage]]:
    """The plan owner's passages set aside, per item, and passages added, by (item, digest)."""
    set_aside: dict[str, list] = {}
    for decision in SetAsidePassage.objects.filter(plan=plan, document=document).select_related("decided_by").order_by("page", "pk"):
        set_aside.setdefault(decision.leaf, []).append(decision)
    added = {(d.leaf, d.digest): d for d in AddedPassage.objects.filter(plan=plan, document=document).select_related("decided_by")}
    return set_aside, added


def _quoted(passage: dict, code: str, related: dict, lang: str, added: dict) -> dict:
    digest = passage_digest(passage["text"])
    return {
        "added": added.get((code, digest)),
        "page": passage["page"],
        "heading": passage["heading"],
        "parts": highlight_parts(passage["text"], passage["spans"].get(code, ())),
        "words": passage["themes"][code],
        "related": _related_in(passage["themes"][code], related.get(code, {}), lang),
        "lang": lang,
        "digest": digest,
    }


@login_required
@require_POST
def decide(request, pk, identifier):
    """Set a passage aside for an item (not about it), restore it, or add one the reading missed; plan owners only."""
    municipality, access = _municipality(request)
    found = get_object_or_404(BusinessPlan, pk=pk, municipality=municipality)
    document = _document(municipality, identifier)
    leaf, digest = request.POST.get("leaf", ""), request.POST.get("digest", "")
    back = reverse("textanalysis:against-plan", args=[found.pk, document.identifier]) + f"#theme-{leaf.replace('.', '-')}"
    try:
        if request.POST.get("decision") == "restore":
            actions.restore_passage(found, document, leaf, digest, access=access)
            messages.success(request, _("The passage counts for %(item)s again.") % {"item": leaf})
        elif request.POST.get("decision") == "add":
            actions.add_passage(found, document, leaf, request.POST.get("quote", ""), access=access, user=request.user)
            messages.success(request, _("The passage now counts for %(item)s, also when the plan is read again.") % {"item": leaf})
        else:
            actions.set_passage_aside(found, document, leaf, digest, access=access, user=request.user)
            messages.success(request, _("The passage no longer counts for %(item)s; it stays set aside when the plan is read again.") % {"item": leaf})
    except actions.ActionRefused as refused:
        messages.error(request, str(refused))
    return redirect(back)


def _related_in(words: list[str], related: dict[str, str], lang: str) -> list[tuple[str, str]]:
    """The matched words that are related words of the leaf, each with the leaf word it comes from."""
    out = []
    for word in words:
        sources = sorted({related[key] for key in word_keys(word, lang) if key in related})
        if sources:
            out.append((word, ", ".join(sources)))
    return out


def _words_of(themes, code: str) -> tuple[list[str], list[tuple[str, str]]]:
    """A leaf's own words, the weightiest ten first, and its related words with the word each comes from."""
    weights = themes.words.get(code, {})
    related = themes.related.get(code, {})
    own = sorted((word for word in weights if word not in related), key=lambda word: -weights[word])[:10]
    return own, sorted(related.items(), key=lambda item: (-weights[item[0]], item[0]))


@login_required
def words(request, identifier):
    """The words each item is read with, and the plan owner's additions and removals."""
    municipality, access = _municipality(request)
    document = _document(municipality, identifier)
    if not leaf_codes(document):
        return _nothing_to_read_against(request, document)
    may_edit = actions.can_edit_vocabulary(access, municipality)
    in_force = words_in_force(document)
    text = request.POST.get("text", "") if request.method == "POST" else (in_force.text if in_force else "")
    problems = []
    if request.method == "POST":
        if not may_edit:
            raise Http404("only plan owners edit the words")
        try:
            version, count = actions.save_leaf_words(document, text, access=access, user=request.user)
        except actions.WordsRefused as refused:
            problems = refused.problems
        except actions.WordsUnchanged as unchanged:
            messages.info(request, _("Nothing changed: version %(version)s is in force.") % {"version": unchanged.version})
            return redirect("textanalysis:against-words", document.identifier)
        else:
            messages.success(request, _("Version %(version)s saved; %(count)s business plans were read again.") % {"version": version, "count": count})
            return redirect("textanalysis:against-words", document.identifier)
    themes = leaf_themes(document)
    language = get_language() or "sv"
    readings = LeafReading.objects.filter(document=document, plan__municipality=municipality).values_list("passages", flat=True)
    found_by = words_that_found(readings.iterator(chunk_size=50))
    problems_of = set(themes.problems)
    rows = [(leaf, *_words_of(themes, leaf.key), found_by.get(leaf.key, []), leaf.key in problems_of) for leaf in leaf_labels(document, language)]
    title = _("Words the business plans are read with")
    return render(
        request,
        "textanalysis/against_words.html",
        {
            "document": document,
            "rows": rows,
            "text": text,
            "problems": problems,
            "in_force": in_force,
            "may_edit": may_edit,
            "plans_read": readings.count(),
            "problems_of": sorted(problems_of),
            "title": title,
            "breadcrumbs": _crumbs((title, None)),
        },
    )
