"""Learning events: the plan owner records them and their attendance; members evaluate them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Avg, Count, OuterRef, Subquery, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lika.core.editing import EditConflict, show_conflict
from lika.organisations.access import access_for
from lika.organisations.models import OrganisationUnit
from lika.plans.models import SteeringDocument
from lika.plans.queries import measure_nodes

from . import actions
from .forms import AttendanceForm, EvaluationForm, EventForm
from .models import Attendance, Evaluation, LearningEvent
from .views import member_municipality


def _crumbs(*extra):
    return [(_("Central support"), reverse("support:index")), (_("Learning events"), reverse("support:events")), *extra]


def _event(request, pk) -> tuple[LearningEvent, object]:
    municipality_id = member_municipality(request)
    event = get_object_or_404(LearningEvent.objects.prefetch_related("measures__document", "perspectives"), pk=pk, municipality_id=municipality_id)
    return event, access_for(request.user)


def _plan_measures(municipality_id: int) -> list:
    """The measures of the municipality's adopted documents (the leaves units report on)."""
    nodes = []
    for document in SteeringDocument.objects.filter(municipality_id=municipality_id, status="adopted").order_by("pk"):
        nodes.extend(measure_nodes(document))
    return nodes


def _per_event(model, name, aggregate):
    """A subquery of one figure per event (separate subqueries: joining both tables would multiply rows)."""
    return (
        model.objects.filter(event=OuterRef("pk")).order_by().values("event").annotate(value=aggregate(name)).values("value")
    )


@login_required
def events(request):
    municipality_id = member_municipality(request)
    found = (
        LearningEvent.objects.filter(municipality_id=municipality_id)
        .annotate(
            attended=Subquery(_per_event(Attendance, "attended", Sum)),
            evaluated=Subquery(_per_event(Evaluation, "score", Count)),
            mean=Subquery(_per_event(Evaluation, "score", Avg)),
        )
        .order_by("-date", "pk")
    )
    title = _("Learning events")
    return render(request, "support/events.html", {
        "events": found, "title": title, "is_plan_owner": access_for(request.user).is_plan_owner(municipality_id),
        "breadcrumbs": _crumbs()[:1] + [(title, None)],
    })


@login_required
def event_edit(request, pk=None):
    municipality_id = member_municipality(request)
    access = access_for(request.user)
    if not access.is_plan_owner(municipality_id):
        raise Http404("not the plan owner")
    event = get_object_or_404(LearningEvent, pk=pk, municipality_id=municipality_id) if pk else None
    form = EventForm(request.POST or None, instance=event, measures=_plan_measures(municipality_id),
                     version=actions.event_version(event) if event else "")
    if request.method == "POST" and form.is_valid():
        data = actions.EventInput(fields=form.event_fields(), measures=list(form.cleaned_data["measures"]),
                                  perspectives=list(form.cleaned_data["perspectives"]))
        try:
            saved = actions.save_event(municipality_id, data, access=access, event=event,
                                       version=form.submitted_version() if event else None)
            messages.success(request, _("The learning event was saved."))
            return redirect("support:event", saved.pk)
        except EditConflict as conflict:
            show_conflict(form, conflict)
        except actions.ActionRefused as exc:
            form.add_error(None, str(exc))
    title = event.title if event else _("New learning event")
    return render(request, "support/event_form.html", {"form": form, "event": event, "title": title, "breadcrumbs": _crumbs((title, None))})


@login_required
def event(request, pk):
    found, access = _event(request, pk)
    attendance = list(found.attendance.select_related("unit"))
    evaluations = list(found.evaluations.order_by("-created_at"))
    scores = [e.score for e in evaluations]
    return render(request, "support/event.html", {
        "event": found,
        "attendance": attendance,
        "registered": sum(a.registered for a in attendance),
        "attended": sum(a.attended for a in attendance),
        "evaluations": evaluations,
        "mean": round(sum(scores) / len(scores), 1) if scores else None,
        "is_plan_owner": access.is_plan_owner(found.municipality_id),
        "can_evaluate": found.date <= timezone.localdate(),
        "evaluation_form": EvaluationForm(),
        "title": found.title,
        "breadcrumbs": _crumbs((found.title, None)),
    })


@login_required
def attendance(request, pk):
    found, access = _event(request, pk)
    if not access.is_plan_owner(found.municipality_id):
        raise Http404("not the plan owner")
    units = list(OrganisationUnit.objects.filter(municipality_id=found.municipality_id, is_active=True).order_by("name_sv"))
    listed = {u.pk for u in units}
    units += [row.unit for row in found.attendance.select_related("unit") if row.unit_id not in listed]
    unit_ids = [u.pk for u in units]
    form = AttendanceForm(request.POST or None, units=units, initial_rows=actions.attendance_state(found, unit_ids),
                          version=actions.attendance_version(found, unit_ids))
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_attendance(found, form.counts(), access=access, version=form.submitted_version())
            messages.success(request, _("The attendance was saved."))
            return redirect("support:event", found.pk)
        except EditConflict as conflict:
            show_conflict(form, conflict)
        except actions.ActionRefused as exc:
            form.add_error(None, str(exc))
    title = _("Registrations and attendance")
    return render(request, "support/attendance.html", {
        "form": form, "event": found, "title": title,
        "breadcrumbs": _crumbs((found.title, reverse("support:event", args=[found.pk])), (title, None)),
    })


@login_required
@require_POST
def evaluate(request, pk):
    found, access = _event(request, pk)
    form = EvaluationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a score from 1 to 5; nothing was saved."))
        return redirect("support:event", found.pk)
    try:
        actions.add_evaluation(found, form.cleaned_data["score"], form.cleaned_data["comment"], access=access)
        messages.success(request, _("Thank you: your evaluation was saved."))
    except actions.ActionRefused as exc:
        messages.error(request, str(exc))
    return redirect("support:event", found.pk)


@login_required
@require_POST
def event_delete(request, pk):
    found, access = _event(request, pk)
    try:
        actions.delete_event(found, access=access)
        messages.success(request, _("The learning event was deleted."))
        return redirect("support:events")
    except actions.ActionRefused as exc:
        messages.error(request, str(exc))
    return redirect("support:event", found.pk)
