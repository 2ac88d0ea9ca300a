from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lika.core.downloads import table_response
from lika.core.localized import localized
from lika.lib.tables import Table
from lika.lib.yamlfile import FileProblems, Problem
from lika.organisations.access import access_for
from lika.organisations.models import Municipality, OrganisationUnit, UnitKind
from lika.plans import planfile, queries
from lika.plans.importing import export_plan, import_plan
from lika.plans.models import Node, NodeLink, ResponsibilityRole, SteeringDocument
from lika.plans.sheet import import_measure_sheet
from lika.plans.whats_new import news_for_unit

ROLE_MARKS = {
    ResponsibilityRole.IMPLEMENTS: gettext_lazy("I"),
    ResponsibilityRole.COORDINATES: gettext_lazy("C"),
    ResponsibilityRole.LEADS_AND_FOLLOWS_UP: gettext_lazy("L"),
    ResponsibilityRole.TAKES_INTO_ACCOUNT: gettext_lazy("T"),
}


def home(request):
    """The front page: every municipality and how many of its documents the visitor may see."""
    municipalities = list(Municipality.objects.order_by("name"))
    access = access_for(request.user)
    visible = SteeringDocument.objects.public()
    if access.municipality_id:
        visible = visible | SteeringDocument.objects.filter(municipality_id=access.municipality_id)
    counts = {}
    for municipality_id in visible.values_list("municipality_id", flat=True):
        counts[municipality_id] = counts.get(municipality_id, 0) + 1
    rows = [(m, counts.get(m.pk, 0)) for m in municipalities]
    return render(request, "core/home.html", {"rows": rows})


def _crumbs(municipality, *extra):
    return [(_("Steering documents"), reverse("home")), (municipality.name, reverse("plans:documents", args=[municipality.slug])), *extra]


def documents(request, municipality):
    municipality = queries.get_municipality(municipality)
    access = access_for(request.user)
    docs = list(
        queries.visible_documents(municipality, access).select_related("owner", "parent").order_by("kind", "valid_from")
    )
    return render(
        request,
        "plans/documents.html",
        {
            "municipality": municipality,
            "documents": docs,
            "can_import": access.is_plan_owner(municipality),
            "title": municipality.name,
            "breadcrumbs": [(_("Steering documents"), reverse("home")), (municipality.name, None)],
        },
    )


def document(request, municipality, identifier):
    municipality = queries.get_municipality(municipality)
    access = access_for(request.user)
    doc = queries.get_document(municipality, identifier, access)
    levels = queries.level_names(doc)
    tree = queries.document_tree(doc)
    responsibilities = list(
        doc.responsibilities.filter(node__isnull=True).select_related("unit__parent").order_by("position")
    )
    mapping = list(
        doc.nodes.filter(links_out__isnull=False)
        .distinct()
        .order_by("position")
        .prefetch_related("links_out__target__document")
    )
    children = list(queries.visible_documents(municipality, access).filter(parent=doc))
    counts = {}
    for depth in doc.nodes.values_list("depth", flat=True):
        counts[depth] = counts.get(depth, 0) + 1
    return render(
        request,
        "plans/document.html",
        {
            "municipality": municipality,
            "document": doc,
            "levels": levels,
            "level_counts": [(levels.get(depth), count) for depth, count in sorted(counts.items())],
            "tree": tree,
            "expand_all": request.GET.get("expand") == "all",
            "responsibilities": responsibilities,
            "mapping": mapping,
            "children": children,
            "can_see_internal_rollup": access.sees_unpublished_follow_up(municipality),
            "is_plan_owner": access.is_plan_owner(municipality),
            "is_member": access.is_member(municipality),
            "in_force": queries.visible_documents(municipality, access).filter(revision_of=doc, status="adopted").first(),
            "has_versions": bool(doc.revision_of_id) or doc.revisions.exists(),
            "title": doc.title,
            "breadcrumbs": _crumbs(municipality, (doc.title, None)),
        },
    )


