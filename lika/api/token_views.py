"""The page "API tokens": the plan owner makes, sees and revokes their municipality's tokens."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lika.organisations.access import access_for
from lika.organisations.models import Municipality

from .models import ApiToken, Scope
from .tokens import TokenRefused, create_token, revoke_token


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100, help_text=gettext_lazy("What the token is for, e.g. 'Stratsys' or 'Statistics system'."))
    scope = forms.ChoiceField(label=gettext_lazy("Scope"), choices=Scope.choices, widget=forms.RadioSelect, initial=Scope.READ)
    expires_on = forms.DateField(
        label=gettext_lazy("Expires on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("The last day the token works; at most two years ahead."),
    )


def _owned(request):
    access = access_for(request.user)
    if access.municipality_id is None or not access.is_plan_owner(access.municipality_id):
        raise Http404("only the plan owner manages API tokens")
    return Municipality.objects.get(pk=access.municipality_id), access


def _page(request, municipality, form, secret=None, token=None):
    response = render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": ApiToken.objects.filter(municipality=municipality).select_related("created_by"),
            "secret": secret,
            "new_token": token,
            "municipality": municipality,
            "today": timezone.localdate(),
            "title": _("API tokens"),
            "breadcrumbs": [(_("API tokens"), None)],
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def tokens(request):
    municipality, access = _owned(request)
    if request.method != "POST":
        return _page(request, municipality, TokenForm(initial={"expires_on": timezone.localdate() + timedelta(days=365)}))
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            token, secret = create_token(municipality, access=access, user=request.user, **form.cleaned_data)
        except TokenRefused as refused:
            form.add_error(None, str(refused))
        else:
            return _page(request, municipality, TokenForm(), secret=secret, token=token)
    return _page(request, municipality, form)


@login_required
@require_POST
def revoke(request, pk):
    municipality, access = _owned(request)
    token = get_object_or_404(ApiToken, pk=pk, municipality=municipality)
    revoke_token(token, access=access)
    messages.success(request, _("The token %(name)s no longer works.") % {"name": token.name})
    return redirect("api-tokens")
