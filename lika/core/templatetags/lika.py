from django import template
from django.utils.html import format_html, format_html_join

from lika.core.localized import current_language, localized_with_language

register = template.Library()


@register.simple_tag
def tr(obj, field: str):
    """The text in the page's language; Swedish marked lang="sv" when English is missing."""
    text, language = localized_with_language(obj, field)
    if language != current_language():
        return format_html('<span lang="{}">{}</span>', language, text)
    return text


@register.simple_tag
def tr_paragraphs(obj, field: str):
    """Multi-paragraph text as <p> elements; lines starting '- ' become a list."""
    text, language = localized_with_language(obj, field)
    if not text:
        return ""
    blocks = []
    for block in text.split("\n\n"):
        lines = [line for line in block.split("\n") if line.strip()]
        if lines and all(line.startswith("- ") for line in lines):
            items = format_html_join("", "<li>{}</li>", ((line[2:],) for line in lines))
            blocks.append(format_html("<ul>{}</ul>", items))
        else:
            blocks.append(format_html("<p>{}</p>", " ".join(lines)))
    inner = format_html_join("", "{}", ((b,) for b in blocks))
    lang = format_html(' lang="{}"', language) if language != current_language() else ""
    return format_html('<div class="prose"{}>{}</div>', lang, inner)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.inclusion_tag("core/_readability.html")
def readability_of(field):
    """Under a public text's field (one the form lists in `readability_fields`): its LIX in words."""
    if field.name not in getattr(field.form, "readability_fields", ()):
        return {"shown": False}
    from lika.core.readability import measure

    value = field.value()
    if not value or not str(value).strip():
        return {"shown": False}
    return {"shown": True, "field": field, **measure(str(value))}
