"""Adopted steering documents with their tree, responsibilities, contributions and Agenda 2030 goals."""

from collections import defaultdict
from datetime import date
from typing import Literal

from django.db.models import Q
from django.http import Http404
from django.utils import translation
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from lika.core.localized import localized
from lika.organisations.models import OrganisationUnit
from lika.plans.models import DocumentStatus, NodeLink, Responsibility, SteeringDocument
from lika.plans.queries import implementing_units

from .common import (
    LANG,
    ErrorOut,
    Language,
    OfMunicipality,
    Page,
    UnitRef,
    in_municipality,
    site_url,
    unit_ref,
    use_language,
)

router = Router(tags=["plans"])


def public_documents():
    return SteeringDocument.objects.filter(status=DocumentStatus.ADOPTED)


class DocumentFields(Schema):
    identifier: str = Field(examples=["helsingborg-lika-mojligheter-2022"])
    municipality: str = Field(examples=["helsingborg"])
    kind: str = Field(examples=["plan"])
    title: str = Field(examples=["Plan för lika möjligheter 2022–2025"])
    valid_from: date
    valid_to: date | None
    adopted_by: str
    adopted_on: date | None
    parent: str | None = Field(None, description="Identifier of the document it builds on.")
    url: str = Field(description="The document's public page.")


class DocumentSummaryOut(DocumentFields, OfMunicipality):
    @staticmethod
    def resolve_parent(obj) -> str | None:
        return obj.parent.identifier if obj.parent_id and obj.parent.status == DocumentStatus.ADOPTED else None

    @staticmethod
    def resolve_url(obj) -> str:
        return site_url(f"/{obj.municipality.slug}/{obj.identifier}/")


class LevelOut(Schema):
    depth: int
    name: str = Field(examples=["Åtgärd"])
    plural: str = Field(examples=["Åtgärder"])


class RuleRef(Schema):
    key: str = Field(examples=["all_departments"])
    label: str = Field(examples=["All departments"])


class ResponsibilityOut(Schema):
    role: str = Field(examples=["implements"])
    role_label: str = Field(examples=["Implements"])
    unit: UnitRef | None = Field(None, description="The unit named, or null when a rule names the units.")
    rule: RuleRef | None = Field(None, description="A rule over the organisation such as 'all departments'.")
    note: str = ""


class GoalOut(Schema):
    number: int = Field(examples=[10])
    name: str = Field(examples=["Minskad ojämlikhet"])


class LinkOut(Schema):
    document: str = Field(description="The document contributed to.", examples=["helsingborg-livskvalitetsprogrammet-2025"])
    code: str = Field(examples=["2.3"])
    title: str
    as_stated: str = Field("", description="The source document's own words for the link.")


class NodeOut(Schema):
    code: str = Field(examples=["6"])
    parent: str | None = Field(None, description="Code of the parent node; null at the top.")
    depth: int
    level: str = Field("", description="The document's name for nodes at this depth.", examples=["Åtgärd"])
    title: str
    body: str
    is_measure: bool = Field(description="A leaf of the tree: units report on it in the follow-up.")
    reporting_units: list[UnitRef] = Field(description="For a measure: the units that report on it (named or through a rule).")
    responsibilities: list[ResponsibilityOut]
    goals: list[GoalOut]
    contributes_to: list[LinkOut]


class DocumentOut(DocumentFields):
    description: str
    reference_number: str
    owner: UnitRef | None
    levels: list[LevelOut]
    responsibilities: list[ResponsibilityOut] = Field(description="Responsibilities for the whole document.")
    nodes: list[NodeOut] = Field(description="Every node in document order; `parent` makes the tree.")


class DocumentFilters(Schema):
    municipality: str | None = Field(None, description="Only documents of this municipality (its slug).")
    year: int | None = Field(None, ge=1900, le=2200, description="Only documents valid some time in this year.")
    kind: Literal["programme", "plan", "policy", "guideline"] | None = Field(None, description="Only documents of this kind.")


