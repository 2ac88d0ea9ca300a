"""Lika's rules for django-allauth: nobody signs themselves up, and a person
coming from a municipality's identity provider is matched to a Lika person."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib.auth import get_user_model

logger = logging.getLogger("lika.accounts")


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # People are added by the plan owner or by IT (`lika people`), never by themselves.
        return False


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


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request, sociallogin) -> None:
        # Known by the provider's subject (`sub`) since an earlier sign-in: nothing to match.
        if sociallogin.is_existing:
            return
        app = (sociallogin.provider or sociallogin.account.get_provider(request)).app
        municipality = (app.settings or {}).get("municipality", "")
        email = sociallogin.user.email or sociallogin.account.extra_data.get(
            "email", ""
        )
        person = person_for(email, municipality)
        if person is None:
            logger.warning(
                "single sign-on: no Lika person in %s for subject %s (%s) from %s",
                municipality,
                sociallogin.account.uid,
                email or "no e-mail",
                app.provider_id,
            )
            return
        sociallogin.connect(request, person)
        logger.info(
            "single sign-on: %s linked to subject %s from %s",
            person.username,
            sociallogin.account.uid,
            app.provider_id,
        )

    def is_open_for_signup(self, request, sociallogin) -> bool:
        # Unknown people get the page saying whom to ask; no account is made.
        return False

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
