"""Lika's rules for django-allauth: nobody signs themselves up."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # People are added by the plan owner or by IT (`lika people`), never by themselves.
        return False


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    pass
