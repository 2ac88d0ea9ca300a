"""What every endpoint shares: the language, pagination, filters that name records, errors."""

from typing import Any, Literal

from django.conf import settings
from django.utils import translation
from ninja import Field, Query, Schema
from ninja.errors import HttpError
from ninja.pagination import PaginationBase

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


def unknown(what: str, value: Any, hint: str) -> HttpError:
    return HttpError(400, f"Unknown {what} '{value}'. {hint}")


def site_url(path: str) -> str:
    return settings.LIKA_SITE_URL.rstrip("/") + path


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
