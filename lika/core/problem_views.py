"""Report an accessibility problem (from the accessibility statement) and the plan owner's answers."""

from allauth.core import ratelimit
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lika.organisations import actions
from lika.organisations.access import access_for
from lika.organisations.models import Municipality, ProblemReport

THROTTLE_ACTION = "report_problem"  # its rate is in settings.ACCOUNT_RATE_LIMITS


class ProblemForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=gettext_lazy("Which municipality's plans were you reading?"), queryset=Municipality.objects.all()
    )
    page = forms.CharField(
        label=gettext_lazy("Page or address"), max_length=500, required=False,
        help_text=gettext_lazy("Where the problem is, if you know."),
    )
    description = forms.CharField(
        label=gettext_lazy("What is the problem?"), max_length=actions.MAX_PROBLEM_TEXT, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("What did you try to do, and what happened?"),
    )
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=200, required=False)
    email = forms.EmailField(
        label=gettext_lazy("Your e-mail address"), required=False,
        help_text=gettext_lazy("Give it if you want an answer."),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=gettext_lazy("Answer"), widget=forms.Textarea(attrs={"rows": 6}))


def report(request):
    """The form on the accessibility statement: it reaches the plan owner of the chosen municipality."""
    initial = {"page": request.GET.get("page", "")[:500]}
    only = list(Municipality.objects.all()[:2])
    if len(only) == 1:
        initial["municipality"] = only[0].pk
    form = ProblemForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if not ratelimit.consume(request, action=THROTTLE_ACTION):
            form.add_error(None, _("Too many reports from your address in a short time. Try again later, or use the e-mail address on the accessibility statement."))
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                actions.report_problem(
                    data["municipality"], description=data["description"], page=data["page"], name=data["name"],
                    email=data["email"], language=translation.get_language(),
                )
            except actions.ActionRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, _("Thank you. Your report has reached the plan owner."))
                return redirect("accessibility")
    return render(request, "core/problem_report.html", {"form": form, "title": _("Report an accessibility problem")}, status=status)


def _owned_municipality(request):
    access = access_for(request.user)
    municipality = Municipality.objects.filter(pk=access.municipality_id).first()
    if municipality is None or not (access.is_superuser or access.is_plan_owner(municipality)):
        raise Http404("not for you")
    return municipality


@login_required
def reports(request):
    """The plan owner's list of reported problems, unanswered first."""
    municipality = _owned_municipality(request)
    found = list(ProblemReport.objects.filter(municipality=municipality).order_by("answered_at", "-created_at"))
    return render(request, "core/problem_reports.html", {"reports": found, "title": _("Reported accessibility problems")})


@login_required
def answer(request, pk):
    municipality = _owned_municipality(request)
    problem = get_object_or_404(ProblemReport, pk=pk, municipality=municipality)
    form = AnswerForm(request.POST or None, initial={"answer": problem.answer})
    if request.method == "POST" and form.is_valid():
        try:
            actions.answer_problem(request.user, problem, answer=form.cleaned_data["answer"])
        except actions.ActionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The answer is saved.") if not problem.email else _("The answer is saved and sent."))
            return redirect("problem-reports")
    return render(
        request, "core/problem_answer.html",
        {"form": form, "problem": problem, "title": _("Answer a reported problem"), "back": reverse("problem-reports")},
    )
