"""CI: a real SAML 2.0 identity provider on 127.0.0.1 (pysaml2's IdP, signing with xmlsec1).

    python idp.py PORT SP_METADATA_URL WORK_DIR

Makes a key and certificate in WORK_DIR (idp.key, idp.crt: Lika trusts the certificate),
reads Lika's SP metadata, and answers Lika's AuthnRequest (HTTP-Redirect) with a login form:
any user name signs in as <name>@example.invalid; names in DEPARTMENTS also get a
`department` attribute. The response (HTTP-POST to Lika's ACS) has a signed assertion.

The provider keeps a session (a cookie): signing in again while it lasts asks for no user name.
Single logout: Lika's LogoutRequest (HTTP-Redirect, which must be signed with the key in Lika's
metadata) ends every session of that NameID, and a signed LogoutResponse goes back to Lika's SLS.
"""

import html
import secrets
import subprocess
import sys
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.saml import NAMEID_FORMAT_EMAILADDRESS, NameID
from saml2.server import Server
from saml2.sigver import verify_redirect_signature
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

DEPARTMENTS = {"saml-rapportor": "Kulturförvaltningen"}
COOKIE = "ci_idp_session"
SESSIONS: dict[str, str] = {}  # cookie value -> user name


def make_idp(port: int, sp_metadata_url: str, work: Path) -> Server:
    key, cert = work / "idp.key", work / "idp.crt"
    if not cert.exists():
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=lika-ci-idp",
             "-keyout", str(key), "-out", str(cert)],
            check=True, capture_output=True,
        )
    metadata = work / "sp.xml"
    metadata.write_bytes(urllib.request.urlopen(sp_metadata_url, timeout=30).read())
    base = f"http://127.0.0.1:{port}"
    config = IdPConfig()
    config.load({
        "entityid": f"{base}/idp.xml",
        "service": {"idp": {
            "endpoints": {
                "single_sign_on_service": [(f"{base}/sso/redirect", BINDING_HTTP_REDIRECT)],
                "single_logout_service": [(f"{base}/slo/redirect", BINDING_HTTP_REDIRECT)],
            },
            "name_id_format": [NAMEID_FORMAT_EMAILADDRESS],
            "policy": {"default": {"lifetime": {"minutes": 5}, "attribute_restrictions": None}},
        }},
        "key_file": str(key),
        "cert_file": str(cert),
        "metadata": {"local": [str(metadata)]},
        "xmlsec_binary": "/usr/bin/xmlsec1",
    })
    return Server(config=config)


def page(start_response, body: str, status="200 OK", headers=()):
    start_response(status, [("Content-Type", "text/html; charset=utf-8"), *headers])
    return [f"<!doctype html><html lang='en'><title>CI SAML IdP</title><body>{body}</body></html>".encode()]


def signed_in_response(idp: Server, request: str, relay: str, login: str, start_response, cookie=""):
    """The signed response for this AuthnRequest, in a page that posts it to Lika's ACS."""
    parsed = idp.parse_authn_request(request, BINDING_HTTP_REDIRECT).message
    destination = idp.config.metadata.assertion_consumer_service(parsed.issuer.text, binding=BINDING_HTTP_POST)[0]["location"]
    identity = {"uid": [login], "email": [f"{login}@example.invalid"]}
    if login in DEPARTMENTS:
        identity["department"] = [DEPARTMENTS[login]]
    response = idp.create_authn_response(
        identity, in_response_to=parsed.id, destination=destination, sp_entity_id=parsed.issuer.text,
        userid=login, name_id=NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=f"{login}@example.invalid"),
        authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:Password"},
        sign_assertion=True, sign_response=False, sign_alg=SIG_RSA_SHA256, digest_alg=DIGEST_SHA256,
    )
    http = idp.apply_binding(BINDING_HTTP_POST, str(response), destination, relay, response=True)
    headers = [("Set-Cookie", f"{COOKIE}={cookie}; Path=/; HttpOnly; SameSite=Lax")] if cookie else []
    return page(start_response, http["data"], headers=headers)


