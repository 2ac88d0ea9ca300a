"""The plan owner's LIX targets per kind of text, and the LIX box measured while a writer types."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lika.core.editing import EditConflict, VersionedFormMixin, show_conflict
from lika.core.readability import KINDS, measure_for_page, targets_for
from lika.lib import readability
from lika.organisations import actions
from lika.organisations.access import access_for
from lika.organisations.models import Municipality

MAX_MEASURED = 100_000  # characters; a longer text is not measured while typing


class TargetsForm(VersionedFormMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        low, high = readability.TARGET_RANGE
        for kind, label in KINDS.items():
            self.fields[kind] = forms.IntegerField(
                label=_("Target LIX for %(kind)s") % {"kind": label},
                min_value=low,
                max_value=high,
                help_text=_("Default %(value)s.") % {"value": readability.DEFAULT_TARGETS[kind]},
            )


@login_required
def targets(request):
    """The plan owner sets, per kind of public text, the LIX its writers aim at."""
    access = access_for(request.user)
    municipality = Municipality.objects.filter(pk=access.municipality_id).first()
    if municipality is None or not (access.is_superuser or access.is_plan_owner(municipality)):
        raise PermissionDenied
    form = TargetsForm(request.POST or None, initial=targets_for(municipality.pk), version=actions.readability_targets_version(municipality))
    if request.method == "POST" and form.is_valid():
        values = {kind: value for kind, value in form.cleaned_data.items() if kind in KINDS}
        try:
            actions.set_readability_targets(request.user, municipality, values, version=form.submitted_version())
        except EditConflict as conflict:
            show_conflict(form, conflict)
        except actions.ActionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The readability targets are saved."))
            return redirect("readability-targets")
    return render(
        request,
        "core/readability_targets.html",
        {"title": _("Readability targets"), "form": form, "municipality": municipality},
    )


@login_required
@require_POST
def measure(request):
    """The LIX box's inside for a text being written (static/lika/readability.js asks while the writer types)."""
    text = request.POST.get("text", "")
    kind = request.POST.get("kind", "")
    if kind not in KINDS or len(text) > MAX_MEASURED:
        return HttpResponseBadRequest(_("Unknown kind of text, or a text too long to measure while typing."))
    target = targets_for(access_for(request.user).municipality_id).get(kind)
    context = {"has_text": bool(text.strip()), **measure_for_page(text, kind, target)}
    return HttpResponse(render_to_string("core/_readability_body.html", context, request=request))
