"""Merge and split a plan's items (measures, strategies) in a draft revision: the two pages and their forms.

Every write goes through `lika.plans.merge_split`; the pages only read and show.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lika.core.localized import localized
from lika.organisations.models import OrganisationUnit
from lika.plans import merge_split
from lika.plans.actions import ActionRefused, node_version
from lika.plans.models import ResponsibilityRole
from lika.plans.revision_views import _back, _crumbs, _draft_node, _form_page


class _Versioned(forms.Form):
    """The version of the node the form was read at (lika.lib.versions), checked by the action."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)


class MergeForm(_Versioned):
    others = forms.MultipleChoiceField(
        label=gettext_lazy("Merge these into it"),
        widget=forms.CheckboxSelectMultiple,
    )
    title_sv = forms.CharField(label=gettext_lazy("New title (Swedish)"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                               help_text=gettext_lazy("Leave empty to keep the title and text as they are."))
    title_en = forms.CharField(label=gettext_lazy("New title (English)"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    body_sv = forms.CharField(label=gettext_lazy("New text (Swedish)"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    body_en = forms.CharField(label=gettext_lazy("New text (English)"), widget=forms.Textarea(attrs={"rows": 5}), required=False)

    def __init__(self, *args, choices, words, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["others"].choices = choices
        self.fields["others"].help_text = _(
            "Their units, goals and contributions carry on in the merged %(leaf)s, which remembers every %(leaf)s it comes from."
        ) % words


def _level_words(document, node) -> dict[str, str]:
    """What the plan calls nodes at this node's level, lower case: {"leaf": "strategi", "leaves": "strategier"}
    in Halmstad, so the page does not say "measure" of a plan that has none."""
    level = document.levels.filter(depth=node.depth).first()
    if level is None:
        return {"leaf": _("item"), "leaves": _("items")}
    return {"leaf": localized(level, "name").lower(), "leaves": localized(level, "plural").lower()}


class SplitForm(_Versioned):
    code = forms.CharField(label=gettext_lazy("Code of the new part"), max_length=50)
    title_sv = forms.CharField(label=gettext_lazy("Title of the new part (Swedish)"), widget=forms.Textarea(attrs={"rows": 2}))
    title_en = forms.CharField(label=gettext_lazy("Title of the new part (English)"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    body_sv = forms.CharField(label=gettext_lazy("Text of the new part (Swedish)"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    body_en = forms.CharField(label=gettext_lazy("Text of the new part (English)"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    implementers = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Units that implement the new part"), queryset=OrganisationUnit.objects.none(),
        widget=forms.CheckboxSelectMultiple, required=False,
    )

    def __init__(self, *args, municipality_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["implementers"].queryset = OrganisationUnit.objects.filter(
            municipality_id=municipality_id, is_active=True
        ).order_by("name_sv")


@login_required
def node_merge(request, municipality, identifier, code):
    municipality, access, document, node = _draft_node(request, municipality, identifier, code)
    candidates = list(document.nodes.filter(depth=node.depth).exclude(pk=node.pk).order_by("position"))
    words = _level_words(document, node)
    form = MergeForm(request.POST or None, choices=[(c.code, f"{c.code} {c.title}") for c in candidates],
                     words=words, initial={"version": node_version(node)})
    refused = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        wanted, version = set(data.pop("others")), data.pop("version")
        chosen = [c for c in candidates if c.code in wanted]
        try:
            merged = merge_split.merge_nodes([node, *chosen], merge_split.MergeInput(**data), access=access, user=request.user,
                                             version=version)
        except ActionRefused as exc:
            refused = str(exc)
        else:
            messages.success(request, _("Merged into %(code)s: %(codes)s.") % {"code": merged.code, "codes": ", ".join(c.code for c in chosen)})
            return redirect(_back(document))
    heading = _("Merge into %(code)s %(title)s") % {"code": node.code, "title": node.title}
    return _form_page(request, form, heading=heading, button=_("Merge"), back=_back(document),
                      intro=_("The %(leaves)s chosen leave the draft; %(code)s continues all of them.") % {**words, "code": node.code},
                      crumbs=_crumbs(municipality, document, (heading, None)), refused=refused)


@login_required
def node_split(request, municipality, identifier, code):
    municipality, access, document, node = _draft_node(request, municipality, identifier, code)
    implementers = node.responsibilities.filter(role=ResponsibilityRole.IMPLEMENTS, unit__isnull=False).values_list("unit_id", flat=True)
    form = SplitForm(request.POST or None, municipality_id=municipality.pk,
                     initial={"implementers": list(implementers), "version": node_version(node)})
    refused = None
    words = _level_words(document, node)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        version = values.pop("version")
        data = merge_split.SplitInput(**{**values, "implementers": list(values["implementers"])})
        try:
            part = merge_split.split_node(node, data, access=access, user=request.user, version=version)
        except ActionRefused as exc:
            refused = str(exc)
        else:
            messages.success(request, _("%(code)s was split; the new part %(new)s continues the same %(leaf)s.") % {**words, "code": node.code, "new": part.code})
            return redirect(_back(document))
    heading = _("Split %(code)s %(title)s") % {"code": node.code, "title": node.title}
    return _form_page(request, form, heading=heading, button=_("Split"), back=_back(document),
                      intro=_("%(code)s stays; a new part is added after it. Both continue the same %(leaf)s of the earlier version.") % {**words, "code": node.code},
                      crumbs=_crumbs(municipality, document, (heading, None)), refused=refused)
