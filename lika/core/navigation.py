"""The menu items that only some members see, one rule for all of them."""

from django.urls import reverse
from django.utils.html import format_html

from lika.organisations.access import access_for


def nav_item(context, may_use, url_name: str, label: str) -> str:
    """`<li><a>` to `url_name` if the user's `may_use(access, municipality_id)` says so, else nothing."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return ""
    access = access_for(request.user)
    if access.municipality_id is None or not may_use(access, access.municipality_id):
        return ""
    return format_html('<li><a href="{}">{}</a></li>', reverse(url_name), label)
