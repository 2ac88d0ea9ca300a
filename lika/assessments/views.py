"""Impact-assessment pages: start, answer step by step, finish, print, publish, count.

Internal pages are for the municipality's members (see actions for who may do
what); other municipalities' assessments are 404. Published assessments have
a public page without login and without personal data (no names of editors).
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lika.core.downloads import table_response
from lika.core.editing import CHOICE_PREFIX, EditConflict, show_conflict, taken_stored
from lika.core.editing import message as conflict_message
from lika.lib import svgchart
from lika.lib.yamlfile import FileProblems
from lika.organisations.access import access_for
from lika.organisations.models import Municipality

from . import actions, section, templatefile
from .forms import MatterForm, NotRelevantForm, TemplateForm
from .models import Assessment, AssessmentState, AssessmentTemplate, TemplateVersion

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _municipality(request):
    access = access_for(request.user)
    if access.municipality_id is None:
        raise Http404("not a member of a municipality")
    return Municipality.objects.get(pk=access.municipality_id), access


def _crumbs(*extra):
    return [(_("Impact assessments"), reverse("assessments:index")), *extra]


def _assessment(request, pk):
    municipality, access = _municipality(request)
    assessment = get_object_or_404(
        Assessment.objects.select_related("unit", "template_version__template", "measure__document", "municipality"),
        pk=pk,
        municipality=municipality,
    )
    if not actions.can_view(access, assessment):
        raise Http404("not yours")
    return assessment, access


def _language(request, default: str) -> str:
    chosen = request.GET.get("language", "")
    return chosen if chosen in ("sv", "en") else default


@login_required
def index(request):
    municipality, access = _municipality(request)
    found = actions.visible(access, municipality).select_related("unit", "template_version__template")
    state = request.GET.get("state", "")
    if state in AssessmentState.values:
        found = found.filter(state=state)
    if not actions.can_use(access, municipality):
        raise Http404("no assessments for you")
    return render(
        request,
        "assessments/index.html",
        {
            "assessments": list(found),
            "states": AssessmentState.choices,
            "state": state,
            "can_start": actions.can_start(access, municipality),
            "can_read_all": actions.can_read_all(access, municipality),
            "can_edit_templates": actions.can_edit_templates(access, municipality),
            "title": _("Impact assessments"),
            "breadcrumbs": [(_("Impact assessments"), None)],
        },
    )


def _details(form) -> actions.MatterDetails:
    data = form.cleaned_data
    return actions.MatterDetails(
        title=data["title"],
        case_number=data["case_number"],
        unit=data["unit"],
        decision_body=data["decision_body"],
        decision_date=data["decision_date"],
        language=data["language"],
        measure=data["measure"],
    )


@login_required
def start(request):
    municipality, access = _municipality(request)
    if not actions.can_start(access, municipality):
        raise Http404("only case officers start assessments")
    actions.ensure_templates(municipality)
    versions = actions.current_versions(municipality)
    language = translation.get_language()
    choices = [(v.template.key, v.name(language)) for v in versions]
    rules = actions.settings_for(municipality)
    kwargs = {
        "municipality": municipality,
        "units": actions.case_officer_units(access, municipality),
        "templates": choices,
        "example": rules.case_number_example,
    }
    if request.method == "POST":
        form = MatterForm(request.POST, **kwargs)
        if form.is_valid():
            version = next(v for v in versions if v.template.key == form.cleaned_data["template"])
            try:
                assessment = actions.start(access, municipality, version, _details(form), request.user)
            except actions.ActionRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The assessment is started. Answer the steps in any order; your answers are saved step by step."))
                return redirect("assessments:assessment", pk=assessment.pk)
    else:
        initial = {"measure": rules.default_measure_id, "template": request.GET.get("template", "")}
        form = MatterForm(initial=initial, **kwargs)
    return render(
        request,
        "assessments/matter_form.html",
        {"form": form, "title": _("Start an impact assessment"), "breadcrumbs": _crumbs((_("Start an impact assessment"), None))},
    )


@login_required
def matter(request, pk):
    assessment, access = _assessment(request, pk)
    if not actions.can_edit(access, assessment) or assessment.is_finished:
        raise Http404("cannot edit")
    municipality = assessment.municipality
    kwargs = {
        "municipality": municipality,
        "units": actions.case_officer_units(access, municipality),
        "templates": [],
        "example": actions.settings_for(municipality).case_number_example,
        "with_template": False,
    }
    initial = {
        "title": assessment.title,
        "case_number": assessment.case_number,
        "unit": assessment.unit_id,
        "decision_body": assessment.decision_body,
        "decision_date": assessment.decision_date,
        "language": assessment.language,
        "measure": assessment.measure_id,
    }
    form = MatterForm(request.POST or None, initial=initial, version=actions.matter_version(assessment), **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_matter(access, assessment, _details(form), request.user, version=form.submitted_version())
        except EditConflict as conflict:
            show_conflict(form, conflict)
        except actions.ActionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The matter's details are saved."))
            return redirect("assessments:assessment", pk=assessment.pk)
    return render(
        request,
        "assessments/matter_form.html",
        {
            "form": form,
            "assessment": assessment,
            "title": _("The matter"),
            "breadcrumbs": _crumbs((assessment.title, reverse("assessments:assessment", args=[pk])), (_("The matter"), None)),
        },
    )


def _progress(template, views, values):
    """Per step: answered and required counts."""
    language = translation.get_language()
    required_by_step: dict[str, list] = {}
    for slot in templatefile.slots(template, views):
        if slot.question.required:
            required_by_step.setdefault(slot.step.key, []).append(slot)
    rows = []
    for step in template.steps:
        required = required_by_step.get(step.key, [])
        answered = [s for s in required if section.is_answered(s.question, values.get(s.key, ""))]
        rows.append({"step": step, "title": step.title.get(language), "required": len(required), "answered": len(answered), "done": len(answered) == len(required)})
    return rows


def _overview(request, assessment, access, *, missing_slots=None, status=200):
    template = assessment.template()
    views = actions.perspectives()
    values = actions.answer_values(assessment)
    language = translation.get_language()
    missing = None
    if missing_slots is not None:
        missing = [
            {
                "slot": slot,
                "text": slot.question.text.get(language),
                "step": slot.step.title.get(language),
                "perspective": slot.perspective.name.get(language) if slot.perspective else "",
                "url": reverse("assessments:step", args=[assessment.pk, slot.step.key]) + "#" + _field_id(slot.key),
            }
            for slot in missing_slots
        ]
    return render(
        request,
        "assessments/assessment.html",
        {
            "assessment": assessment,
            "template": template,
            "template_name": template.name.get(language),
            "progress": _progress(template, views, values),
            "missing": missing,
            "can_edit": actions.can_edit(access, assessment),
            "title": assessment.title,
            "breadcrumbs": _crumbs((assessment.title, None)),
        },
        status=status,
    )


@login_required
def assessment_view(request, pk):
    assessment, access = _assessment(request, pk)
    return _overview(request, assessment, access)


def _field_id(key: str) -> str:
    return "q-" + key.replace(".", "-").replace("_", "-")


def _field_name(key: str) -> str:
    return key.replace(".", "__")


def _submitted_value(request, slot) -> str:
    name = _field_name(slot.key)
    if slot.question.type == "multiple":
        keys = slot.question.choice_keys()
        return "\n".join(k for k in request.POST.getlist(name) if k in keys)
    value = request.POST.get(name, "")
    if slot.question.type == "text":
        return value.replace("\r\n", "\n").strip()
    return value if value in slot.question.choice_keys() else ""


def _choices(question, language):
    words = {"yes": _("Yes"), "no": _("No"), "unsure": _("Don't know")}
    if question.type in ("yes_no", "yes_no_unsure"):
        return [(key, words[key]) for key in question.choice_keys()]
    return [(c.key, c.label.get(language)) for c in question.choices]


@login_required
def step(request, pk, step_key):
    assessment, access = _assessment(request, pk)
    if not actions.can_edit(access, assessment):
        raise Http404("cannot edit")
    if assessment.is_finished:
        messages.warning(request, _("The assessment is finished. Reopen it to change the answers."))
        return redirect("assessments:assessment", pk=pk)
    template = assessment.template()
    current = template.step(step_key)
    if current is None:
        raise Http404("no such step")
    views = actions.perspectives()
    step_slots = [s for s in templatefile.slots(template, views) if s.step.key == step_key]
    language = translation.get_language()
    stored = actions.current_answers(assessment)
    keys = [slot.key for slot in step_slots]
    version = actions.answers_version(assessment, keys)
    conflict, yours = None, {}
    if request.method == "POST":
        yours = {slot.key: _submitted_value(request, slot) for slot in step_slots}
        taken = set(taken_stored(request.POST, keys, key=_field_name))
        values = {key: (stored[key].value if key in stored else "") if key in taken else yours[key] for key in keys}
        labels = {slot.key: slot.question.text.get(language) for slot in step_slots}
        try:
            actions.save_answers(access, assessment, values, request.user, version=request.POST.get("version", ""), labels=labels)
        except actions.ActionRefused as exc:
            messages.error(request, str(exc))
            return redirect("assessments:step", pk=pk, step_key=step_key)
        except EditConflict as exc:
            conflict, version = exc, exc.version
            stored = actions.current_answers(assessment)
        else:
            return _after_saving_step(request, pk, template=template, step_key=step_key)
    conflicts = {item.name: item for item in conflict.fields} if conflict else {}
    groups = _step_groups(step_slots, stored, conflicts=conflicts, yours=yours, language=language)
    index = [s.key for s in template.steps].index(step_key)
    return render(
        request,
        "assessments/step.html",
        {
            "assessment": assessment,
            "step": current,
            "step_title": current.title.get(language),
            "intro": current.intro.get(language) if current.intro else "",
            "groups": groups,
            "number": index + 1,
            "count": len(template.steps),
            "has_next": index + 1 < len(template.steps),
            "version": version,
            "conflict": conflict,
            "conflict_message": conflict_message(conflict) if conflict else "",
            "title": current.title.get(language),
            "breadcrumbs": _crumbs((assessment.title, reverse("assessments:assessment", args=[pk])), (current.title.get(language), None)),
        },
        status=409 if conflicts else 200,
    )


def _after_saving_step(request, pk, *, template, step_key: str):
    index = [s.key for s in template.steps].index(step_key)
    messages.success(request, _("Your answers are saved."))
    if "next" in request.POST and index + 1 < len(template.steps):
        return redirect("assessments:step", pk=pk, step_key=template.steps[index + 1].key)
    return redirect("assessments:assessment", pk=pk)


def _step_groups(step_slots, stored, *, conflicts: dict, yours: dict[str, str], language: str) -> list[dict]:
    """The step's questions as form rows, grouped by perspective; a conflict shows both answers."""
    groups: list[dict] = []
    for slot in step_slots:
        answer = stored.get(slot.key)
        saved_value = answer.value if answer else ""
        value = yours.get(slot.key, saved_value)
        conflict = conflicts.get(slot.key)
        label = slot.perspective.name.get(language) if slot.perspective else ""
        if not groups or groups[-1]["label"] != label:
            groups.append({"label": label, "rows": []})
        groups[-1]["rows"].append(
            {
                "slot": slot,
                "id": _field_id(slot.key),
                "name": _field_name(slot.key),
                "text": slot.question.text.get(language),
                "help": slot.question.help.get(language) if slot.question.help else "",
                "type": slot.question.type,
                "required": slot.question.required,
                "value": value,
                "selected": set(section.selected(value)),
                "choices": _choices(slot.question, language),
                "conflict": conflict,
                "choice_name": CHOICE_PREFIX + _field_name(slot.key),
                "theirs": section.shown_value(slot.question, saved_value, language, _) if conflict else "",
                "mine": section.shown_value(slot.question, value, language, _) if conflict else "",
            }
        )
    return groups


