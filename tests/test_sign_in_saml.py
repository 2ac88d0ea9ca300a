"""SAML 2.0 sign-in (allauth's SAML provider, python3-saml with xmlsec): a response signed by
the municipality's identity provider signs the person in and applies the role rules; a response
whose signature does not hold is refused, with no session."""

import base64
import datetime
import re
import uuid
import zlib
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.contrib.auth import get_user_model
from django.test import Client
from onelogin.saml2.utils import OneLogin_Saml2_Utils

from lika.accounts import actions
from lika.accounts.config import saml_app
from lika.organisations.access import access_for
from lika.organisations.models import Municipality

IDP = "https://idp.example.invalid/saml"
SP = "http://testserver/accounts/saml/hbg-saml/metadata/"
ACS = "http://testserver/accounts/saml/hbg-saml/acs/"


def key_and_certificate():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test idp")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30)).sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return key_pem.decode(), cert.public_bytes(serialization.Encoding.PEM).decode()


KEY, CERT = key_and_certificate()


@pytest.fixture
def saml_provider(settings, monkeypatch):
    monkeypatch.setenv("LIKA_SAML_HBG_SAML_IDP_ENTITY_ID", IDP)
    monkeypatch.setenv("LIKA_SAML_HBG_SAML_SSO_URL", "https://idp.example.invalid/sso")
    monkeypatch.setenv("LIKA_SAML_HBG_SAML_X509CERT", CERT)
    monkeypatch.setenv("LIKA_SAML_HBG_SAML_MUNICIPALITY", "helsingborg")
    monkeypatch.setenv("LIKA_SAML_HBG_SAML_UID_ATTRIBUTE", "uid")
    app = saml_app("hbg-saml")
    app["settings"]["advanced"]["allow_single_label_domains"] = True  # the test client's host, "testserver"
    settings.SOCIALACCOUNT_PROVIDERS = {**settings.SOCIALACCOUNT_PROVIDERS, "saml": {"APPS": [app]}}


def start(client: Client) -> str:
    """Lika's side of the start: the AuthnRequest's ID, from the redirect to the provider."""
    response = client.post("/accounts/saml/hbg-saml/login/?next=/my/")
    assert response.status_code == 302 and response["Location"].startswith("https://idp.example.invalid/sso")
    request = parse_qs(urlsplit(response["Location"]).query)["SAMLRequest"][0]
    xml = zlib.decompress(base64.b64decode(request), -15).decode()
    return re.search(r'ID="([^"]+)"', xml).group(1)


def response_xml(in_response_to: str, email: str, department: str, key=KEY, cert=CERT) -> str:
    now = datetime.datetime.now(datetime.UTC)
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    issued, later = now.strftime(fmt), (now + datetime.timedelta(minutes=5)).strftime(fmt)
    assertion_id = "_" + uuid.uuid4().hex
    attributes = "".join(
        f'<saml:Attribute Name="{name}"><saml:AttributeValue>{value}</saml:AttributeValue></saml:Attribute>'
        for name, value in (("uid", email.split("@")[0]), ("email", email), ("department", department))
    )
    assertion = (
        f'<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{assertion_id}" Version="2.0" IssueInstant="{issued}">'
        f"<saml:Issuer>{IDP}</saml:Issuer>"
        f'<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">{email}</saml:NameID>'
        f'<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData '
        f'NotOnOrAfter="{later}" Recipient="{ACS}" InResponseTo="{in_response_to}"/></saml:SubjectConfirmation></saml:Subject>'
        f'<saml:Conditions NotBefore="{issued}" NotOnOrAfter="{later}"><saml:AudienceRestriction>'
        f"<saml:Audience>{SP}</saml:Audience></saml:AudienceRestriction></saml:Conditions>"
        f'<saml:AuthnStatement AuthnInstant="{issued}" SessionIndex="{assertion_id}"><saml:AuthnContext>'
        "<saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</saml:AuthnContextClassRef>"
        f"</saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement>{attributes}</saml:AttributeStatement>"
        "</saml:Assertion>"
    )
    signed = OneLogin_Saml2_Utils.add_sign(assertion, key, cert).decode()
    signed = re.sub(r"^<\?xml[^>]*>\s*", "", signed)
    return (
        '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" '
        f'ID="_{uuid.uuid4().hex}" Version="2.0" IssueInstant="{issued}" Destination="{ACS}" InResponseTo="{in_response_to}">'
        f"<saml:Issuer>{IDP}</saml:Issuer>"
        '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>'
        f"{signed}</samlp:Response>"
    )


