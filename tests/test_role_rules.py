"""Role rules: people from a municipality's identity provider get their role on first sign-in
from rules the plan owner sets on claims (groups, department). The redirect flow through a
real provider, with a rule applied, runs in CI (.ci/run, "sign-in with OpenID Connect")."""

import pytest
from allauth.core import context
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.internal.flows.login import complete_login
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.utils import translation

from lika.accounts import actions
from lika.accounts.models import RoleRule
from lika.accounts.rules import matches, merged_claims
from lika.organisations.access import access_for
from lika.organisations.models import Municipality, OrganisationUnit, Role

PAGE = "/accounts/people/rules/"
User = get_user_model()


def rule(**kw):
    return {"id": 1, "claim": "groups", "value": "g1", "role": "reporter", "unit_key": "u1", "unit_from_value": False, **kw}


def test_a_rule_matches_a_claim_value_or_one_of_a_list_whatever_the_letter_case():
    units = {"u1": "u1", "Kulturförvaltningen": "kultur"}
    assert matches([rule()], {"groups": ["x", " G1 "]}, units)[0].unit_key == "u1"
    assert matches([rule()], {"groups": "g2"}, units) == []
    assert matches([rule()], {}, units) == []
    assert len(matches([rule(value="*")], {"groups": ["a", "b"]}, units)) == 1
    by_value = rule(claim="department", value="*", unit_key=None, unit_from_value=True)
    found = matches([by_value], {"department": "kulturförvaltningen"}, units)
    assert found[0].unit_key == "kultur" and not found[0].unit_missing
    missing = matches([by_value], {"department": "Okänd förvaltning"}, units)
    assert missing[0].unit_missing and missing[0].claim_value == "Okänd förvaltning"


def test_claims_come_from_the_id_token_and_userinfo_or_saml_attributes():
    assert merged_claims({"id_token": {"a": 1, "b": 1}, "userinfo": {"b": 2}}) == {"a": 1, "b": 2}
    assert merged_claims({"department": ["X"]}) == {"department": ["X"]}


@pytest.mark.django_db
def test_the_plan_owner_adds_a_rule_on_the_page_and_bad_input_saves_nothing(client_for):
    owner = client_for("hbg-agare")
    page = owner.get(PAGE)
    assert page.status_code == 200 and "<h1>" in page.content.decode()
    response = owner.post(PAGE, {"claim": "department", "value": "Kultur", "role": "reporter", "unit": "kulturforvaltningen"})
    assert response.status_code == 302
    assert "Kultur" in owner.get(PAGE).content.decode()
    refused = owner.post(PAGE, {"claim": "groups", "value": "g", "role": "reporter", "unit": ""})
    assert refused.status_code == 400 and 'role="alert"' in refused.content.decode()
    assert RoleRule.objects.count() == 1
    removed = owner.post(f"{PAGE}{RoleRule.objects.get().pk}/remove/")
    assert removed.status_code == 302 and not RoleRule.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["hbg-soc", "hbg-analytiker", "hbg-samordnare", None])
def test_only_plan_owners_see_the_rules(client_for, username):
    assert client_for(username).get(PAGE).status_code in (302, 403)


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("owner,other", [("hbg-agare", "halmstad"), ("hst-agare", "helsingborg")])
def test_a_plan_owner_cannot_make_rules_granting_roles_in_another_municipality(role, owner, other):
    actor = User.objects.get(username=owner)
    own = Municipality.objects.get(memberships__user=actor)
    foreign = Municipality.objects.get(slug=other)
    foreign_unit = foreign.units.first().key
    with translation.override("en"):
        with pytest.raises(actions.ActionRefused, match="Only the plan owner"):
            actions.add_rule(actor, foreign, claim="groups", value="g", role=role, unit_key=foreign_unit)
        if role in ("reporter", "coordinator", "case_officer"):
            # Nor in their own municipality with the other municipality's unit.
            with pytest.raises(actions.ActionRefused, match="has no unit"):
                actions.add_rule(actor, own, claim="groups", value="g", role=role, unit_key=foreign_unit)
    assert not RoleRule.objects.exists()


@pytest.fixture
def ci_provider(settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "ci",
                    "name": "CI",
                    "client_id": "lika-ci",
                    "secret": "s",
                    "settings": {"server_url": "http://127.0.0.1:9", "municipality": "helsingborg"},
                }
            ],
        }
    }


def sign_in_from_provider(sub: str, email: str, **claims):
    request = RequestFactory().get("/accounts/oidc/ci/login/callback/")
    request.session = SessionStore()
    request.user = AnonymousUser()
    request._messages = FallbackStorage(request)
    provider = get_adapter().get_provider(request, "ci")
    userinfo = {"sub": sub, "email": email, "name": sub, **claims}
    sociallogin = provider.sociallogin_from_response(request, {"userinfo": userinfo, "id_token": {"sub": sub}})
    sociallogin.state = {"process": "login", "next": "/my/"}
    with translation.override("en"), context.request_context(request):
        response = complete_login(request, sociallogin)
    return request, response