@router.get("/documents", response={200: list[DocumentSummaryOut], 400: ErrorOut}, summary="List adopted documents")
@paginate(Page)
def list_documents(
    request, filters: Query[DocumentFilters], lang: Language | None = LANG
):
    """Adopted programmes, plans, policies and guidelines. Drafts never appear."""
    use_language(request, lang)
    documents = public_documents().select_related("municipality", "parent").order_by("municipality__name", "identifier")
    documents = in_municipality(documents, filters.municipality)
    if filters.year is not None:
        documents = documents.filter(valid_from__year__lte=filters.year).filter(
            Q(valid_to__isnull=True) | Q(valid_to__year__gte=filters.year)
        )
    if filters.kind is not None:
        documents = documents.filter(kind=filters.kind)
    return documents


@router.get("/documents/{identifier}", response={200: DocumentOut, 404: ErrorOut}, summary="One adopted document")
def get_document(request, identifier: str, lang: Language | None = LANG):
    """The document with its levels and every node: responsibilities, goals and contributions."""
    language = use_language(request, lang)
    document = (
        public_documents().select_related("municipality", "parent", "owner").prefetch_related("levels").filter(identifier=identifier).first()
    )
    if document is None:
        raise Http404(f"No adopted document '{identifier}'.")
    return document_data(document, language)


def _responsibility(item: Responsibility, language: str) -> dict:
    return {
        "role": item.role,
        "role_label": str(item.get_role_display()),
        "unit": unit_ref(item.unit, language) if item.unit_id else None,
        "rule": {"key": item.scope, "label": str(item.get_scope_display())} if item.scope else None,
        "note": localized(item, "note", language),
    }


def document_data(document: SteeringDocument, language: str) -> dict:
    """The document as plain data in a fixed number of queries (the API and the open-data files)."""
    levels = {level.depth: level for level in document.levels.all()}
    nodes = list(document.nodes.order_by("position").prefetch_related("goals"))
    codes = {node.pk: node.code for node in nodes}
    responsibilities = defaultdict(list)
    for item in document.responsibilities.select_related("unit").order_by("position", "pk"):
        responsibilities[item.node_id].append(_responsibility(item, language))
    links = defaultdict(list)
    for link in (
        NodeLink.objects.filter(source__document=document, target__document__status=DocumentStatus.ADOPTED)
        .select_related("target__document")
        .order_by("position", "pk")
    ):
        links[link.source_id].append(
            {
                "document": link.target.document.identifier,
                "code": link.target.code,
                "title": localized(link.target, "title", language),
                "as_stated": localized(link, "as_stated", language),
            }
        )
    reporting = implementing_units(document, nodes)
    units = {unit.pk: unit for unit in OrganisationUnit.objects.filter(municipality_id=document.municipality_id)}
    with translation.override(language):
        summary = DocumentSummaryOut.from_orm(document).dict()
    return {
        **summary,
        "description": localized(document, "description", language),
        "reference_number": document.reference_number,
        "owner": unit_ref(document.owner, language) if document.owner_id else None,
        "levels": [{"depth": d, "name": localized(lv, "name", language), "plural": localized(lv, "plural", language)} for d, lv in sorted(levels.items())],
        "responsibilities": responsibilities[None],
        "nodes": [_node(node, codes, levels, reporting, units, responsibilities, links, language) for node in nodes],
    }


def _node(node, codes, levels, reporting, units, responsibilities, links, language) -> dict:
    reporters = sorted((units[pk] for pk in reporting.get(node.pk, ())), key=lambda unit: unit.name_sv)
    return {
        "code": node.code,
        "parent": codes.get(node.parent_id),
        "depth": node.depth,
        "level": localized(levels[node.depth], "name", language) if node.depth in levels else "",
        "title": localized(node, "title", language),
        "body": localized(node, "body", language),
        "is_measure": node.pk in reporting,
        "reporting_units": [unit_ref(unit, language) for unit in reporters],
        "responsibilities": responsibilities[node.pk],
        "goals": [{"number": goal.number, "name": localized(goal, "name", language)} for goal in node.goals.all()],
        "contributes_to": links[node.pk],
    }
