"""Municipalities and their organisation units."""

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from lika.organisations.models import Municipality, OrganisationUnit

from .common import LANG, ErrorOut, Language, OfMunicipality, Page, in_municipality, use_language

router = Router(tags=["organisations"])


class MunicipalityOut(Schema):
    slug: str = Field(examples=["helsingborg"])
    code: str = Field(description="SCB's municipality code.", examples=["1283"])
    name: str = Field(examples=["Helsingborg"])


class UnitOut(OfMunicipality):
    key: str = Field(description="Stable identifier of the unit in its municipality.", examples=["socialforvaltningen"])
    municipality: str = Field(examples=["helsingborg"])
    kind: str = Field(examples=["department"])
    kind_label: str = Field(examples=["Department"])
    name: str = Field(examples=["Socialförvaltningen"])
    parent: str | None = Field(None, description="Key of the unit it belongs to.")
    active: bool

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_parent(obj) -> str | None:
        return obj.parent.key if obj.parent_id else None

    @staticmethod
    def resolve_active(obj) -> bool:
        return obj.is_active


class UnitFilters(Schema):
    municipality: str | None = Field(None, description="Only units of this municipality (its slug).")


@router.get("/municipalities", response=list[MunicipalityOut], summary="List municipalities")
@paginate(Page)
def list_municipalities(request, lang: Language | None = LANG):
    """Every municipality that keeps its plans in Lika, by name."""
    use_language(request, lang)
    return Municipality.objects.order_by("name", "pk")


@router.get("/municipalities/{slug}", response={200: MunicipalityOut, 404: ErrorOut}, summary="One municipality")
def get_municipality(request, slug: str, lang: Language | None = LANG):
    use_language(request, lang)
    found = Municipality.objects.filter(slug=slug).first()
    if found is None:
        raise Http404(f"No municipality '{slug}'.")
    return found


@router.get("/units", response={200: list[UnitOut], 400: ErrorOut}, summary="List organisation units")
@paginate(Page)
def list_units(
    request, filters: Query[UnitFilters], lang: Language | None = LANG
):
    """Committees, departments, municipal companies and divisions, with the unit each belongs to."""
    use_language(request, lang)
    units = OrganisationUnit.objects.select_related("municipality", "parent").order_by("municipality__name", "name_sv", "pk")
    return in_municipality(units, filters.municipality)
