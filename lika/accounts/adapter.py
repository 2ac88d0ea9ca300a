"""Lika's rules for django-allauth: nobody signs themselves up, and a person
coming from a municipality's identity provider is matched to a Lika person."""

import logging
from urllib.parse import urlencode

import requests
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.openid_connect.views import (
    OpenIDConnectOAuth2Adapter,
)
from django.conf import settings
from django.contrib.auth import get_user_model

from lika.accounts.actions import apply_rules, granting, matches_for, record_misses
from lika.accounts.rules import merged_claims
from lika.organisations.models import Municipality

logger = logging.getLogger("lika.accounts")


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # People are added by the plan owner or by IT (`lika people`), never by themselves.
        return False

    def get_logout_redirect_url(self, request) -> str:
        """Someone who signed in through an OpenID provider is logged out there too: sent to the
        provider's end_session_endpoint, which sends them back to Lika's home page. The same for
        SAML when the provider has a SingleLogoutService (lika.accounts.saml_logout)."""
        after = super().get_logout_redirect_url(request)
        provider_id = next(
            (
                record.get("provider")
                for record in reversed(get_authentication_records(request, request.user))
                if record.get("method") == "socialaccount"
            ),
            None,
        )
        oidc_ids = {app["provider_id"] for app in settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", [])}
        saml_ids = {app["provider_id"] for app in settings.SOCIALACCOUNT_PROVIDERS.get("saml", {}).get("APPS", [])}
        if provider_id in saml_ids:
            return saml_logout_url(request, provider_id, request.build_absolute_uri(after)) or after
        if provider_id not in oidc_ids:  # a password
            return after
        try:
            return end_session_url(request, provider_id, request.build_absolute_uri(after)) or after
        except (requests.RequestException, ValueError) as exc:  # the provider is down: Lika's session ends all the same
            logger.warning("logout at the identity provider %s not possible: %s", provider_id, exc)
            return after


def saml_logout_url(request, provider_id: str, return_to: str) -> str | None:
    # Imported here: python3-saml may be absent (see config.saml_provider_app).
    from lika.accounts import saml_logout

    try:
        return saml_logout.logout_url(request, provider_id, return_to)
    except Exception as exc:  # noqa: BLE001 - metadata unreachable or SAML settings refused: Lika's session ends all the same
        logger.warning("single logout at the SAML provider %s not possible: %s", provider_id, exc)
        return None


def end_session_url(request, provider_id: str, post_logout_redirect_uri: str) -> str | None:
    """The provider's RP-initiated logout address (OpenID Connect RP-Initiated Logout 1.0), or
    None when its discovery document names no end_session_endpoint."""
    adapter = OpenIDConnectOAuth2Adapter(request, provider_id)
    endpoint = adapter.openid_config.get("end_session_endpoint")
    if not endpoint:
        return None
    query = urlencode(
        {"client_id": adapter.get_provider().app.client_id, "post_logout_redirect_uri": post_logout_redirect_uri}
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def person_for(email: str, municipality_slug: str):
    """The one active Lika person with this e-mail address in the provider's municipality, or None.

    A provider answers only for its own municipality: an address that matches a
    person of another municipality, or several people, matches nobody.
    """
    if not email:
        return None
    people = list(
        get_user_model()
        .objects.filter(
            email__iexact=email.strip(),
            is_active=True,
            memberships__municipality__slug=municipality_slug,
        )
        .distinct()[:2]
    )
    return people[0] if len(people) == 1 else None


def _municipality_of(request, sociallogin):
    app = (sociallogin.provider or sociallogin.account.get_provider(request)).app
    slug = (app.settings or {}).get("municipality", "")
    return app, slug, Municipality.objects.filter(slug=slug).first()


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """A person from the identity provider is, in this order: known by the provider's subject;
    a Lika person of the provider's municipality with that e-mail address; or new, when the
    plan owner's role rules give them a role. Anyone else gets no account and is told whom to ask."""

    def pre_social_login(self, request, sociallogin) -> None:
        # Known by the provider's subject (`sub`) since an earlier sign-in: nothing to match.
        if sociallogin.is_existing:
            return
        app, slug, municipality = _municipality_of(request, sociallogin)
        request.session["lika_sso_municipality"] = slug
        claims = merged_claims(sociallogin.account.extra_data)
        email = sociallogin.user.email or claims.get("email", "")
        person = person_for(email, slug)
        if person is not None:
            sociallogin.connect(request, person)
            logger.info(
                "single sign-on: %s linked to subject %s from %s",
                person.username,
                sociallogin.account.uid,
                app.provider_id,
            )
            if municipality is not None:
                apply_rules(person, municipality, claims)
            return
        grants = []
        if municipality is not None and email:
            found = matches_for(municipality, claims)
            record_misses(found)
            grants = granting(found)
        taken = bool(email) and get_user_model().objects.filter(email__iexact=email.strip()).exists()
        request._lika_rule_grants = bool(grants) and not taken
        if not request._lika_rule_grants:
            logger.warning(
                "single sign-on: no Lika person and no role rule in %s for subject %s (%s) from %s",
                slug,
                sociallogin.account.uid,
                email or "no e-mail",
                app.provider_id,
            )

    def is_open_for_signup(self, request, sociallogin) -> bool:
        # Only people the plan owner's role rules give a role get an account; others get the
        # page saying whom to ask, and nothing is made.
        return getattr(request, "_lika_rule_grants", False)

    def save_user(self, request, sociallogin, form=None):
        person = super().save_user(request, sociallogin, form)
        _app, _slug, municipality = _municipality_of(request, sociallogin)
        apply_rules(person, municipality, merged_claims(sociallogin.account.extra_data))
        return person

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        logger.warning(
            "single sign-on refused from %s: %s %s",
            getattr(provider, "id", provider),
            error,
            exception or "",
        )
        super().on_authentication_error(
            request, provider, error, exception, extra_context
        )
