"""Lika's middleware around sign-in."""

import time
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.usersessions.internal import usersessionkit
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from lika.accounts.actions import two_factor_roles
from lika.organisations.access import access_for

# A signed-in person's session is written at most this often (seconds): often enough for the
# idle timeout, rarely enough that reading pages does not write on every request.
TOUCH_EVERY = 60


def mark_session_touched(sender, request, user, **kwargs) -> None:
    """Signing in writes the session anyway: count it as the first touch."""
    if request is not None and hasattr(request, "session"):
        request.session["lika_touched"] = int(time.time())


class UserSessionsMiddleware:
    """Keeps a signed-in session alive while it is used, and allauth's record of it up to date,
    writing both at most once a minute.

    Requests without a session cookie (monitoring's /healthz, public pages for visitors)
    neither touch the session nor get `Vary: Cookie`.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            now = int(time.time())
            if now - request.session.get("lika_touched", 0) >= TOUCH_EVERY:
                # Modifying the session saves it with a fresh expiry: the idle timeout restarts.
                request.session["lika_touched"] = now
                usersessionkit.track_activity(request, user=request.user, session=request.session)
        return self.get_response(request)


# Pages a person who must still set up two-factor may see: sign-in itself,
# the set-up pages, logging out, static files and monitoring.
OPEN_PREFIXES = ("/accounts/", "/en/accounts/", "/static/", "/healthz", "/i18n/")
# ...except the plan owner's pages for people, roles and rules, which are Lika's own.
CLOSED_PREFIXES = ("/accounts/people/", "/en/accounts/people/")


def must_set_up_two_factor(request) -> bool:
    """Whether this signed-in person's role asks for two-factor that they have not set up.

    Roles are named in LIKA_MFA_REQUIRED_ROLES ("superuser" included) and by the plan owner
    for the municipality (lika.accounts.actions.two_factor_roles). People who
    signed in through their organisation's identity provider are left to its
    own two-factor unless LIKA_MFA_TRUST_SSO is false.
    """
    user = request.user
    if not user.is_authenticated:
        return False
    access = access_for(user)
    required = two_factor_roles(access.municipality_id)
    if not required:
        return False
    roles = set(access.roles) | ({"superuser"} if user.is_superuser else set())
    if not roles & required:
        return False
    if settings.LIKA_MFA_TRUST_SSO and any(
        record.get("method") == "socialaccount"
        for record in get_authentication_records(request, request.user)
    ):
        return False
    return not Authenticator.objects.filter(
        user=user, type__in=(Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
    ).exists()


class RequireTwoFactorMiddleware:
    """Sends people whose role requires two-factor to set it up before anything else."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        is_open = request.path.startswith(OPEN_PREFIXES) and not request.path.startswith(CLOSED_PREFIXES)
        if not is_open and must_set_up_two_factor(
            request
        ):
            messages.info(
                request,
                _(
                    "Your role in Lika requires two-factor authentication. Set it up to go on."
                ),
            )
            return redirect(
                f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}"
            )
        return self.get_response(request)
