"""Invitations: a person the plan owner adds to Lika is told by e-mail how to sign in.

The e-mail names the role and gives two ways in: the municipality's own sign-in (single
sign-on recognises the person by the address) or a link to choose a password, which is
allauth's password-reset link (single use, valid for PASSWORD_RESET_TIMEOUT). Sent when the
transaction that added the person commits, so a refused change sends nothing."""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from lika.organisations.actions import ActionRefused


def set_password_url(person) -> str:
    key = default_token_generator.make_token(person)
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(person), "key": key})
    return settings.LIKA_SITE_URL.rstrip("/") + path


def invitation(person, municipality, roles: str, inviter) -> tuple[str, str]:
    """Subject and body, in Swedish (the staff's language; the pages offer English)."""
    with translation.override("sv"):
        subject = _("You have been given a role in Lika")
        body = _(
            "Hello %(name)s,\n\n"
            "%(inviter)s has given you this role in Lika, %(municipality)s's tool for following up its plans "
            "for equal opportunities: %(roles)s.\n\n"
            "Your user name is %(username)s. If %(municipality)s lets you sign in with your work account, "
            "sign in with it here:\n%(login)s\n\n"
            "Otherwise choose a password with this link. It works once and for %(days)s days:\n%(set_password)s\n"
        ) % {
            "name": person.get_full_name() or person.username,
            "inviter": inviter.get_full_name() or inviter.username if inviter else _("The plan owner"),
            "municipality": municipality.name,
            "roles": roles,
            "username": person.username,
            "login": settings.LIKA_SITE_URL.rstrip("/") + reverse("login"),
            "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
            "set_password": set_password_url(person),
        }
    return subject, body


def send_invitation(person, municipality, inviter) -> None:
    """E-mail `person` their roles in `municipality` and how to sign in, once the change is saved."""
    if not person.email:
        raise ActionRefused(_("%(name)s has no e-mail address to invite.") % {"name": person.username})
    memberships = person.memberships.filter(municipality=municipality).select_related("unit")
    if not memberships:
        raise ActionRefused(_("%(name)s has no role in %(municipality)s.") % {"name": person.username, "municipality": municipality.name})
    with translation.override("sv"):
        roles = "; ".join(str(membership) for membership in memberships)
    subject, body = invitation(person, municipality, roles, inviter)
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email]))
