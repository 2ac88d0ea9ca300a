"""A database that stops answering while the server runs: a plain 503 page, not a traceback.

Django turns every exception a view or a middleware raises into a call of the
500 handler, inside the `except` that caught it. When that exception says the
database cannot be reached, this handler answers 503 with Lika's own page
(a page that reads nothing from the database, the session or the user) and
`Retry-After`; any other error gets Django's own 500 page. Django closes a
connection that failed at the end of the request, so the first request after
the database is back is served normally.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger("lika.unavailable")
RETRY_AFTER = 30  # seconds


def database_unreachable(error: BaseException | None) -> bool:
    """Whether the error (or one it was raised from) says the database cannot be reached."""
    while error is not None:
        if isinstance(error, (OperationalError, InterfaceError)):
            return True
        error = error.__cause__ or error.__context__
    return False


def server_error(request):
    error = sys.exc_info()[1]
    if not database_unreachable(error):
        return django_server_error(request)
    first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
    logger.error("database unreachable: %s %s: %s", request.method, request.path, first_line)
    html = render_to_string("core/unavailable.html", {"language": get_language() or "sv"})
    response = HttpResponse(html, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response
