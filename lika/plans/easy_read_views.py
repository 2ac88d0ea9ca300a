"""The easy-to-read (lättläst) summary of a plan: the public page and the plan owner's page to write it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lika.core.editing import EditConflict, show_conflict
from lika.organisations.access import access_for
from lika.plans import actions, queries
from lika.plans.forms import EasyReadForm
from lika.plans.models import Node
from lika.plans.revision_views import _crumbs, _form_page, _owned


def easy_read(request, municipality, identifier):
    municipality = queries.get_municipality(municipality)
    access = access_for(request.user)
    document = queries.get_document(municipality, identifier, access)
    if not document.easy_read_sv:
        raise Http404("no easy-to-read summary")
    return render(
        request,
        "plans/easy_read.html",
        {
            "municipality": municipality,
            "document": document,
            "can_edit": access.is_plan_owner(municipality),
            "title": _("Easy to read: %(title)s") % {"title": document.title},
            "breadcrumbs": _crumbs(municipality, document, (_("Easy to read"), None)),
        },
    )


@login_required
def easy_read_edit(request, municipality, identifier):
    municipality, access, document = _owned(request, municipality, identifier)
    form = EasyReadForm(request.POST or None, initial={"sv": document.easy_read_sv, "en": document.easy_read_en},
                        version=actions.easy_read_version(document))
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_easy_read(
                document, sv=form.cleaned_data["sv"], en=form.cleaned_data["en"], access=access, user=request.user,
                version=form.submitted_version(),
            )
        except EditConflict as conflict:
            show_conflict(form, conflict)
        except actions.ActionRefused as exc:
            refused = str(exc)
        else:
            messages.success(request, _("The easy-to-read summary is saved."))
            return redirect("plans:document", municipality.slug, document.identifier)
    return _form_page(
        request, form, heading=_("Write the easy-to-read summary"), button=_("Save the summary"),
        back=reverse("plans:document", args=[municipality.slug, document.identifier]),
        intro=_("Residents find it under “Easy to read” on the plan's public page, and it travels with the plan file."),
        crumbs=_crumbs(municipality, document, (_("Easy to read"), None)), refused=refused,
    )


@login_required
def node_easy_read_edit(request, municipality, identifier, code):
    """The plan owner writes an area's easy-to-read text; residents read it under "Lättläst" on its page."""
    municipality, access, document = _owned(request, municipality, identifier)
    node = Node.objects.filter(document=document, code=code).first()
    if node is None:
        raise Http404("no such node")
    form = EasyReadForm(request.POST or None, initial={"sv": node.easy_read_sv, "en": node.easy_read_en},
                        version=actions.node_easy_read_version(node))
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_node_easy_read(node, sv=form.cleaned_data["sv"], en=form.cleaned_data["en"], access=access, user=request.user,
                                       version=form.submitted_version())
        except EditConflict as conflict:
            show_conflict(form, conflict)
        except actions.ActionRefused as exc:
            refused = str(exc)
        else:
            messages.success(request, _("The easy-to-read text is saved."))
            return redirect("plans:node", municipality.slug, document.identifier, node.code)
    node_url = reverse("plans:node", args=[municipality.slug, document.identifier, node.code])
    return _form_page(
        request, form, heading=_("Write the easy-to-read text for %(code)s %(title)s") % {"code": node.code, "title": node.title},
        button=_("Save the text"), back=node_url,
        intro=_("Residents find it under “Easy to read” on the page of the area, and it travels with the plan file."),
        crumbs=_crumbs(municipality, document, (f"{node.code} {node.title}", node_url), (_("Easy to read"), None)),
        refused=refused,
    )