def document_yaml(request, municipality, identifier):
    municipality = queries.get_municipality(municipality)
    doc = queries.get_document(municipality, identifier, access_for(request.user))
    response = HttpResponse(planfile.write_plan_file(export_plan(doc)), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{doc.identifier}.yaml"'
    return response


def node(request, municipality, identifier, code):
    municipality = queries.get_municipality(municipality)
    access = access_for(request.user)
    doc = queries.get_document(municipality, identifier, access)
    found = Node.objects.filter(document=doc, code=code).prefetch_related("goals").first()
    if found is None:
        raise Http404("no such node")
    levels = queries.level_names(doc)
    ancestors = queries.ancestors(found)
    children = list(found.children.order_by("position"))
    units_by_kind = queries.active_units_by_kind(municipality)
    roles = []
    own = list(found.responsibilities.select_related("unit__parent").order_by("position"))
    inherited = list(doc.responsibilities.filter(node__isnull=True).select_related("unit__parent").order_by("position"))
    for role in ResponsibilityRole:
        entries = []
        for responsibility in own:
            if responsibility.role == role:
                members = queries.scope_members(responsibility.scope, units_by_kind) if responsibility.scope else []
                entries.append((responsibility, members))
        if entries:
            roles.append((role.label, entries))
    links_out, links_in = queries.node_links(found, access)
    ancestor_links = []
    if ancestors:
        ancestor_links = list(
            NodeLink.objects.filter(source__in=ancestors)
            .select_related("target__document", "source")
            .prefetch_related("target__goals")
            .order_by("source__depth", "position")
        )
    goals_via = {}
    for link in [*links_out, *ancestor_links]:
        for goal in link.target.goals.all():
            goals_via.setdefault(goal, []).append(link.target)
    crumbs = _crumbs(
        municipality,
        (doc.title, reverse("plans:document", args=[municipality.slug, doc.identifier])),
        *[(f"{a.code} {a.title}", reverse("plans:node", args=[municipality.slug, doc.identifier, a.code])) for a in ancestors],
        (f"{found.code} {found.title}", None),
    )
    return render(
        request,
        "plans/node.html",
        {
            "municipality": municipality,
            "document": doc,
            "node": found,
            "level": levels.get(found.depth),
            "child_level": levels.get(found.depth + 1),
            "children": children,
            "roles": roles,
            "document_responsibilities": inherited,
            "links_out": links_out,
            "ancestor_links": ancestor_links,
            "links_in": links_in,
            "goals": sorted(found.goals.all(), key=lambda g: g.number),
            "goals_via": sorted(goals_via.items(), key=lambda item: item[0].number),
            "title": f"{found.code} {found.title}",
            "breadcrumbs": crumbs,
            "can_write_easy_read": access.is_plan_owner(municipality) and not doc.is_historical,
            **_leaf_words(levels),  # read by the progress, support and assessment sections: "strategi" in Halmstad
        },
    )


def _leaf_words(levels: dict) -> dict[str, str]:
    """queries.leaf_words from the levels already read (no query): the deepest level names the plan's items."""
    if not levels:
        return {"leaf": _("item"), "leaves": _("items")}
    deepest = levels[max(levels)]
    return {"leaf": localized(deepest, "name").lower(), "leaves": localized(deepest, "plural").lower()}


def units(request, municipality):
    municipality = queries.get_municipality(municipality)
    all_units = list(OrganisationUnit.objects.filter(municipality=municipality).select_related("parent"))
    groups = []
    for kind in UnitKind:
        members = sorted((u for u in all_units if u.kind == kind), key=lambda u: u.name)
        if members:
            groups.append((kind, members))
    return render(
        request,
        "plans/units.html",
        {
            "municipality": municipality,
            "groups": groups,
            "title": _("Organisation"),
            "breadcrumbs": _crumbs(municipality, (_("Organisation"), None)),
        },
    )


def unit(request, municipality, key):
    municipality = queries.get_municipality(municipality)
    access = access_for(request.user)
    found = (
        OrganisationUnit.objects.filter(municipality=municipality, key=key)
        .select_related("parent")
        .prefetch_related("aliases", "children")
        .first()
    )
    if found is None:
        raise Http404("no such unit")
    by_role = queries.unit_responsibilities(found, access)
    roles = [(ResponsibilityRole(role).label, items) for role, items in by_role.items()]
    return render(
        request,
        "plans/unit.html",
        {
            "municipality": municipality,
            "unit": found,
            "roles": roles,
            "news": news_for_unit(found, access),
            "title": found.name,
            "breadcrumbs": _crumbs(
                municipality, (_("Organisation"), reverse("plans:units", args=[municipality.slug])), (found.name, None)
            ),
        },
    )


def _matrix_context(request, municipality, identifier):
    municipality = queries.get_municipality(municipality)
    doc = queries.get_document(municipality, identifier, access_for(request.user))
    return municipality, doc, queries.responsibility_matrix(doc)


def matrix(request, municipality, identifier):
    municipality, doc, data = _matrix_context(request, municipality, identifier)
    rows = []
    for node in data.rows:
        cells = []
        for unit in data.columns:
            cell = data.cell(node, unit)
            marks = []
            if cell:
                for role in ROLE_MARKS:
                    if role in cell.roles:
                        marks.append((ROLE_MARKS[role], ResponsibilityRole(role).label, role in cell.via_rule))
            cells.append(marks)
        rows.append((node, cells))
    levels = queries.level_names(doc)
    return render(
        request,
        "plans/matrix.html",
        {
            "municipality": municipality,
            "document": doc,
            "matrix": data,
            "rows": rows,
            "row_level": levels.get(max((n.depth for n in data.rows), default=1)),
            "legend": [(mark, ResponsibilityRole(role).label) for role, mark in ROLE_MARKS.items()],
            "title": _("Responsibility matrix"),
            "breadcrumbs": _crumbs(
                municipality,
                (doc.title, reverse("plans:document", args=[municipality.slug, doc.identifier])),
                (_("Responsibility matrix"), None),
            ),
        },
    )


def matrix_download(request, municipality, identifier, file_format):
    if file_format not in ("csv", "xlsx"):
        raise Http404("unknown format")
    municipality, doc, data = _matrix_context(request, municipality, identifier)
    table = Table(
        title=_("Responsibilities"),
        columns=[_("Code"), _("Title"), *[unit.name for unit in data.columns]],
    )
    for node in data.rows:
        row = [node.code, node.title]
        for unit in data.columns:
            cell = data.cell(node, unit)
            row.append(
                ", ".join(str(ResponsibilityRole(role).label) for role in ROLE_MARKS if cell and role in cell.roles)
            )
        table.rows.append(row)
    return table_response(table, f"{doc.identifier}-{_('responsibilities')}", file_format)


def traceability(request, municipality, identifier):
    municipality = queries.get_municipality(municipality)
    access = access_for(request.user)
    doc = queries.get_document(municipality, identifier, access)
    rows = queries.traceability(doc, access)
    levels = queries.level_names(doc)
    leaf_depth = max((row.node.depth for row in rows), default=1)
    return render(
        request,
        "plans/traceability.html",
        {
            "municipality": municipality,
            "document": doc,
            "rows": rows,
            "leaf_level": levels.get(leaf_depth),
            "area_level": levels.get(leaf_depth - 1),
            "title": _("Traceability"),
            "breadcrumbs": _crumbs(
                municipality,
                (doc.title, reverse("plans:document", args=[municipality.slug, doc.identifier])),
                (_("Traceability"), None),
            ),
        },
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Plan file (YAML) or sheet of measures (XLSX)"),
        help_text=gettext_lazy("A plan file as described in the documentation, or an Excel sheet with one row per measure."),
    )
    document = forms.ChoiceField(
        label=gettext_lazy("Document to add the sheet's measures to"),
        required=False,
        help_text=gettext_lazy("Only for XLSX sheets."),
    )
    replace = forms.BooleanField(
        label=gettext_lazy("Replace what already exists"),
        required=False,
        help_text=gettext_lazy("Without this, a document or measure that already exists is refused."),
    )

    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].choices = [("", "—")] + [(d.identifier, d.title) for d in documents]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.LIKA_MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s MB; the limit is %(limit)s MB.")
                % {"size": round(upload.size / 1024 / 1024), "limit": settings.LIKA_MAX_IMPORT_BYTES // 1024 // 1024}
            )
        return upload