@login_required
@require_POST
def complete(request, pk):
    assessment, access = _assessment(request, pk)
    try:
        actions.complete(access, assessment, request.user)
    except actions.Incomplete as exc:
        return _overview(request, assessment, access, missing_slots=exc.slots, status=400)
    except actions.ActionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The assessment is completed. Download the consequence section for the decision document."))
    return redirect("assessments:assessment", pk=pk)


@login_required
def not_relevant(request, pk):
    assessment, access = _assessment(request, pk)
    if not actions.can_edit(access, assessment) or assessment.is_finished:
        raise Http404("cannot edit")
    form = NotRelevantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.screen_out(access, assessment, form.cleaned_data["reason"], request.user)
        except actions.ActionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The assessment is marked as not relevant, with your reason."))
            return redirect("assessments:assessment", pk=pk)
    return render(
        request,
        "assessments/not_relevant.html",
        {
            "form": form,
            "assessment": assessment,
            "title": _("Not relevant for this matter"),
            "breadcrumbs": _crumbs((assessment.title, reverse("assessments:assessment", args=[pk])), (_("Not relevant"), None)),
        },
    )


@login_required
@require_POST
def reopen(request, pk):
    assessment, access = _assessment(request, pk)
    try:
        actions.reopen(access, assessment, request.user)
    except actions.ActionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The assessment is open for changes again. It is no longer published."))
    return redirect("assessments:assessment", pk=pk)


