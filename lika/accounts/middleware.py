"""Lika's middleware around sign-in."""

from allauth.usersessions.internal import usersessionkit
from django.conf import settings


class UserSessionsMiddleware:
    """allauth's session tracking, only for requests that carry a session cookie.

    Requests without one (monitoring's /healthz, public pages for visitors)
    neither touch the session nor get `Vary: Cookie`.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            usersessionkit.track_activity(
                request, user=request.user, session=request.session
            )
        return self.get_response(request)
