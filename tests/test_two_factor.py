"""Two-factor (TOTP with recovery codes) required for the roles named in LIKA_MFA_REQUIRED_ROLES."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from lika.accounts.config import MFA_ROLE_NAMES, mfa_required_roles
from lika.organisations.demo_users import DEMO_PASSWORD
from lika.organisations.models import Role


def code(secret: str) -> str:
    return format_hotp_value(
        hotp_value(secret, next(iter(yield_hotp_counters_from_time())))
    )


def log_in(client: Client, username: str):
    return client.post(
        "/accounts/login/", {"login": username, "password": DEMO_PASSWORD}
    )


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


@pytest.mark.django_db
def test_a_plan_owner_must_set_up_two_factor_and_then_uses_it(settings):
    settings.LIKA_MFA_REQUIRED_ROLES = ["plan_owner"]
    client = Client()
    assert log_in(client, "hbg-agare").status_code == 302
    response = client.get("/my/")
    assert response.status_code == 302 and response["Location"].startswith(
        "/accounts/2fa/totp/activate/"
    )
    page = client.get(response["Location"], follow=True)
    assert (
        "tvåstegsverifiering" in page.content.decode().lower()
    )  # the message saying why
    # Setting up a second factor asks for the password once more (allauth's reauthentication).
    confirm = client.post(page.redirect_chain[-1][0], {"password": DEMO_PASSWORD})
    assert confirm.status_code == 302
    client.get(confirm["Location"])
    secret = client.session["mfa.totp.secret"]
    activated = client.post("/accounts/2fa/totp/activate/", {"code": code(secret)})
    assert activated.status_code == 302
    assert Authenticator.objects.filter(
        user__username="hbg-agare", type=Authenticator.Type.RECOVERY_CODES
    ).exists()
    assert client.get("/my/").status_code == 200

    # Next time the password alone is not enough.
    cache.clear()
    again = Client()
    step = log_in(again, "hbg-agare")
    assert step.status_code == 302 and "/2fa/authenticate/" in step["Location"]
    assert again.get("/my/").status_code == 302
    recovery = Authenticator.objects.get(
        user__username="hbg-agare", type=Authenticator.Type.RECOVERY_CODES
    )
    done = again.post(step["Location"], {"code": recovery.wrap().get_unused_codes()[0]})
    assert done.status_code == 302
    assert again.get("/my/").status_code == 200


@pytest.mark.django_db
def test_roles_not_named_are_not_asked(settings):
    settings.LIKA_MFA_REQUIRED_ROLES = ["plan_owner"]
    client = Client()
    log_in(client, "hbg-analytiker")
    assert client.get("/my/").status_code == 200
    settings.LIKA_MFA_REQUIRED_ROLES = ["analyst"]
    response = client.get("/my/")
    assert response.status_code == 302 and "/2fa/totp/activate/" in response["Location"]
    # Logging out and the sign-in pages stay reachable.
    assert client.get("/accounts/2fa/").status_code == 200


def test_the_setting_names_only_real_roles(monkeypatch):
    assert set(MFA_ROLE_NAMES) == set(Role.values) | {"superuser"}
    monkeypatch.setenv("LIKA_MFA_REQUIRED_ROLES", "plan_owner,owner")
    with pytest.raises(ImproperlyConfigured, match=re.escape("unknown role 'owner'")):
        mfa_required_roles()
    monkeypatch.setenv("LIKA_MFA_REQUIRED_ROLES", "")
    assert mfa_required_roles() == []


@pytest.mark.django_db
def test_a_plan_owner_requires_two_factor_for_analysts_and_an_analyst_is_asked_to_set_it_up(settings):
    """The issue's done-criterion, on the plan owner's own page."""
    settings.LIKA_MFA_REQUIRED_ROLES = []
    analyst = Client()
    assert log_in(analyst, "hbg-analytiker").status_code == 302
    assert analyst.get("/my/").status_code == 200
    owner = Client()
    log_in(owner, "hbg-agare")
    page = owner.get("/accounts/people/two-factor/")
    assert page.status_code == 200 and "<legend>" in page.content.decode()
    assert owner.post("/accounts/people/two-factor/", {"roles": ["analyst"]}).status_code == 302
    asked = analyst.get("/my/")
    assert asked.status_code == 302 and "/2fa/totp/activate/" in asked["Location"]
    # Only the chosen roles are asked: the plan owner is not.
    assert owner.get("/my/").status_code == 200
    refused = owner.post("/accounts/people/two-factor/", {"roles": ["superuser"]})
    assert refused.status_code == 400 and 'role="alert"' in refused.content.decode()
    assert owner.post("/accounts/people/two-factor/", {}).status_code == 302  # none chosen
    assert analyst.get("/my/").status_code == 200


@pytest.mark.django_db
def test_the_installations_roles_and_the_municipalitys_choice_add_up(settings):
    from lika.accounts.actions import set_two_factor_roles, two_factor_roles
    from lika.organisations.models import Municipality

    helsingborg = Municipality.objects.get(slug="helsingborg")
    halmstad = Municipality.objects.get(slug="halmstad")
    settings.LIKA_MFA_REQUIRED_ROLES = ["plan_owner", "superuser"]
    set_two_factor_roles(None, helsingborg, ["analyst"])
    assert two_factor_roles(helsingborg.pk) == {"plan_owner", "superuser", "analyst"}
    assert two_factor_roles(halmstad.pk) == {"plan_owner", "superuser"}
    set_two_factor_roles(None, helsingborg, [])  # a plan owner cannot lift the installation's roles
    assert two_factor_roles(helsingborg.pk) == {"plan_owner", "superuser"}
    client = Client()
    log_in(client, "hst-agare")
    assert client.get("/accounts/people/two-factor/").status_code == 302  # must set up two-factor first


@pytest.mark.django_db
def test_a_security_key_or_passkey_can_be_added_and_counts_as_two_factor(settings):
    import re as regex

    settings.LIKA_MFA_REQUIRED_ROLES = ["analyst"]
    client = Client()
    log_in(client, "hbg-analytiker")
    assert "/2fa/totp/activate/" in client.get("/my/")["Location"]
    page = client.get("/accounts/2fa/webauthn/add/", follow=True)
    if page.redirect_chain:  # adding a key asks for the password once more
        page = client.post(page.redirect_chain[-1][0], {"password": DEMO_PASSWORD}, follow=True)
    text = page.content.decode()
    assert page.status_code == 200 and "mfa/js/webauthn.js" in text
    # Only JSON data blocks inline: the Content-Security-Policy allows no inline script.
    inline = regex.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", text)
    assert all('type="application/json"' in attributes for attributes in inline), inline
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="hbg-analytiker")
    Authenticator.objects.create(user=user, type=Authenticator.Type.WEBAUTHN, data={"name": "key"})
    assert client.get("/my/").status_code == 200