def post_response(client: Client, xml: str):
    acs = client.post("/accounts/saml/hbg-saml/acs/", {"SAMLResponse": base64.b64encode(xml.encode()).decode()})
    assert acs.status_code == 302
    return client.get(acs["Location"])


@pytest.mark.django_db
def test_a_signed_response_signs_a_new_person_in_with_the_role_rules(saml_provider):
    helsingborg = Municipality.objects.get(slug="helsingborg")
    actions.add_rule(None, helsingborg, claim="department", value="*", role="reporter", unit_from_value=True)
    client = Client(HTTP_HOST="testserver")
    assert "/accounts/saml/hbg-saml/login/" in client.get("/accounts/login/").content.decode()
    finished = post_response(client, response_xml(start(client), "saml-ny@example.invalid", "Kulturförvaltningen"))
    assert finished.status_code == 302 and finished["Location"] == "/my/", finished.content[:400]
    person = get_user_model().objects.get(email="saml-ny@example.invalid")
    assert access_for(person).roles == {"reporter"}
    assert client.get("/my/").status_code == 200


@pytest.mark.django_db
def test_a_response_with_a_bad_signature_is_refused_without_a_session(saml_provider, caplog):
    client = Client(HTTP_HOST="testserver")
    tampered = response_xml(start(client), "hbg-kultur@example.invalid", "x").replace(
        "hbg-kultur@example.invalid", "hbg-agare@example.invalid"
    )
    refused = post_response(client, tampered)
    assert refused.status_code == 401
    assert "Signature validation failed" in caplog.text  # refused and logged
    assert "_auth_user_id" not in client.session and client.get("/my/").status_code == 302
    # Signed with another key than the provider's certificate: refused too.
    other_key, other_cert = key_and_certificate()
    forged = response_xml(start(client), "hbg-kultur@example.invalid", "x", key=other_key, cert=other_cert)
    post_response(client, forged)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_known_person_is_signed_in_by_e_mail(saml_provider):
    client = Client(HTTP_HOST="testserver")
    finished = post_response(client, response_xml(start(client), "hbg-kultur@example.invalid", "x"))
    assert finished.status_code == 302 and client.get("/my/").status_code == 200
    assert client.session["_auth_user_id"] == str(get_user_model().objects.get(username="hbg-kultur").pk)


def test_a_saml_provider_without_its_addresses_stops_start_up_with_one_line(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("LIKA_SAML_HALMSTAD_IDP_ENTITY_ID", IDP)
    with pytest.raises(ImproperlyConfigured, match="LIKA_SAML_HALMSTAD_METADATA_URL"):
        saml_app("halmstad")
    with pytest.raises(ImproperlyConfigured, match="not a valid id"):
        saml_app("Halmstad Kommun")


@pytest.mark.django_db
def test_a_replayed_response_signs_nobody_in(saml_provider):
    first = Client(HTTP_HOST="testserver")
    xml = response_xml(start(first), "hbg-kultur@example.invalid", "x")
    assert post_response(first, xml).status_code == 302 and first.get("/my/").status_code == 200
    # The same signed response again, from another browser: its request was answered already.
    replay = Client(HTTP_HOST="testserver")
    post_response(replay, xml)
    assert "_auth_user_id" not in replay.session and replay.get("/my/").status_code == 302
    # ...and in the first browser after logging out (Lika's session only: no SAML single logout).
    logout = first.post("/accounts/logout/")
    assert logout.status_code == 302 and logout["Location"] == "/"
    post_response(first, xml)
    assert "_auth_user_id" not in first.session
