from django.urls import translate_url

from lika.core.localized import current_language


def site(request):
    """The link to this page in the other language, for the language switch."""
    language = current_language()
    other = "en" if language == "sv" else "sv"
    return {
        "other_language": other,
        "other_language_url": translate_url(request.get_full_path(), other),
    }