@pytest.mark.django_db
def test_a_new_person_whose_department_matches_a_rule_gets_that_role_and_unit(ci_provider):
    helsingborg = Municipality.objects.get(slug="helsingborg")
    actions.add_rule(None, helsingborg, claim="department", value="*", role="reporter", unit_from_value=True)
    request, response = sign_in_from_provider("sub-ny", "ny@example.invalid", department="Kulturförvaltningen")
    assert response.status_code == 302, response.content[:500]
    person = User.objects.get(email="ny@example.invalid")
    access = access_for(person)
    kultur = OrganisationUnit.objects.get(municipality=helsingborg, key="kulturforvaltningen")
    assert access.roles == {"reporter"} and kultur.pk in access.units_for("reporter")
    assert request.session.get("_auth_user_id") == str(person.pk)


@pytest.mark.django_db
def test_without_a_matching_rule_nobody_is_created_and_the_page_names_whom_to_ask(ci_provider):
    helsingborg = Municipality.objects.get(slug="helsingborg")
    actions.add_rule(None, helsingborg, claim="groups", value="lika-reporters-kultur", role="reporter", unit_key="kulturforvaltningen")
    request, response = sign_in_from_provider("sub-x", "x@example.invalid", groups=["other-group"])
    text = response.content.decode()
    assert response.status_code == 200 and "no account in Lika" in text
    assert "hbg-agare@example.invalid" in text or "Amira" in text  # the plan owner, whom to ask
    assert not User.objects.filter(email="x@example.invalid").exists()
    assert "_auth_user_id" not in request.session


@pytest.mark.django_db
def test_a_rule_that_matches_no_unit_is_shown_to_the_plan_owner(ci_provider, client_for):
    helsingborg = Municipality.objects.get(slug="helsingborg")
    actions.add_rule(None, helsingborg, claim="department", value="*", role="reporter", unit_from_value=True)
    _request, _response = sign_in_from_provider("sub-y", "y@example.invalid", department="Förvaltningen som inte finns")
    assert not User.objects.filter(email="y@example.invalid").exists()
    page = client_for("hbg-agare").get(PAGE).content.decode()
    assert "Förvaltningen som inte finns" in page


@pytest.mark.django_db
def test_a_known_person_signing_in_the_first_time_also_gets_the_rules_roles(ci_provider):
    helsingborg = Municipality.objects.get(slug="helsingborg")
    actions.add_rule(None, helsingborg, claim="groups", value="lika-readers", role="reader")
    _request, response = sign_in_from_provider("sub-kultur", "hbg-kultur@example.invalid", groups=["lika-readers"])
    assert response.status_code == 302
    assert access_for(User.objects.get(username="hbg-kultur")).roles == {"reporter", "reader"}


@pytest.mark.django_db
def test_logging_out_after_single_sign_on_goes_on_to_the_providers_logout(ci_provider, monkeypatch):
    from allauth.socialaccount.providers.openid_connect.views import (
        OpenIDConnectOAuth2Adapter,
    )

    from lika.accounts.adapter import AccountAdapter

    config = {"end_session_endpoint": "http://127.0.0.1:9/session/end"}
    monkeypatch.setattr(OpenIDConnectOAuth2Adapter, "openid_config", property(lambda self: config))
    request, response = sign_in_from_provider("sub-kultur", "hbg-kultur@example.invalid")
    assert response.status_code == 302
    with context.request_context(request):
        url = AccountAdapter(request).get_logout_redirect_url(request)
    assert url == (
        "http://127.0.0.1:9/session/end?client_id=lika-ci&post_logout_redirect_uri=http%3A%2F%2Ftestserver%2F"
    )
    config.clear()  # a provider without RP-initiated logout: Lika's own logout only
    with context.request_context(request):
        assert AccountAdapter(request).get_logout_redirect_url(request) == "/"


@pytest.mark.django_db
def test_logging_out_after_a_password_sign_in_stays_in_lika(client_for):
    response = client_for("hbg-kultur").post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.django_db
def test_people_signed_in_through_the_provider_use_its_two_factor_unless_told_otherwise(ci_provider, settings):
    from lika.accounts.middleware import must_set_up_two_factor

    settings.LIKA_MFA_REQUIRED_ROLES = ["reporter"]
    request, response = sign_in_from_provider("sub-kultur", "hbg-kultur@example.invalid")
    assert response.status_code == 302
    assert not must_set_up_two_factor(request)
    settings.LIKA_MFA_TRUST_SSO = False
    assert must_set_up_two_factor(request)