@login_required
@require_POST
def publish(request, pk):
    assessment, access = _assessment(request, pk)
    published = request.POST.get("published") == "1"
    try:
        actions.set_published(access, assessment, published, request.user)
    except actions.ActionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The assessment is published with the decision.") if published else _("The assessment is internal again."))
    return redirect("assessments:assessment", pk=pk)


def _section_page(request, assessment, *, public: bool):
    language = _language(request, assessment.language)
    built = actions.consequence_section(assessment, language)
    base = (
        reverse("assessments-public:assessment", args=[assessment.municipality.slug, assessment.pk])
        if public
        else reverse("assessments:section", args=[assessment.pk])
    )
    docx_url = None if public else reverse("assessments:section-docx", args=[assessment.pk])
    crumbs = (
        [(_("Published impact assessments"), reverse("assessments-public:index", args=[assessment.municipality.slug])), (assessment.title, None)]
        if public
        else _crumbs((assessment.title, reverse("assessments:assessment", args=[assessment.pk])), (_("Consequence section"), None))
    )
    return render(
        request,
        "assessments/section_page.html",
        {
            "assessment": assessment,
            "section": built,
            "language": language,
            "other_language_link": f"{base}?language={'en' if language == 'sv' else 'sv'}",
            "docx_url": f"{docx_url}?language={language}" if docx_url else None,
            "public": public,
            "draft": not assessment.is_finished,
            "title": built.title + " – " + assessment.title,
            "breadcrumbs": crumbs,
        },
    )


