"""The consultation pages: send a draft out, answer it for a unit, read the answers, download them."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lika.core.downloads import table_response
from lika.lib.tables import Table
from lika.organisations.access import access_for
from lika.organisations.models import OrganisationUnit
from lika.plans.models import SteeringDocument

from . import actions
from .models import Consultation, Decision, NodeAnswer, Position


def _document(request, identifier):
    access = access_for(request.user)
    document = get_object_or_404(SteeringDocument.objects.select_related("municipality"), identifier=identifier)
    if not access.is_member(document.municipality_id):
        raise Http404("no such document")
    return access, document


def _crumbs(document, *extra):
    municipality = document.municipality
    return [
        (_("Steering documents"), reverse("home")),
        (municipality.name, reverse("plans:documents", args=[municipality.slug])),
        (document.title, reverse("plans:document", args=[municipality.slug, document.identifier])),
        *extra,
    ]


@login_required
def index(request, identifier):
    access, document = _document(request, identifier)
    consultations = list(document.consultations.prefetch_related("units", "replies__unit"))
    rows = [(c, actions.may_answer_for(access, c), {r.unit_id for r in c.replies.all()}) for c in consultations]
    return render(request, "consultation/index.html", {
        "document": document, "rows": rows, "is_owner": access.is_plan_owner(document.municipality_id),
        "title": _("Consultation"), "breadcrumbs": _crumbs(document, (_("Consultation"), None)),
    })


class SendForm(forms.Form):
    units = forms.ModelMultipleChoiceField(label=gettext_lazy("Units asked"), queryset=OrganisationUnit.objects.none(),
                                           widget=forms.CheckboxSelectMultiple)
    deadline = forms.DateField(label=gettext_lazy("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    questions = forms.CharField(label=gettext_lazy("Questions to the units"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, municipality_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = OrganisationUnit.objects.filter(municipality_id=municipality_id, is_active=True).order_by("name_sv")


@login_required
def send(request, identifier):
    access, document = _document(request, identifier)
    if not access.is_plan_owner(document.municipality_id):
        raise PermissionDenied
    form = SendForm(request.POST or None, municipality_id=document.municipality_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.send(document, list(data["units"]), data["deadline"], data["questions"], access=access, user=request.user)
        except actions.ActionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The draft was sent out for consultation."))
            return redirect("consultation:index", document.identifier)
    heading = _("Send the draft out for consultation")
    return render(request, "consultation/form.html", {
        "form": form, "heading": heading, "back": reverse("consultation:index", args=[document.identifier]),
        "title": heading, "breadcrumbs": _crumbs(document, (heading, None)),
    })


def _answer_form(nodes, data=None):
    form = forms.Form(data)
    choices = [("", gettext_lazy("No answer"))] + list(Position.choices)
    for node in nodes:
        form.fields[f"position_{node.pk}"] = forms.ChoiceField(label=f"{node.code} {node.title}", choices=choices, required=False)
        form.fields[f"text_{node.pk}"] = forms.CharField(
            label=_("Your text on %(code)s") % {"code": node.code}, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    form.fields["general"] = forms.CharField(label=_("General comment"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    return form


@login_required
def answer(request, identifier, pk, unit):
    access, document = _document(request, identifier)
    consultation = get_object_or_404(Consultation, pk=pk, document=document)
    found = next((u for u in actions.may_answer_for(access, consultation) if u.key == unit), None)
    if found is None:
        raise PermissionDenied
    nodes = list(document.nodes.order_by("position"))
    form = _answer_form(nodes, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        answers = [actions.AnswerInput(n.pk, data[f"position_{n.pk}"], data[f"text_{n.pk}"]) for n in nodes if data[f"position_{n.pk}"]]
        try:
            actions.reply(consultation, found, answers, data["general"], access=access, user=request.user)
        except actions.ActionRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The answer of %(unit)s was sent to the plan owner.") % {"unit": found.name})
            return redirect("consultation:index", document.identifier)
    heading = _("Answer for %(unit)s") % {"unit": found.name}
    return render(request, "consultation/form.html", {
        "form": form, "heading": heading, "intro": consultation.questions, "deadline": consultation.deadline,
        "back": reverse("consultation:index", args=[document.identifier]),
        "title": heading, "breadcrumbs": _crumbs(document, (_("Consultation"), reverse("consultation:index", args=[document.identifier])), (heading, None)),
    })


def _owner_consultation(request, identifier, pk):
    access, document = _document(request, identifier)
    if not access.is_plan_owner(document.municipality_id):
        raise PermissionDenied
    consultation = get_object_or_404(Consultation.objects.prefetch_related("units"), pk=pk, document=document)
    answers = list(NodeAnswer.objects.filter(reply__consultation=consultation).select_related("node", "reply__unit").order_by("node__position", "reply__unit__name_sv"))
    return document, consultation, answers


@login_required
def summary(request, identifier, pk):
    document, consultation, answers = _owner_consultation(request, identifier, pk)
    by_node = {}
    for item in answers:
        by_node.setdefault(item.node, []).append(item)
    replies = {r.unit_id: r for r in consultation.replies.select_related("unit")}
    units = [(unit, replies.get(unit.pk)) for unit in consultation.units.order_by("name_sv")]
    heading = _("Answers to the consultation")
    return render(request, "consultation/summary.html", {
        "document": document, "consultation": consultation, "by_node": list(by_node.items()), "units": units,
        "decisions": Decision.choices,
        "title": heading, "breadcrumbs": _crumbs(document, (_("Consultation"), reverse("consultation:index", args=[document.identifier])), (heading, None)),
    })


@login_required
def summary_download(request, identifier, pk, file_format):
    if file_format not in ("csv", "xlsx"):
        raise Http404("unknown format")
    document, consultation, answers = _owner_consultation(request, identifier, pk)
    table = Table(
        title=_("Answers to the consultation"),
        columns=[_("Code"), _("Title"), _("Unit"), _("Position"), _("Text"), _("Decision"), _("Reason")],
    )
    for item in answers:
        table.rows.append([item.node.code, item.node.title, item.reply.unit.name, item.get_position_display(), item.text,
                           item.get_decision_display() if item.decision else "", item.decision_reason])
    for reply in consultation.replies.select_related("unit"):
        if reply.general:
            table.rows.append(["", _("General comment"), reply.unit.name, "", reply.general, "", ""])
    return table_response(table, f"{document.identifier}-{_('consultation')}", file_format)


@login_required
def settle(request, identifier, pk, answer):
    if request.method != "POST":
        raise Http404("post only")
    document, consultation, answers = _owner_consultation(request, identifier, pk)
    found = next((item for item in answers if item.pk == answer), None)
    if found is None:
        raise Http404("no such answer")
    try:
        actions.settle(found, request.POST.get("decision", ""), request.POST.get("reason", ""), access=access_for(request.user), user=request.user)
    except actions.ActionRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The decision on the answer of %(unit)s was saved.") % {"unit": found.reply.unit.name})
    return redirect(reverse("consultation:summary", args=[document.identifier, consultation.pk]) + f"#a{found.pk}")


@login_required
def remind(request, identifier, pk):
    """Send the reminders that are due now (the daily job sends them too)."""
    if request.method != "POST":
        raise Http404("post only")
    document, consultation, _answers = _owner_consultation(request, identifier, pk)
    units = actions.send_reminders(consultation, today=timezone.localdate())
    if units:
        messages.success(request, _("Reminded: %(units)s.") % {"units": ", ".join(unit.name for unit in units)})
    else:
        messages.info(request, _("No reminders were due: they go out once, from %(days)s days before the deadline, to units that have not answered.")
                      % {"days": consultation.reminder_days})
    return redirect("consultation:summary", document.identifier, consultation.pk)
