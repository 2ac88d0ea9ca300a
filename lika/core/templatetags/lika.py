from django import template
from django.forms.utils import flatatt
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


@register.simple_tag
def choice_items(field):
    """A multiple-choice field's options as <li> items, each input with its own label. Written
    here rather than through the widget's template per option: that costs a template render
    each, and a municipality's list of partner units has dozens."""
    return format_html_join("", "<li>{}</li>", ((_choice_input(option.data),) for option in field.subwidgets))


def _choice_input(option: dict):
    attrs = {key: value for key, value in option["attrs"].items() if value is not None and value is not False}
    value = "" if option["value"] is None else format_html(' value="{}"', option["value"])
    return format_html(
        '<input type="{}" name="{}"{}{}> <label for="{}">{}</label>',
        option["type"], option["name"], value, flatatt(attrs), attrs.get("id", ""), option["label"],
    )


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


def _targets(context) -> dict[str, int]:
    """The signed-in user's municipality's LIX targets, read once per request."""
    from lika.core.readability import targets_for
    from lika.organisations.access import access_for

    request = context.get("request")
    if request is None:
        return targets_for(None)
    if not hasattr(request, "_lika_lix_targets"):
        user = getattr(request, "user", None)
        municipality_id = access_for(user).municipality_id if user is not None and user.is_authenticated else None
        request._lika_lix_targets = targets_for(municipality_id)
    return request._lika_lix_targets


def readability_box(context, text, lix_id: str, kind: str | None, source_id: str = "") -> dict:
    """What the LIX box under a public text's field shows: figure, level, longest sentences, target."""
    from django.urls import reverse

    from lika.core.readability import measure_for_page

    target = _targets(context).get(kind) if kind else None
    box = {"shown": True, "lix_id": lix_id, "kind": kind or "", "source_id": source_id, "has_text": False,
           "url": reverse("readability-measure")}
    if text and str(text).strip():
        box.update(has_text=True, **measure_for_page(str(text), kind, target))
    return box


@register.inclusion_tag("core/_readability.html", takes_context=True)
def readability_of(context, field):
    """Under a public text's field (one the form lists in `readability_fields`): its LIX in words.

    The form names its kind of text in `readability_kind` (lika.lib.readability.TEXT_KINDS)."""
    if field.name not in getattr(field.form, "readability_fields", ()):
        return {"shown": False}
    kind = getattr(field.form, "readability_kind", None)
    return readability_box(context, field.value(), f"{field.auto_id}_lix", kind, field.auto_id)


@register.inclusion_tag("core/_readability.html", takes_context=True)
def readability_text(context, text, source_id: str, kind: str):
    """The LIX box for a text field written by hand in a template (the assessment's text questions)."""
    return readability_box(context, text, f"{source_id}_lix", kind, source_id)