@login_required
def section_page(request, pk):
    assessment, _access = _assessment(request, pk)
    return _section_page(request, assessment, public=False)


def _filename(assessment: Assessment) -> str:
    safe = re.sub(r"[^A-Za-z0-9]+", "-", assessment.case_number).strip("-") or str(assessment.pk)
    return f"konsekvenser-{safe}.docx"


@login_required
def section_docx(request, pk):
    assessment, _access = _assessment(request, pk)
    language = _language(request, assessment.language)
    built = actions.consequence_section(assessment, language)
    response = HttpResponse(section.render_docx(built, assessment.municipality.name), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(assessment)}"'
    return response


@login_required
def history(request, pk):
    assessment, _access = _assessment(request, pk)
    language = translation.get_language()
    texts = {}
    for slot in templatefile.slots(assessment.template(), actions.perspectives()):
        prefix = f"{slot.perspective.name.get(language)}: " if slot.perspective else ""
        texts[slot.key] = (prefix + slot.question.text.get(language), slot.question)
    revisions = []
    for revision in assessment.revisions.select_related("changed_by")[:500]:
        text, question = texts.get(revision.key, (revision.key, None))
        shown = section.shown_value(question, revision.value, language, _) if question else revision.value
        revisions.append({"revision": revision, "question": text, "value": shown})
    return render(
        request,
        "assessments/history.html",
        {
            "assessment": assessment,
            "revisions": revisions,
            "events": list(assessment.events.select_related("by")),
            "title": _("History"),
            "breadcrumbs": _crumbs((assessment.title, reverse("assessments:assessment", args=[pk])), (_("History"), None)),
        },
    )


# --- Counting for the follow-up -------------------------------------------------------------


@login_required
def summary(request):
    municipality, access = _municipality(request)
    if not actions.can_read_all(access, municipality):
        raise Http404("not for you")
    per_unit, risks = actions.summary_tables(municipality, translation.get_language())
    chart = svgchart.bar_chart(
        title=risks.title,
        rows=[(row[0], row[1]) for row in risks.rows],
        description=_("Number of completed assessments that found a risk, per ground."),
    )
    return render(
        request,
        "assessments/summary.html",
        {
            "per_unit": per_unit,
            "risks": risks,
            "chart": chart,
            "title": _("Impact assessments in the follow-up"),
            "breadcrumbs": _crumbs((_("In the follow-up"), None)),
        },
    )


@login_required
def summary_download(request, table, file_format):
    municipality, access = _municipality(request)
    if not actions.can_read_all(access, municipality) or file_format not in ("csv", "xlsx") or table not in ("units", "risks"):
        raise Http404("no such download")
    per_unit, risks = actions.summary_tables(municipality, translation.get_language())
    chosen = per_unit if table == "units" else risks
    return table_response(chosen, f"konsekvensanalyser-{table}", file_format)


# --- Templates --------------------------------------------------------------------------------


