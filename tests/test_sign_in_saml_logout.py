"""SAML single logout: logging out of Lika after a SAML sign-in sends the person to the identity
provider's SingleLogoutService with a signed LogoutRequest; the provider's LogoutResponse is
accepted only when signed by the provider and answering that request, once. Without an SLO
address at the provider, only Lika's session ends."""

import base64
import datetime
import re
import uuid
import zlib
from urllib.parse import parse_qs, quote_plus, urlsplit

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from django.contrib.auth import get_user_model
from django.test import Client
from onelogin.saml2.utils import OneLogin_Saml2_Utils

from lika.accounts.config import saml_app
from tests.test_sign_in_saml import (
    CERT,
    IDP,
    KEY,
    key_and_certificate,
    post_response,
    response_xml,
    start,
)
from tests.test_two_factor import code

SLO = "https://idp.example.invalid/slo"
SLS = "http://testserver/accounts/saml/hbg-saml/sls/"
SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
SP_KEY, SP_CERT = key_and_certificate()


def configure(settings, monkeypatch, slo=True):
    for name, value in (
        ("IDP_ENTITY_ID", IDP), ("SSO_URL", "https://idp.example.invalid/sso"), ("X509CERT", CERT),
        ("MUNICIPALITY", "helsingborg"), ("UID_ATTRIBUTE", "uid"), ("SP_PRIVATE_KEY", SP_KEY), ("SP_X509CERT", SP_CERT),
    ):
        monkeypatch.setenv(f"LIKA_SAML_HBG_SAML_{name}", value)
    if slo:
        monkeypatch.setenv("LIKA_SAML_HBG_SAML_SLO_URL", SLO)
    app = saml_app("hbg-saml")
    app["settings"]["advanced"]["allow_single_label_domains"] = True  # the test client's host, "testserver"
    settings.SOCIALACCOUNT_PROVIDERS = {**settings.SOCIALACCOUNT_PROVIDERS, "saml": {"APPS": [app]}}


@pytest.fixture
def with_slo(settings, monkeypatch):
    configure(settings, monkeypatch)


def signed_in() -> Client:
    client = Client(HTTP_HOST="testserver")
    assert post_response(client, response_xml(start(client), "hbg-kultur@example.invalid", "x")).status_code == 302
    assert client.get("/my/").status_code == 200
    return client


def logout_request(client: Client) -> tuple[dict, str]:
    """Log out of Lika: the redirect's query, and the LogoutRequest it carries."""
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"].startswith(SLO + "?"), response.get("Location")
    query = {key: values[0] for key, values in parse_qs(urlsplit(response["Location"]).query).items()}
    return query, zlib.decompress(base64.b64decode(query["SAMLRequest"]), -15).decode()


def redirect_query(kind: str, xml: str, key=KEY, signed=True) -> dict:
    """A message from the provider over HTTP-Redirect, signed with its key as SAML's binding says."""
    query = {kind: OneLogin_Saml2_Utils.deflate_and_base64_encode(xml)}
    if signed:
        query["SigAlg"] = SHA256
        signed_part = "&".join(f"{name}={quote_plus(value)}" for name, value in query.items())
        private = serialization.load_pem_private_key(key.encode(), password=None)
        signature = private.sign(signed_part.encode(), padding.PKCS1v15(), hashes.SHA256())
        query["Signature"] = base64.b64encode(signature).decode()
    return query


def now() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


PROTOCOL = 'xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"'


def logout_response(in_response_to: str, key=KEY, signed=True) -> dict:
    xml = (
        f'<samlp:LogoutResponse {PROTOCOL} ID="_{uuid.uuid4().hex}" Version="2.0" IssueInstant="{now()}" '
        f'Destination="{SLS}" InResponseTo="{in_response_to}">'
        f'<saml:Issuer>{IDP}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>'
        "</samlp:Status></samlp:LogoutResponse>"
    )
    return redirect_query("SAMLResponse", xml, key, signed)


def idp_logout_request(email: str, signed=True) -> dict:
    """The provider ends the session itself (the person logged out of another service)."""
    xml = (
        f'<samlp:LogoutRequest {PROTOCOL} ID="_{uuid.uuid4().hex}" Version="2.0" IssueInstant="{now()}" Destination="{SLS}">'
        f'<saml:Issuer>{IDP}</saml:Issuer><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">'
        f"{email}</saml:NameID></samlp:LogoutRequest>"
    )
    return redirect_query("SAMLRequest", xml, signed=signed)


