"""Single sign-on: who a person from a municipality's identity provider is in Lika,
and the provider settings read from the environment. The whole redirect flow
through a real provider runs in CI (.ci/run, "sign-in with OpenID Connect")."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from lika.accounts.adapter import person_for
from lika.accounts.config import oidc_apps


@pytest.mark.django_db
def test_a_person_is_found_by_email_in_the_providers_municipality_only():
    assert (
        person_for("HBG-Kultur@example.invalid", "helsingborg").username == "hbg-kultur"
    )
    assert (
        person_for("hbg-kultur@example.invalid", "halmstad") is None
    )  # another municipality's provider
    assert person_for("nobody@example.invalid", "helsingborg") is None
    assert person_for("", "helsingborg") is None


@pytest.mark.django_db
def test_an_address_shared_by_two_people_matches_nobody(django_user_model):
    twin = django_user_model.objects.create(
        username="twin", email="hbg-soc@example.invalid"
    )
    twin.memberships.create(
        municipality_id=django_user_model.objects.get(username="hbg-soc")
        .memberships.get()
        .municipality_id,
        role="reader",
    )
    assert person_for("hbg-soc@example.invalid", "helsingborg") is None


def test_providers_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("LIKA_OIDC_PROVIDERS", "helsingborg, halmstad-entra")
    monkeypatch.setenv(
        "LIKA_OIDC_HELSINGBORG_SERVER_URL", "https://login.example/hbg/v2.0"
    )
    monkeypatch.setenv("LIKA_OIDC_HELSINGBORG_CLIENT_ID", "abc")
    monkeypatch.setenv("LIKA_OIDC_HELSINGBORG_CLIENT_SECRET", "s3cret")
    monkeypatch.setenv(
        "LIKA_OIDC_HALMSTAD_ENTRA_SERVER_URL", "https://login.example/hst/v2.0"
    )
    monkeypatch.setenv("LIKA_OIDC_HALMSTAD_ENTRA_CLIENT_ID", "def")
    monkeypatch.setenv("LIKA_OIDC_HALMSTAD_ENTRA_MUNICIPALITY", "halmstad")
    helsingborg, halmstad = oidc_apps()
    assert helsingborg["settings"] == {
        "server_url": "https://login.example/hbg/v2.0",
        "oauth_pkce_enabled": True,
        "municipality": "helsingborg",
    }
    assert helsingborg["secret"] == "s3cret"
    assert (
        halmstad["provider_id"] == "halmstad-entra"
        and halmstad["settings"]["municipality"] == "halmstad"
    )


def test_a_provider_without_its_address_stops_start_up_with_one_line(monkeypatch):
    monkeypatch.setenv("LIKA_OIDC_PROVIDERS", "helsingborg")
    monkeypatch.setenv("LIKA_OIDC_HELSINGBORG_CLIENT_ID", "abc")
    with pytest.raises(
        ImproperlyConfigured, match="LIKA_OIDC_HELSINGBORG_SERVER_URL must be set"
    ):
        oidc_apps()
    monkeypatch.setenv("LIKA_OIDC_PROVIDERS", "Helsing borg")
    with pytest.raises(ImproperlyConfigured, match="not a valid id"):
        oidc_apps()


@pytest.mark.django_db
def test_a_forged_callback_is_refused_without_a_session():
    client = Client()
    response = client.get(
        "/accounts/oidc/nowhere/login/callback/?code=forged&state=forged"
    )
    assert response.status_code in (401, 404)
    assert "_auth_user_id" not in client.session
