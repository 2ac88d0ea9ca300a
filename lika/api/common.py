"""What every endpoint shares: the language, pagination, filters that name records, errors,
and the small schemas several endpoints nest."""

from typing import Any, Literal

from django.conf import settings
from django.utils import translation
from ninja import Field, Query, Schema
from ninja.errors import HttpError
from ninja.pagination import PaginationBase

from lika.core.localized import localized
from lika.organisations.models import Municipality

Language = Literal["sv", "en"]
LANGUAGE_DESCRIPTION = "Language of the texts: sv or en. Without it, the Accept-Language header decides (Swedish by default)."


def use_language(request, lang: str | None) -> str:
    """Activate the language asked for (?lang=, else Accept-Language as on the site) and return it."""
    language = lang or translation.get_language_from_request(request)
    language = language[:2] if language and language[:2] in ("sv", "en") else settings.LANGUAGE_CODE
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language


def municipality_or_400(slug: str | None) -> Municipality | None:
    """The municipality a filter names, or a clear 400 when there is none by that name."""
    if slug is None:
        return None
    found = Municipality.objects.filter(slug=slug).first()
    if found is None:
        raise HttpError(400, f"Unknown municipality '{slug}'. GET /api/v1/municipalities lists them.")
    return found


def in_municipality(rows, slug: str | None):
    """Rows of the municipality a filter names (all when it names none); 400 for an unknown one."""
    municipality = municipality_or_400(slug)
    return rows if municipality is None else rows.filter(municipality=municipality)


def unknown(what: str, value: Any, hint: str) -> HttpError:
    return HttpError(400, f"Unknown {what} '{value}'. {hint}")


def site_url(path: str) -> str:
    return settings.LIKA_SITE_URL.rstrip("/") + path


def unit_ref(unit, language: str | None = None) -> dict:
    return {"key": unit.key, "name": localized(unit, "name", language)}


class UnitRef(Schema):
    key: str = Field(examples=["kulturforvaltningen"])
    name: str = Field(examples=["Kulturförvaltningen"])


class OfMunicipality(Schema):
    """A record of one municipality: `municipality` is its slug (declare the field in the subclass)."""

    @staticmethod
    def resolve_municipality(obj) -> str:
        return obj.municipality.slug


class ErrorOut(Schema):
    detail: str = Field(examples=["Unknown municipality 'atlantis'. GET /api/v1/municipalities lists them."])


class Page(PaginationBase):
    """Page numbers over a stable order (every list is ordered by a unique key)."""

    MAX_PAGE_SIZE = 100

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
        page_size: int = Field(50, ge=1, le=100, description="Items per page, at most 100.")

    class Output(Schema):
        count: int = Field(description="Items on all pages together.")
        page: int
        page_size: int
        pages: int
        items: list[Any]

    items_attribute = "items"

    def paginate_queryset(self, queryset, pagination: Input, **params):
        offset = (pagination.page - 1) * pagination.page_size
        count = self._items_count(queryset)
        return {
            "count": count,
            "page": pagination.page,
            "page_size": pagination.page_size,
            "pages": max(1, -(-count // pagination.page_size)),
            "items": list(queryset[offset : offset + pagination.page_size]),
        }


LANG = Query(None, description=LANGUAGE_DESCRIPTION)