def single_logout(idp: Server, query: dict, start_response):
    """Lika's signed LogoutRequest: end the NameID's sessions, answer with a signed LogoutResponse."""
    request, relay = query["SAMLRequest"][0], query.get("RelayState", [None])[0]
    if "Signature" not in query:
        return page(start_response, "<h1>Unsigned LogoutRequest refused</h1>", "403 Forbidden")
    parsed = idp.parse_logout_request(request, BINDING_HTTP_REDIRECT).message
    signed = {"SAMLRequest": request, "SigAlg": query["SigAlg"][0], "Signature": query["Signature"][0]}
    if relay is not None:
        signed["RelayState"] = relay
    certs = idp.metadata.certs(parsed.issuer.text, "any", "signing")
    if not any(verify_redirect_signature(signed, idp.sec.sec_backend, cert) for _name, cert in certs):
        return page(start_response, "<h1>LogoutRequest signature refused</h1>", "403 Forbidden")
    login = parsed.name_id.text.split("@")[0]
    for token in [token for token, who in SESSIONS.items() if who == login]:
        del SESSIONS[token]
    sys.stderr.write(f"saml-idp: single logout of {login}\n")
    response = idp.create_logout_response(parsed, [BINDING_HTTP_REDIRECT])
    http = idp.apply_binding(BINDING_HTTP_REDIRECT, str(response), response.destination, relay or "", response=True,
                             sign=True, sigalg=SIG_RSA_SHA256)
    location = dict(http["headers"])["Location"]
    start_response("302 Found", [("Location", location), ("Set-Cookie", f"{COOKIE}=; Path=/; Max-Age=0")])
    return [b""]


def app_for(idp: Server):
    def app(environ, start_response):
        path = environ["PATH_INFO"]
        cookie = SimpleCookie(environ.get("HTTP_COOKIE", ""))
        session = cookie[COOKIE].value if COOKIE in cookie else ""
        query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        if path == "/sso/redirect":
            request, relay = query["SAMLRequest"][0], query.get("RelayState", [""])[0]
            idp.parse_authn_request(request, BINDING_HTTP_REDIRECT)  # refuses what is not an AuthnRequest
            if session in SESSIONS:  # signed in here already: no user name asked
                return signed_in_response(idp, request, relay, SESSIONS[session], start_response)
            return page(start_response, (
                "<h1>CI SAML IdP</h1><form method='post' action='/sso/login'>"
                f"<input type='hidden' name='SAMLRequest' value='{html.escape(request)}'>"
                f"<input type='hidden' name='RelayState' value='{html.escape(relay)}'>"
                "<label>User name <input name='login'></label><button type='submit'>Sign in</button></form>"))
        if path == "/sso/login" and environ["REQUEST_METHOD"] == "POST":
            size = int(environ.get("CONTENT_LENGTH") or 0)
            form = parse_qs(environ["wsgi.input"].read(size).decode(), keep_blank_values=True)
            token = secrets.token_urlsafe(16)
            SESSIONS[token] = form["login"][0]
            return signed_in_response(idp, form["SAMLRequest"][0], form["RelayState"][0], form["login"][0], start_response, token)
        if path == "/slo/redirect":
            return single_logout(idp, query, start_response)
        return page(start_response, "<h1>Not found</h1>", "404 Not Found")

    return app


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        sys.stderr.write("saml-idp: " + (args[0] % args[1:]) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: python idp.py PORT SP_METADATA_URL WORK_DIR")
    port, metadata_url, work_dir = int(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    server = make_server("127.0.0.1", port, app_for(make_idp(port, metadata_url, work_dir)), handler_class=QuietHandler)
    print(f"saml-idp: at http://127.0.0.1:{port}", flush=True)
    server.serve_forever()