def request_id(xml: str) -> str:
    return re.search(r'ID="([^"]+)"', xml).group(1)


@pytest.mark.django_db
def test_logout_after_saml_sign_in_goes_to_the_providers_single_logout_signed(with_slo):
    client = signed_in()
    query, xml = logout_request(client)
    assert "Signature" in query and query["SigAlg"] == SHA256  # Lika has a key: the request is signed
    assert "hbg-kultur@example.invalid</saml:NameID>" in xml and "<samlp:SessionIndex>" in xml
    assert client.get("/my/").status_code == 302  # Lika's session ended already
    back = client.get("/accounts/saml/hbg-saml/sls/", logout_response(request_id(xml)))
    assert back.status_code == 302 and back["Location"] == "/"


@pytest.mark.django_db
def test_someone_with_their_own_two_factor_is_logged_out_at_the_provider_too(with_slo):
    person = get_user_model().objects.get(username="hbg-kultur")
    secret = "JBSWY3DPEHPK3PXP"
    TOTP.activate(person, secret)
    client = Client(HTTP_HOST="testserver")
    post_response(client, response_xml(start(client), "hbg-kultur@example.invalid", "x"))
    asked = client.post("/accounts/2fa/authenticate/", {"code": code(secret)})
    assert asked.status_code == 302 and client.get("/my/").status_code == 200
    _query, xml = logout_request(client)
    assert "hbg-kultur@example.invalid</saml:NameID>" in xml


@pytest.mark.django_db
def test_a_forged_unsigned_or_replayed_logout_response_is_refused_without_a_traceback(with_slo, caplog):
    client = signed_in()
    _query, xml = logout_request(client)
    pending = request_id(xml)
    other_key, _other_cert = key_and_certificate()
    for forged in (
        logout_response(pending, signed=False),
        logout_response(pending, key=other_key),
        logout_response("_never-sent"),
        {"SAMLResponse": "not base64 at all %%%"},
        {},
    ):
        refused = client.get("/accounts/saml/hbg-saml/sls/", forged)
        text = refused.content.decode()
        assert refused.status_code == 400 and "<h1>" in text, text[:300]
        assert "Traceback" not in text and "onelogin" not in text and "Signature validation" not in text
    assert "not signed" in caplog.text and "Signature validation failed" in caplog.text  # logged
    # The unsigned and forged attempts used the request up: Lika answers a LogoutRequest once.
    assert client.get("/accounts/saml/hbg-saml/sls/", logout_response(pending)).status_code == 400


@pytest.mark.django_db
def test_a_signed_answer_counts_once(with_slo):
    client = signed_in()
    _query, xml = logout_request(client)
    answer = logout_response(request_id(xml))
    assert client.get("/accounts/saml/hbg-saml/sls/", answer).status_code == 302
    assert client.get("/accounts/saml/hbg-saml/sls/", answer).status_code == 400


@pytest.mark.django_db
def test_the_provider_ending_the_session_ends_lika_s_only_when_signed(with_slo, caplog):
    client = signed_in()
    refused = client.get("/accounts/saml/hbg-saml/sls/", idp_logout_request("hbg-kultur@example.invalid", signed=False))
    assert refused.status_code == 400 and "not signed" in caplog.text
    assert client.get("/my/").status_code == 200  # an unsigned request ends nothing
    answered = client.get("/accounts/saml/hbg-saml/sls/", idp_logout_request("hbg-kultur@example.invalid"))
    assert answered.status_code == 302 and answered["Location"].startswith(SLO + "?")
    answer = parse_qs(urlsplit(answered["Location"]).query)
    assert "Signature" in answer and "SAMLResponse" in answer  # Lika's LogoutResponse, signed with its key
    assert client.get("/my/").status_code == 302


@pytest.mark.django_db
def test_without_a_single_logout_address_only_lika_s_session_ends(settings, monkeypatch):
    configure(settings, monkeypatch, slo=False)
    client = signed_in()
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/my/").status_code == 302


def test_a_saml_key_without_its_certificate_stops_start_up_with_one_line(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("LIKA_SAML_HALMSTAD_IDP_ENTITY_ID", IDP)
    monkeypatch.setenv("LIKA_SAML_HALMSTAD_METADATA_URL", "https://idp.example.invalid/metadata")
    monkeypatch.setenv("LIKA_SAML_HALMSTAD_SP_PRIVATE_KEY", SP_KEY)
    with pytest.raises(ImproperlyConfigured, match="SP_X509CERT must be set together"):
        saml_app("halmstad")