@login_required
def import_file(request, municipality):
    municipality = queries.get_municipality(municipality)
    access = access_for(request.user)
    if not access.is_plan_owner(municipality):
        raise PermissionDenied
    docs = list(SteeringDocument.objects.filter(municipality=municipality))
    problems = []
    form = ImportForm(request.POST or None, request.FILES or None, documents=docs)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        raw = upload.read()
        try:
            if upload.name.lower().endswith(".xlsx"):
                identifier = form.cleaned_data["document"]
                target = next((d for d in docs if d.identifier == identifier), None)
                if target is None:
                    form.add_error("document", _("Choose the document the sheet's measures belong to."))
                    raise _FormInvalid
                result = import_measure_sheet(raw, upload.name, target, replace=form.cleaned_data["replace"])
            else:
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    form.add_error("file", _("The file is not UTF-8 text. Save it as UTF-8 and try again."))
                    raise _FormInvalid from None
                result = _import_for(municipality, text, upload.name, form.cleaned_data["replace"])
        except FileProblems as exc:
            problems = exc.lines()
        except _FormInvalid:
            pass
        else:
            messages.success(request, _("Imported %(title)s.") % {"title": result.document.title})
            return redirect("plans:document", municipality.slug, result.document.identifier)
    return render(
        request,
        "plans/import.html",
        {
            "municipality": municipality,
            "form": form,
            "problems": problems,
            "title": _("Import a plan"),
            "breadcrumbs": _crumbs(municipality, (_("Import a plan"), None)),
        },
    )


class _FormInvalid(Exception):
    pass


def _import_for(municipality, text: str, filename: str, replace: bool):
    """A plan owner imports files of their own municipality only."""
    plan = planfile.read_plan_file(text, filename)
    if plan.municipality.code != municipality.code:
        raise FileProblems(
            filename,
            [
                Problem(
                    None,
                    "municipality.code",
                    _("the file is for municipality %(code)s, not %(name)s") % {"code": plan.municipality.code, "name": municipality.name},
                )
            ],
        )
    return import_plan(plan, filename, replace=replace)
