"""Texts kept per language in `<field>_sv` and `<field>_en` columns.

Swedish is the original; English falls back to Swedish where it is missing,
and the caller learns that it did, so the page can mark the text lang="sv".
"""

from django.utils.translation import get_language

LANGUAGES = ("sv", "en")


def current_language() -> str:
    language = (get_language() or "sv")[:2]
    return language if language in LANGUAGES else "sv"


def localized_with_language(obj, field: str, language: str | None = None) -> tuple[str, str]:
    """(text, language of the text) for `field` of `obj` in `language`."""
    language = language or current_language()
    text = getattr(obj, f"{field}_{language}", "") or ""
    if text or language == "sv":
        return text, language
    return getattr(obj, f"{field}_sv", "") or "", "sv"


def localized(obj, field: str, language: str | None = None) -> str:
    return localized_with_language(obj, field, language)[0]
