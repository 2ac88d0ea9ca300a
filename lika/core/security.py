"""Security headers that Django and django-csp do not set, and the one exception to the strict CSP.

The Content-Security-Policy itself is django-csp's (settings.CONTENT_SECURITY_POLICY):
scripts and styles only from Lika's own static files, nothing inline, no framing.
"""

import base64
import hashlib
import re

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _

# The browser features Lika never uses are turned off for every page.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


_STYLE = re.compile(rb"<style>(.*?)</style>", re.DOTALL)


def allow_own_inline_styles(response):
    """A self-contained document (the report as one HTML file) keeps its <style>: allowed by its hash only.

    The styles are Lika's own; the hash lets exactly them through on this one
    response, without 'unsafe-inline'.
    """
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(block).digest()).decode() + "'"
        for block in _STYLE.findall(response.content)
    ]
    if hashes:
        response._csp_update = {"style-src": hashes}
    return response


class RequestSizeMiddleware:
    """A request larger than any upload Lika accepts is refused at once, with a plain page.

    Each form still checks its own limit (an attachment at most
    LIKA_MAX_ATTACHMENT_MB, and so on) with a message beside the field; this
    stops a 200 MB file before it is read to the end.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.LIKA_MAX_REQUEST_BYTES
        if length > limit:
            return render(
                request,
                "core/too_large.html",
                {
                    "title": _("The file is too large"),
                    "size": round(length / 1024 / 1024, 1),
                    "limit": limit // 1024 // 1024,
                },
                status=413,
            )
        return self.get_response(request)
