"""SAML 2.0 single logout (SP-initiated), on allauth's SAML provider and python3-saml.

- At sign-in, Lika keeps the assertion's NameID and SessionIndex in the session (the LogoutRequest
  must name them); allauth keeps only the attributes.
- At logout, someone who signed in with SAML is sent to the identity provider's
  SingleLogoutService with a LogoutRequest (signed when Lika has a SAML key), when the provider
  has one (LIKA_SAML_<ID>_SLO_URL, or its metadata). Its ID is remembered in the cache.
- The provider's LogoutResponse at /accounts/saml/<id>/sls/ must be signed, answer a LogoutRequest
  Lika sent and has not had answered, and say Success; anything else is refused with a plain page.
"""

import json
import logging

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.internal.stagekit import LOGIN_SESSION_KEY
from allauth.socialaccount.providers.saml import views as saml_views
from allauth.socialaccount.providers.saml.utils import (
    build_saml_config,
    get_app_or_404,
    prepare_django_request,
)
from allauth.socialaccount.sessions import LoginSession
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from onelogin.saml2.auth import OneLogin_Saml2_Auth
from onelogin.saml2.logout_response import OneLogin_Saml2_Logout_Response
from onelogin.saml2.response import OneLogin_Saml2_Response

logger = logging.getLogger("lika.accounts")

SESSION_KEY = "lika_saml_logout"
PENDING = "lika.saml.logout."
PENDING_SECONDS = 600


def auth_for(request, provider_id: str, messages_signed: bool = False) -> OneLogin_Saml2_Auth:
    app = get_app_or_404(request, provider_id)
    config = build_saml_config(request, app.settings, provider_id)
    if messages_signed:  # LogoutResponse and LogoutRequest only: sign-in keeps "assertion signed"
        config["security"]["wantMessagesSigned"] = True
    return OneLogin_Saml2_Auth(prepare_django_request(request), config)


def subject_of(auth: OneLogin_Saml2_Auth, saml_response: str) -> dict | None:
    """NameID and SessionIndex of a response allauth has just accepted (so not checked again)."""
    try:
        response = OneLogin_Saml2_Response(auth.get_settings(), saml_response)
        name_id = response.get_nameid_data()
        session_index = response.get_session_index()
    except Exception as exc:  # noqa: BLE001 - no NameID: single logout is not possible, sign-in stands
        logger.warning("SAML sign-in: no NameID for single logout: %s", exc)
        return None
    if not name_id.get("Value"):
        return None
    return {
        "name_id": name_id["Value"],
        "format": name_id.get("Format"),
        "nq": name_id.get("NameQualifier"),
        "spnq": name_id.get("SPNameQualifier"),
        "session_index": session_index,
    }


@login_not_required
def finish_acs(request, organization_slug):
    """allauth's ACS finish; after it, the subject single logout needs is kept in the session: a
    signed-in person's, or one whose sign-in waits for their two-factor code (allauth's stage)."""
    stored = LoginSession(request, "saml_acs_session", "saml-acs-session").store.get("request")
    response = saml_views.finish_acs(request, organization_slug=organization_slug)
    saml_response = QueryDict(json.loads(stored)["POST"]).get("SAMLResponse") if stored else None
    pending = LOGIN_SESSION_KEY in request.session
    if saml_response and (request.user.is_authenticated or pending):
        subject = subject_of(auth_for(request, organization_slug), saml_response)
        if subject:
            request.session[SESSION_KEY] = {"provider": organization_slug, **subject}
    return response


def logout_url(request, provider_id: str, return_to: str) -> str | None:
    """The provider's SingleLogoutService with a LogoutRequest, or None (no SLO address, or no
    NameID kept at sign-in): then only Lika's session ends."""
    subject = request.session.get(SESSION_KEY) or {}
    if subject.get("provider") != provider_id:
        return None
    auth = auth_for(request, provider_id)
    if not auth.get_slo_url():
        return None
    url = auth.logout(
        return_to=return_to,
        name_id=subject["name_id"],
        session_index=subject.get("session_index"),
        nq=subject.get("nq"),
        name_id_format=subject.get("format"),
        spnq=subject.get("spnq"),
    )
    cache.set(PENDING + auth.get_last_request_id(), provider_id, PENDING_SECONDS)
    return url


def refused(request, reason: str):
    logger.warning("SAML single logout refused: %s", reason)
    return render(request, "accounts/saml_logout_refused.html", status=400)


def answered_request(request, provider_id: str, saml_response: str) -> str | None:
    """The ID of Lika's LogoutRequest this response answers, once only; None if unknown."""
    try:
        in_response_to = OneLogin_Saml2_Logout_Response(
            auth_for(request, provider_id).get_settings(), saml_response
        ).get_in_response_to()
    except Exception:  # noqa: BLE001 - undecodable input from outside: refused below
        return None
    if not in_response_to or cache.get(PENDING + in_response_to) != provider_id:
        return None
    cache.delete(PENDING + in_response_to)
    return in_response_to


@csrf_exempt
@login_not_required
def sls(request, organization_slug):
    """Lika's SingleLogoutService: the answer to Lika's LogoutRequest, or the provider's own
    LogoutRequest (it ended the session elsewhere); both must be signed."""
    request_id = None
    if "SAMLResponse" in request.GET:
        request_id = answered_request(request, organization_slug, request.GET["SAMLResponse"])
        if request_id is None:
            return refused(request, f"{organization_slug}: a LogoutResponse to no pending LogoutRequest")
    elif "SAMLRequest" not in request.GET:
        return refused(request, f"{organization_slug}: neither a LogoutResponse nor a LogoutRequest")
    auth = auth_for(request, organization_slug, messages_signed=True)
    try:
        redirect_to = auth.process_slo(
            request_id=request_id,
            keep_local_session=not request.user.is_authenticated,
            delete_session_cb=lambda: get_account_adapter(request).logout(request),
        )
    except Exception as exc:  # noqa: BLE001 - python3-saml on malformed input from outside
        return refused(request, f"{organization_slug}: {exc}")
    if auth.get_errors():
        return refused(request, f"{organization_slug}: {', '.join(auth.get_errors())}: {auth.get_last_error_reason()}")
    logger.info("SAML single logout from %s done", organization_slug)
    return redirect(redirect_to or "home")
