"""The revision pages: start a revision, edit the draft, compare versions, adopt, the versions' history.

Every write goes through `lika.plans.actions`; the pages only read and show.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lika.core.editing import EditConflict, show_conflict
from lika.organisations.access import access_for
from lika.plans import actions, queries
from lika.plans.forms import AdoptForm, DropForm, NewNodeForm, NodeForm, RevisionForm
from lika.plans.models import Node, ResponsibilityRole


def _crumbs(municipality, document, *extra):
    return [
        (_("Steering documents"), reverse("home")),
        (municipality.name, reverse("plans:documents", args=[municipality.slug])),
        (document.title, reverse("plans:document", args=[municipality.slug, document.identifier])),
        *extra,
    ]


def _owned(request, municipality, identifier):
    municipality = queries.get_municipality(municipality)
    access = access_for(request.user)
    if not access.is_plan_owner(municipality):
        raise PermissionDenied
    return municipality, access, queries.get_document(municipality, identifier, access)


def _form_page(request, form, *, heading, button, back, crumbs, intro="", refused=None):
    if refused:
        form.add_error(None, refused)
    return render(
        request,
        "plans/form_page.html",
        {"form": form, "heading": heading, "button": button, "back": back, "intro": intro, "title": heading, "breadcrumbs": crumbs},
    )


@login_required
def revise(request, municipality, identifier):
    municipality, access, document = _owned(request, municipality, identifier)
    start = (document.valid_to + timedelta(days=1)) if document.valid_to else document.valid_from
    form = RevisionForm(
        request.POST or None,
        document=document,
        initial={"identifier": f"{document.identifier}-revision", "title_sv": document.title_sv, "title_en": document.title_en,
                 "valid_from": start, "parent": document.parent_id},
    )
    refused = None
    if request.method == "POST" and form.is_valid():
        data = actions.RevisionInput(**form.cleaned_data)
        try:
            draft = actions.start_revision(document, data, access=access, user=request.user)
        except actions.ActionRefused as exc:
            refused = str(exc)
        else:
            messages.success(request, _("The revision is a draft; the adopted version stays in force until you adopt the revision."))
            return redirect("followup:revision", draft.identifier)
    return _form_page(
        request, form, heading=_("Start a revision"), button=_("Start the revision"),
        back=reverse("plans:document", args=[municipality.slug, document.identifier]),
        intro=_("The new draft gets this document's structure, texts and responsibilities. Each node remembers the node it comes from."),
        crumbs=_crumbs(municipality, document, (_("Start a revision"), None)), refused=refused,
    )


def _draft_node(request, municipality, identifier, code):
    municipality, access, document = _owned(request, municipality, identifier)
    node = Node.objects.filter(document=document, code=code).first()
    if node is None:
        raise Http404("no such node")
    return municipality, access, document, node


def _back(document):
    return reverse("followup:revision", args=[document.identifier])


@login_required
def node_edit(request, municipality, identifier, code):
    municipality, access, document, node = _draft_node(request, municipality, identifier, code)
    implementers = node.responsibilities.filter(role=ResponsibilityRole.IMPLEMENTS, unit__isnull=False).values_list("unit_id", flat=True)
    initial = {name: getattr(node, name) for name in ("title_sv", "title_en", "body_sv", "body_en")} | {"implementers": list(implementers)}
    form = NodeForm(request.POST or None, initial=initial, municipality_id=municipality.pk, version=actions.node_version(node))
    refused = None
    if request.method == "POST" and form.is_valid():
        version = form.submitted_version()
        values = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        data = actions.NodeInput(**{**values, "implementers": list(values["implementers"])})
        try:
            actions.change_node(node, data, access=access, user=request.user, version=version)
        except EditConflict as conflict:
            show_conflict(form, conflict)
        except actions.ActionRefused as exc:
            refused = str(exc)
        else:
            messages.success(request, _("%(code)s was saved.") % {"code": node.code})
            return redirect(_back(document))
    heading = _("Change %(code)s") % {"code": node.code}
    return _form_page(request, form, heading=heading, button=_("Save"), back=_back(document),
                      crumbs=_crumbs(municipality, document, (heading, None)), refused=refused)


@login_required
def node_drop(request, municipality, identifier, code):
    municipality, access, document, node = _draft_node(request, municipality, identifier, code)
    form = DropForm(request.POST or None)
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            codes = actions.drop_node(node, form.cleaned_data["reason"], access=access, user=request.user)
        except actions.ActionRefused as exc:
            refused = str(exc)
        else:
            messages.success(request, _("Dropped from the draft: %(codes)s.") % {"codes": ", ".join(codes)})
            return redirect(_back(document))
    heading = _("Drop %(code)s %(title)s") % {"code": node.code, "title": node.title}
    return _form_page(request, form, heading=heading, button=_("Drop it from the draft"), back=_back(document),
                      intro=_("The node and everything under it leave the draft; the adopted version keeps them."),
                      crumbs=_crumbs(municipality, document, (heading, None)), refused=refused)


@login_required
def node_add(request, municipality, identifier):
    municipality, access, document = _owned(request, municipality, identifier)
    leaves = {node.pk for node in queries.measure_nodes(document)}
    deepest = max(queries.level_names(document), default=1)
    parents = [node for node in document.nodes.order_by("position") if node.pk not in leaves or node.depth < deepest]
    form = NewNodeForm(request.POST or None, parents=parents, municipality_id=municipality.pk,
                       initial={"parent": request.GET.get("under", "")})
    refused = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        code, parent_code = data.pop("code"), data.pop("parent")
        parent = next((node for node in parents if node.code == parent_code), None)
        try:
            node = actions.add_node(document, parent, code, actions.NodeInput(**{**data, "implementers": list(data["implementers"])}),
                                    access=access, user=request.user)
        except actions.ActionRefused as exc:
            refused = str(exc)
        else:
            messages.success(request, _("%(code)s was added.") % {"code": node.code})
            return redirect(_back(document))
    heading = _("Add a node")
    return _form_page(request, form, heading=heading, button=_("Add"), back=_back(document),
                      crumbs=_crumbs(municipality, document, (heading, None)), refused=refused)


@login_required
def adopt(request, municipality, identifier):
    municipality, access, document = _owned(request, municipality, identifier)
    form = AdoptForm(request.POST or None)
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.adopt_revision(document, actions.AdoptionInput(**form.cleaned_data), access=access, user=request.user)
        except actions.ActionRefused as exc:
            refused = str(exc)
        else:
            messages.success(request, _("%(title)s is adopted and in force; the earlier version is kept as history.") % {"title": document.title})
            return redirect("plans:document", municipality.slug, document.identifier)
    heading = _("Adopt %(title)s") % {"title": document.title}
    intro = ""
    if document.revision_of_id:
        intro = _("Adopting makes this version the one in force and %(old)s historical; the earlier version stays readable.") % {
            "old": document.revision_of.title}
    return _form_page(request, form, heading=heading, button=_("Adopt"), back=_back(document), intro=intro,
                      crumbs=_crumbs(municipality, document, (_("Adopt"), None)), refused=refused)


def compare(request, municipality, identifier):
    """Two versions side by side: by default this one and the one it revises; ?with= picks the other."""
    municipality = queries.get_municipality(municipality)
    access = access_for(request.user)
    document = queries.get_document(municipality, identifier, access)
    chain = queries.versions(document)
    other_identifier = request.GET.get("with") or (document.revision_of.identifier if document.revision_of_id else "")
    other = next((version for version in chain if version.identifier == other_identifier and version.pk != document.pk), None)
    visible = {d.pk for d in queries.visible_documents(municipality, access).filter(pk__in=[v.pk for v in chain])}
    chain = [version for version in chain if version.pk in visible]
    result = None
    old = new = None
    if other is not None and other.pk in visible:
        old, new = (other, document) if chain.index(other) < chain.index(document) else (document, other)
        result = queries.compare_documents(old, new)
    heading = _("Compare versions")
    return render(request, "plans/compare.html", {
        "municipality": municipality, "document": document, "versions": chain, "old": old, "new": new, "diff": result,
        "title": heading, "breadcrumbs": _crumbs(municipality, document, (heading, None)),
        **queries.leaf_words(document),  # "Sammanslagna strategier" in Halmstad
    })


def versions(request, municipality, identifier):
    municipality = queries.get_municipality(municipality)
    access = access_for(request.user)
    document = queries.get_document(municipality, identifier, access)
    visible = set(queries.visible_documents(municipality, access).values_list("pk", flat=True))
    chain = [version for version in queries.versions(document) if version.pk in visible]
    events = []
    if access.is_member(municipality):
        events = list(document.revision_events.select_related("actor").order_by("-at", "-pk"))
    heading = _("Versions")
    return render(request, "plans/versions.html", {
        "municipality": municipality, "document": document, "versions": chain, "events": events,
        "title": heading, "breadcrumbs": _crumbs(municipality, document, (heading, None)),
    })
