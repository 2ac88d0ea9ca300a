"""Follow-up pages: rounds, a unit's submission, its measure reports and examples, review.

Access is decided by `permissions.round_access`; anything a user may not see is
a 404, the same as a record that does not exist. Writes go through `actions`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lika.core.editing import EditConflict, show_conflict
from lika.lib.filetypes import ACCEPTED
from lika.organisations.access import access_for
from lika.organisations.models import OrganisationUnit
from lika.plans.queries import leaf_words

from . import actions
from .forms import AnswersForm, ExampleForm, MeasureReportForm, ReviewForm, RoundForm
from .models import (
    Attachment,
    Example,
    FollowUpRound,
    MeasureReport,
    RoundState,
    Submission,
    SubmissionEvent,
    SubmissionState,
)
from .permissions import RoundAccess, round_access


def _round(request, identifier) -> tuple[FollowUpRound, RoundAccess]:
    round_ = get_object_or_404(FollowUpRound.objects.select_related("document__municipality"), identifier=identifier)
    who = round_access(request.user, round_)
    if round_.state == RoundState.DRAFT and not who.is_plan_owner:
        raise Http404("no such round")
    return round_, who


def _crumbs(round_, *extra):
    return [
        (_("Follow-up"), reverse("followup:rounds")),
        (round_.title, reverse("followup:round", args=[round_.identifier])),
        *extra,
    ]


@login_required
def rounds(request):
    access = access_for(request.user)
    if not access.municipality_id:
        raise Http404("no municipality")
    queryset = FollowUpRound.objects.filter(document__municipality_id=access.municipality_id).select_related("document")
    is_plan_owner = access.is_plan_owner(access.municipality_id)
    if not is_plan_owner:
        queryset = queryset.exclude(state=RoundState.DRAFT)
    reporter_units = access.units_for("reporter")
    own = {}
    for submission in Submission.objects.filter(round__in=queryset, unit_id__in=reporter_units).select_related("unit"):
        own.setdefault(submission.round_id, []).append(submission)
    units = list(OrganisationUnit.objects.filter(pk__in=reporter_units).order_by("name_sv"))
    rows = [(round_, own.get(round_.pk, [])) for round_ in queryset.order_by("-period_end")]
    return render(
        request,
        "followup/rounds.html",
        {"rows": rows, "is_plan_owner": is_plan_owner, "units": units, "title": _("Follow-up rounds"),
         "breadcrumbs": [(_("Follow-up"), None)]},
    )


@login_required
def round_create(request):
    access = access_for(request.user)
    if not access.municipality_id or not access.is_plan_owner(access.municipality_id):
        raise Http404("not a plan owner")
    form = RoundForm(request.POST or None, municipality=access.municipality_id)
    if request.method == "POST" and form.is_valid():
        round_ = form.save()
        actions.write_round_questions(round_, form.cleaned_data["questions"])
        messages.success(request, _("The round was created as a draft. Open it when it is ready."))
        return redirect("followup:round", round_.identifier)
    return render(
        request,
        "followup/round_form.html",
        {"form": form, "title": _("New follow-up round"), "breadcrumbs": [(_("Follow-up"), reverse("followup:rounds")), (_("New round"), None)]},
    )


@login_required
def round_edit(request, identifier):
    round_, who = _round(request, identifier)
    if not who.is_plan_owner or round_.state == RoundState.PUBLISHED:
        raise Http404("cannot edit")
    form = RoundForm(
        request.POST or None, instance=round_, municipality=round_.document.municipality_id,
        version=actions.round_settings_version(round_),
    )
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in [*actions.ROUND_FIELDS, "questions_sv", "questions_en"]}
        try:
            actions.save_round_settings(round_, values, who=who, version=form.submitted_version())
            messages.success(request, _("The round's settings were saved."))
            return redirect("followup:round", round_.identifier)
        except EditConflict as conflict:
            show_conflict(form, conflict)
        except actions.ActionRefused as exc:
            form.add_error(None, str(exc))
    return render(
        request,
        "followup/round_form.html",
        {"form": form, "round": round_, "title": _("Settings of the round"), "breadcrumbs": _crumbs(round_, (_("Settings"), None))},
    )


@login_required
def round_detail(request, identifier):
    round_, who = _round(request, identifier)
    reporting_units = actions.reporting_units(round_)
    submissions = {
        s.unit_id: s
        for s in Submission.objects.filter(round=round_)
        .select_related("unit")
        .annotate(
            examples=Count("measure_reports__examples", distinct=True),
            reported=Count("measure_reports", filter=~Q(measure_reports__status=""), distinct=True),
        )
    }
    table = []
    if who.is_plan_owner:
        units = {u.pk: u for u in reporting_units}
        units.update({s.unit_id: s.unit for s in submissions.values()})
        table = [(unit, submissions.get(unit.pk)) for unit in sorted(units.values(), key=lambda u: u.name_sv)]
    own_units = [u for u in OrganisationUnit.objects.filter(pk__in=who.reporter_unit_ids).order_by("name_sv")]
    own = [(unit, submissions.get(unit.pk)) for unit in own_units]
    to_review = []
    if who.is_coordinator:
        to_review = list(
            MeasureReport.objects.filter(submission__round=round_, measure_id__in=who.coordinated_measure_ids)
            .exclude(submission__state=SubmissionState.DRAFT)
            .select_related("submission__unit", "measure")
            .annotate(example_count=Count("examples"))
            .order_by("measure__position", "submission__unit__name_sv")
        )
    transitions = [state for state in RoundState if round_.can_move_to(state)] if who.is_plan_owner else []
    asked = actions.who_will_be_asked(round_) if who.is_plan_owner and round_.state == RoundState.DRAFT else None
    return render(
        request,
        "followup/round.html",
        {
            "round": round_,
            "who": who,
            "table": table,
            "own": own,
            "to_review": to_review,
            "transitions": transitions,
            "asked": asked,
            "untold": [item.unit for item in asked if not item.reporters] if asked else [],
            **leaf_words(round_.document),  # the page speaks of "strategies" where the plan has strategies
            "questions": round_.questions.order_by("position"),
            "today": timezone.localdate(),
            "title": round_.title,
            "breadcrumbs": _crumbs(round_)[:-1] + [(round_.title, None)],
        },
    )


@login_required
@require_POST
def round_state(request, identifier):
    round_, who = _round(request, identifier)
    target = request.POST.get("state", "")
    if target not in RoundState.values:
        raise Http404("unknown state")
    try:
        for line in actions.change_round_state(round_, target, who=who, user=request.user):
            messages.info(request, line)
        messages.success(request, _("The round is now %(state)s.") % {"state": round_.get_state_display().lower()})
    except actions.ActionRefused as exc:
        messages.error(request, str(exc))
    return redirect("followup:round", round_.identifier)


@login_required
@require_POST
def round_remind(request, identifier):
    round_, who = _round(request, identifier)
    if not who.is_plan_owner:
        raise Http404("not a plan owner")
    units = actions.send_reminders(round_, today=timezone.localdate())
    if units:
        messages.success(request, _("Reminders were sent to: %(units)s.") % {"units": ", ".join(u.name for u in units)})
    else:
        messages.info(request, _("No reminders were due: they go out once, from %(days)s days before the deadline, to units that have not submitted.") % {"days": round_.reminder_days})
    return redirect("followup:round", round_.identifier)


# A unit's submission ------------------------------------------------------------------


def _submission(request, identifier, unit_key, *, create=False):
    round_, who = _round(request, identifier)
    unit = OrganisationUnit.objects.filter(municipality_id=round_.document.municipality_id, key=unit_key).first()
    if unit is None:
        raise Http404("no such unit")
    submission = Submission.objects.filter(round=round_, unit=unit).first()
    is_own = unit.pk in who.reporter_unit_ids
    if submission is None:
        if not (is_own or who.is_plan_owner):
            raise Http404("no such submission")
    elif not who.can_see_submission(submission):
        raise Http404("no such submission")
    return round_, who, unit, submission


@login_required
def submission_view(request, identifier, unit):
    round_, who, unit, submission = _submission(request, identifier, unit)
    reports = []
    answers = []
    if submission:
        reports = [
            report
            for report in submission.measure_reports.select_related("measure").annotate(example_count=Count("examples"))
            if who.can_see_report(report)
        ]
        if who.is_plan_owner or who.can_edit_submission(submission):
            answered = {a.question_id: a.text for a in submission.answers.all()}
            answers = [(q, answered.get(q.pk, "")) for q in round_.questions.order_by("position")]
    missing_status = [r for r in reports if not r.status]
    without_examples = [r for r in reports if not r.example_count]
    examples = Example.objects.filter(measure_report__in=reports)
    lacking = {
        "effects": examples.filter(effects="").count(),
        "learning": examples.filter(learning="").count(),
    }
    return render(
        request,
        "followup/submission.html",
        {
            "round": round_,
            **leaf_words(round_.document),
            "who": who,
            "unit": unit,
            "submission": submission,
            "reports": reports,
            "answers": answers,
            "can_edit": bool(submission) and who.can_edit_submission(submission) and submission.is_editable and round_.state == RoundState.OPEN,
            "can_start": submission is None and unit.pk in who.reporter_unit_ids and round_.state == RoundState.OPEN,
            "missing_status": missing_status,
            "without_examples": without_examples,
            "lacking": lacking,
            "title": unit.name,
            "breadcrumbs": _crumbs(round_, (unit.name, None)),
        },
    )


@login_required
@require_POST
def submission_start(request, identifier, unit):
    round_, who, unit, submission = _submission(request, identifier, unit)
    if unit.pk not in who.reporter_unit_ids:
        raise Http404("not your unit")
    if round_.state != RoundState.OPEN:
        messages.error(request, _("The round is not open."))
    else:
        actions.get_or_create_submission(round_, unit, user=request.user)
    return redirect("followup:submission", round_.identifier, unit.key)


@login_required
@require_POST
def submission_submit(request, identifier, unit):
    round_, who, unit, submission = _submission(request, identifier, unit)
    if submission is None or not who.can_edit_submission(submission):
        raise Http404("no such submission")
    try:
        actions.submit(submission, who=who, user=request.user)
        messages.success(request, _("Thank you! The submission was sent to the coordinators."))
    except actions.ActionRefused as exc:
        messages.error(request, str(exc))
    return redirect("followup:submission", round_.identifier, unit.key)


@login_required
@require_POST
def submission_approve(request, identifier, unit):
    round_, who, unit, submission = _submission(request, identifier, unit)
    if submission is None or not who.is_plan_owner:
        raise Http404("no such submission")
    try:
        actions.approve_submission(submission, who=who, user=request.user)
        messages.success(request, _("The whole submission was approved."))
    except actions.ActionRefused as exc:
        messages.error(request, str(exc))
    return redirect("followup:submission", round_.identifier, unit.key)


@login_required
def answers_edit(request, identifier, unit):
    round_, who, unit, submission = _submission(request, identifier, unit)
    if submission is None or not who.can_edit_submission(submission):
        raise Http404("no such submission")
    questions = list(round_.questions.order_by("position"))
    existing = {a.question_id: a.text for a in submission.answers.all()}
    form = AnswersForm(
        request.POST or None, questions=questions, answers=existing, version=actions.answers_version(submission)
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_answers(submission, form.answers(), who=who, user=request.user, version=form.submitted_version())
            messages.success(request, _("The answers were saved."))
            return redirect("followup:submission", round_.identifier, unit.key)
        except EditConflict as conflict:
            show_conflict(form, conflict)
        except actions.ActionRefused as exc:
            form.add_error(None, str(exc))
    return render(
        request,
        "followup/form_page.html",
        {
            "form": form,
            "heading": _("Questions to every unit"),
            "button": _("Save the answers"),
            "title": _("Questions to every unit"),
            "back": reverse("followup:submission", args=[round_.identifier, unit.key]),
            "breadcrumbs": _crumbs(round_, (unit.name, reverse("followup:submission", args=[round_.identifier, unit.key])), (_("Questions"), None)),
        },
    )


@login_required
def history(request, identifier, unit):
    round_, who, unit, submission = _submission(request, identifier, unit)
    if submission is None or not (who.is_plan_owner or who.can_edit_submission(submission) or who.is_coordinator):
        raise Http404("no such submission")
    events = SubmissionEvent.objects.filter(submission=submission).select_related("actor", "measure")
    if not (who.is_plan_owner or who.can_edit_submission(submission)):
        events = events.filter(measure_id__in=who.coordinated_measure_ids)
    return render(
        request,
        "followup/history.html",
        {
            "round": round_,
            **leaf_words(round_.document),
            "unit": unit,
            "events": events.order_by("at", "pk"),
            "title": _("History"),
            "breadcrumbs": _crumbs(round_, (unit.name, reverse("followup:submission", args=[round_.identifier, unit.key])), (_("History"), None)),
        },
    )


# One measure report -----------------------------------------------------------------


def _report(request, identifier, unit, code):
    round_, who, unit, submission = _submission(request, identifier, unit)
    if submission is None:
        raise Http404("no such submission")
    report = (
        MeasureReport.objects.filter(submission=submission, measure__code=code)
        .select_related("measure__document", "submission__unit", "submission__round")
        .first()
    )
    if report is None or not who.can_see_report(report):
        raise Http404("no such report")
    return round_, who, unit, submission, report


@login_required
def report_view(request, identifier, unit, code):
    round_, who, unit, submission, report = _report(request, identifier, unit, code)
    can_edit = who.can_edit_submission(submission) and submission.is_editable and round_.state == RoundState.OPEN
    form = MeasureReportForm(
        request.POST or None,
        initial={"status": report.status, "comment": report.comment},
        version=actions.measure_report_version(report),
    )
    if request.method == "POST":
        if not can_edit:
            raise Http404("not editable")
        if form.is_valid():
            try:
                actions.save_measure_report(
                    report, who=who, user=request.user, status=form.cleaned_data["status"],
                    comment=form.cleaned_data["comment"], version=form.submitted_version(),
                )
                messages.success(request, _("Saved."))
                return redirect("followup:report", round_.identifier, unit.key, report.measure.code)
            except EditConflict as conflict:
                show_conflict(form, conflict)
            except actions.ActionRefused as exc:
                form.add_error(None, str(exc))
    examples = list(
        report.examples.prefetch_related("perspectives", "related_measures", "partner_units", "attachments").order_by("position", "pk")
    )
    thread = SubmissionEvent.objects.filter(
        submission=submission, measure=report.measure, action__in=["commented", "returned", "approved", "submitted"]
    ).select_related("actor").order_by("at", "pk")
    return render(
        request,
        "followup/report.html",
        {
            "round": round_,
            **leaf_words(round_.document),
            "who": who,
            "unit": unit,
            "submission": submission,
            "report": report,
            "form": form,
            "can_edit": can_edit,
            "can_add": can_edit and len(examples) < round_.max_examples,
            "can_review": who.can_review(report) and submission.state != SubmissionState.DRAFT,
            # Approve or return only what the unit has handed in; while it is back with the unit, comment.
            "can_decide": submission.state in (SubmissionState.SUBMITTED, SubmissionState.APPROVED),
            "review_form": ReviewForm(),
            "examples": examples,
            "thread": thread,
            "title": f"{report.measure.code} {report.measure.title}",
            "breadcrumbs": _crumbs(round_, (unit.name, reverse("followup:submission", args=[round_.identifier, unit.key])), (report.measure.code, None)),
        },
    )


@login_required
@require_POST
def report_review(request, identifier, unit, code):
    round_, who, unit, submission, report = _report(request, identifier, unit, code)
    if not who.can_review(report):
        raise Http404("no such report")
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            actions.review(report, form.cleaned_data["decision"], who=who, user=request.user, comment=form.cleaned_data["comment"])
            messages.success(request, _("Your review was saved and the unit can see it."))
        except actions.ActionRefused as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("Choose a decision."))
    return redirect("followup:report", round_.identifier, unit.key, report.measure.code)


@login_required
def example_edit(request, identifier, unit, code, pk=None):
    round_, who, unit, submission, report = _report(request, identifier, unit, code)
    example = get_object_or_404(Example, pk=pk, measure_report=report) if pk else None
    if not (who.can_edit_submission(submission) and submission.is_editable and round_.state == RoundState.OPEN):
        if example is None:
            raise Http404("not editable")
    words = leaf_words(round_.document)
    form = ExampleForm(
        request.POST or None, request.FILES or None, instance=example, report=report, leaves=words["leaves"],
        version=actions.example_version(example) if example else "",
    )
    editable = who.can_edit_submission(submission) and submission.is_editable and round_.state == RoundState.OPEN
    if request.method == "POST":
        if not editable:
            raise Http404("not editable")
        if form.is_valid():
            try:
                data = actions.ExampleInput(
                    fields=form.example_fields(),
                    related_measures=list(form.cleaned_data["related_measures"]),
                    perspectives=list(form.cleaned_data["perspectives"]),
                    partner_units=list(form.cleaned_data["partner_units"]),
                )
                saved = actions.save_example(
                    report, data, who=who, user=request.user, example=example,
                    version=form.submitted_version() if example else None,
                )
                upload = form.cleaned_data.get("attachment")
                if upload:
                    actions.add_attachment(saved, upload, upload.lika_content_type, who=who, user=request.user)
                messages.success(request, _("The example was saved."))
                return redirect("followup:report", round_.identifier, unit.key, report.measure.code)
            except EditConflict as conflict:
                show_conflict(form, conflict)
            except actions.ActionRefused as exc:
                form.add_error(None, str(exc))
        if request.FILES.get("attachment"):
            messages.warning(request, _("Choose the file again: browsers do not keep a chosen file when a form is shown again."))
    return render(
        request,
        "followup/example_form.html",
        {
            "round": round_,
            **words,
            "unit": unit,
            "report": report,
            "example": example,
            "form": form,
            "editable": editable,
            "title": example.title if example else _("New example"),
            "breadcrumbs": _crumbs(
                round_,
                (unit.name, reverse("followup:submission", args=[round_.identifier, unit.key])),
                (report.measure.code, reverse("followup:report", args=[round_.identifier, unit.key, report.measure.code])),
                (example.title if example else _("New example"), None),
            ),
        },
    )


@login_required
@require_POST
def example_delete(request, identifier, unit, code, pk):
    round_, who, unit, submission, report = _report(request, identifier, unit, code)
    example = get_object_or_404(Example, pk=pk, measure_report=report)
    try:
        actions.delete_example(example, who=who, user=request.user)
        messages.success(request, _("The example was deleted."))
    except actions.ActionRefused as exc:
        messages.error(request, str(exc))
    return redirect("followup:report", round_.identifier, unit.key, report.measure.code)


@login_required
def attachment_download(request, identifier, unit, code, pk, attachment):
    round_, who, unit, submission, report = _report(request, identifier, unit, code)
    found = get_object_or_404(Attachment, pk=attachment, example_id=pk, example__measure_report=report)
    # Always a download, never shown in the browser; a type Lika did not accept on upload is sent as plain bytes.
    content_type = found.content_type if found.content_type in ACCEPTED else "application/octet-stream"
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.original_name, content_type=content_type)


@login_required
@require_POST
def attachment_delete(request, identifier, unit, code, pk, attachment):
    round_, who, unit, submission, report = _report(request, identifier, unit, code)
    found = get_object_or_404(Attachment, pk=attachment, example_id=pk, example__measure_report=report)
    try:
        actions.delete_attachment(found, who=who, user=request.user)
        messages.success(request, _("The attachment was deleted."))
    except actions.ActionRefused as exc:
        messages.error(request, str(exc))
    return redirect("followup:example", round_.identifier, unit.key, report.measure.code, pk)
