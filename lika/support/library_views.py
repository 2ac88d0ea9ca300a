"""The method library: the plan owner and coordinators publish files, links and short texts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lika.core.editing import EditConflict, show_conflict
from lika.lib.filetypes import ACCEPTED
from lika.organisations.access import access_for

from . import actions
from .events_views import _plan_measures
from .forms import MaterialForm
from .library import visible_material
from .models import Material, Visibility
from .views import member_municipality


def _crumbs(*extra):
    return [(_("Central support"), reverse("support:index")), (_("Method library"), reverse("support:library")), *extra]


@login_required
def library(request):
    municipality_id = member_municipality(request)
    access = access_for(request.user)
    title = _("Method library")
    materials = visible_material(access, municipality_id)
    for material in materials:
        material.may_change = actions.may_change(access, material, request.user)
    return render(request, "support/library.html", {
        "materials": materials, "title": title,
        "may_publish": actions.may_publish(access, municipality_id), "breadcrumbs": _crumbs()[:1] + [(title, None)],
    })


@login_required
def material_edit(request, pk=None):
    municipality_id = member_municipality(request)
    access = access_for(request.user)
    material = get_object_or_404(Material, pk=pk, municipality_id=municipality_id) if pk else None
    if not (actions.may_change(access, material, request.user) if material else actions.may_publish(access, municipality_id)):
        raise Http404("may not publish")
    form = MaterialForm(request.POST or None, request.FILES or None, instance=material,
                        measures=_plan_measures(municipality_id), version=actions.material_version(material) if material else "")
    if request.method == "POST" and form.is_valid():
        data = actions.EventInput(fields=form.material_fields(), measures=list(form.cleaned_data["measures"]),
                                  perspectives=list(form.cleaned_data["perspectives"]))
        upload = form.cleaned_data.get("upload")
        try:
            actions.save_material(
                municipality_id, data, access=access, user=request.user, upload=upload,
                content_type=getattr(upload, "lika_content_type", ""), material=material,
                version=form.submitted_version() if material else None,
            )
            messages.success(request, _("The material was saved."))
            return redirect("support:library")
        except EditConflict as conflict:
            show_conflict(form, conflict)
        except actions.ActionRefused as exc:
            form.add_error(None, str(exc))
    if request.FILES.get("upload") and request.method == "POST":
        messages.warning(request, _("Choose the file again: browsers do not keep a chosen file when a form is shown again."))
    title = material.title if material else _("New material")
    return render(request, "support/material_form.html", {"form": form, "material": material, "title": title, "breadcrumbs": _crumbs((title, None))})


def material_file(request, pk):
    """The material's file, always as a download; internal material only for the municipality's members."""
    material = get_object_or_404(Material, pk=pk)
    if not material.file or (
        material.visibility != Visibility.PUBLIC and not access_for(request.user).is_member(material.municipality_id)
    ):
        raise Http404("no such file")
    content_type = material.content_type if material.content_type in ACCEPTED else "application/octet-stream"
    return FileResponse(material.file.open("rb"), as_attachment=True, filename=material.original_name, content_type=content_type)


@login_required
@require_POST
def material_delete(request, pk):
    municipality_id = member_municipality(request)
    material = get_object_or_404(Material, pk=pk, municipality_id=municipality_id)
    try:
        actions.delete_material(material, access=access_for(request.user), user=request.user)
        messages.success(request, _("The material was deleted."))
    except actions.ActionRefused as exc:
        messages.error(request, str(exc))
    return redirect("support:library")