@login_required
def templates(request):
    municipality, access = _municipality(request)
    if not actions.can_use(access, municipality):
        raise Http404("not for you")
    actions.ensure_templates(municipality)
    language = translation.get_language()
    versions = actions.current_versions(municipality)
    return render(
        request,
        "assessments/templates.html",
        {
            "versions": [(v, v.name(language), v.parsed()) for v in versions],
            "can_edit": actions.can_edit_templates(access, municipality),
            "title": _("Assessment templates"),
            "breadcrumbs": _crumbs((_("Templates"), None)),
        },
    )


@login_required
def template_detail(request, key):
    municipality, access = _municipality(request)
    if not actions.can_use(access, municipality):
        raise Http404("not for you")
    template = get_object_or_404(AssessmentTemplate, municipality=municipality, key=key)
    version = template.versions.order_by("-number").first()
    if version is None:
        raise Http404("no version")
    can_edit = actions.can_edit_templates(access, municipality)
    problems = []
    form = TemplateForm(initial={"source": version.source}, version=actions.template_version(template))
    if request.method == "POST":
        if not can_edit:
            raise Http404("not for you")
        form = TemplateForm(request.POST, request.FILES, initial={"source": version.source}, version=actions.template_version(template))
        if form.is_valid():
            try:
                saved = actions.save_template(
                    municipality, form.cleaned_data["source"], f"{key}.yaml", access=access, user=request.user,
                    version=form.submitted_version(),
                )
            except EditConflict as conflict:
                show_conflict(form, conflict)
            except FileProblems as exc:
                problems = exc.lines()
            except actions.ActionRefused as exc:
                form.add_error(None, str(exc))
            else:
                return _after_saving_template(request, saved, key=key)
    language = translation.get_language()
    parsed = version.parsed()
    return render(
        request,
        "assessments/template.html",
        {
            "template": template,
            "version": version,
            "parsed": parsed,
            "steps": _template_steps(parsed, language),
            "name": parsed.name.get(language),
            "form": form,
            "problems": problems,
            "can_edit": can_edit,
            "can_start": actions.can_start(access, municipality),
            "versions": list(template.versions.select_related("created_by").order_by("-number")),
            "title": parsed.name.get(language),
            "breadcrumbs": _crumbs((_("Templates"), reverse("assessments:templates")), (parsed.name.get(language), None)),
        },
        status=400 if problems else 200,
    )


def _after_saving_template(request, saved: TemplateVersion | None, *, key: str):
    if saved is None:
        messages.info(request, _("Nothing changed: the template is as it was."))
    elif saved.template.key != key:
        messages.success(request, _("Saved as a new template, %(key)s, since the key changed.") % {"key": saved.template.key})
        return redirect("assessments:template", key=saved.template.key)
    else:
        messages.success(
            request,
            _("Saved as version %(number)d. Assessments already started keep the version they began with.")
            % {"number": saved.number},
        )
    return redirect("assessments:template", key=key)


def _template_steps(parsed, language: str) -> list[dict]:
    return [
        {
            "title": s.title.get(language),
            "for_each": s.for_each_perspective,
            "questions": [(q.text.get(language), q.required, q.type) for q in s.questions],
        }
        for s in parsed.steps
    ]


@login_required
def template_download(request, key):
    municipality, access = _municipality(request)
    if not actions.can_use(access, municipality):
        raise Http404("not for you")
    version = TemplateVersion.objects.filter(template__municipality=municipality, template__key=key).order_by("-number").first()
    if version is None:
        raise Http404("no such template")
    response = HttpResponse(version.source, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{key}.yaml"'
    return response


# --- Public -------------------------------------------------------------------------------------


def public_index(request, municipality):
    found = get_object_or_404(Municipality, slug=municipality)
    published = (
        Assessment.objects.filter(municipality=found, published=True, state__in=[AssessmentState.COMPLETED, AssessmentState.SCREENED_OUT])
        .select_related("unit", "template_version__template")
        .order_by("-decision_date", "-pk")
    )
    language = translation.get_language()
    return render(
        request,
        "assessments/public_index.html",
        {
            "municipality": found,
            "assessments": [(a, a.template_version.name(language)) for a in published],
            "title": _("Published impact assessments"),
            "breadcrumbs": [(found.name, None), (_("Published impact assessments"), None)],
        },
    )


def public_assessment(request, municipality, pk):
    found = get_object_or_404(Municipality, slug=municipality)
    assessment = get_object_or_404(
        Assessment.objects.select_related("unit", "template_version__template", "municipality"),
        pk=pk,
        municipality=found,
        published=True,
        state__in=[AssessmentState.COMPLETED, AssessmentState.SCREENED_OUT],
    )
    return _section_page(request, assessment, public=True)
