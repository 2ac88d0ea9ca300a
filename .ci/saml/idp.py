"""CI: a real SAML 2.0 identity provider on 127.0.0.1 (pysaml2's IdP, signing with xmlsec1).

    python idp.py PORT SP_METADATA_URL WORK_DIR

Makes a key and certificate in WORK_DIR (idp.key, idp.crt: Lika trusts the certificate),
reads Lika's SP metadata, and answers Lika's AuthnRequest (HTTP-Redirect) with a login form:
any user name signs in as <name>@example.invalid; names in DEPARTMENTS also get a
`department` attribute. The response (HTTP-POST to Lika's ACS) has a signed assertion.
"""

import html
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.saml import NAMEID_FORMAT_EMAILADDRESS
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

DEPARTMENTS = {"saml-rapportor": "Kulturförvaltningen"}


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
            "endpoints": {"single_sign_on_service": [(f"{base}/sso/redirect", BINDING_HTTP_REDIRECT)]},
            "name_id_format": [NAMEID_FORMAT_EMAILADDRESS],
            "policy": {"default": {"lifetime": {"minutes": 5}, "attribute_restrictions": None}},
        }},
        "key_file": str(key),
        "cert_file": str(cert),
        "metadata": {"local": [str(metadata)]},
        "xmlsec_binary": "/usr/bin/xmlsec1",
    })
    return Server(config=config)


def page(start_response, body: str, status="200 OK"):
    start_response(status, [("Content-Type", "text/html; charset=utf-8")])
    return [f"<!doctype html><html lang='en'><title>CI SAML IdP</title><body>{body}</body></html>".encode()]


def app_for(idp: Server):
    def app(environ, start_response):
        path = environ["PATH_INFO"]
        if path == "/sso/redirect":
            query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
            request, relay = query["SAMLRequest"][0], query.get("RelayState", [""])[0]
            idp.parse_authn_request(request, BINDING_HTTP_REDIRECT)  # refuses what is not an AuthnRequest
            return page(start_response, (
                "<h1>CI SAML IdP</h1><form method='post' action='/sso/login'>"
                f"<input type='hidden' name='SAMLRequest' value='{html.escape(request)}'>"
                f"<input type='hidden' name='RelayState' value='{html.escape(relay)}'>"
                "<label>User name <input name='login'></label><button type='submit'>Sign in</button></form>"))
        if path == "/sso/login" and environ["REQUEST_METHOD"] == "POST":
            size = int(environ.get("CONTENT_LENGTH") or 0)
            form = parse_qs(environ["wsgi.input"].read(size).decode(), keep_blank_values=True)
            login = form["login"][0]
            parsed = idp.parse_authn_request(form["SAMLRequest"][0], BINDING_HTTP_REDIRECT).message
            destination = idp.config.metadata.assertion_consumer_service(parsed.issuer.text, binding=BINDING_HTTP_POST)[0]["location"]
            identity = {"uid": [login], "email": [f"{login}@example.invalid"]}
            if login in DEPARTMENTS:
                identity["department"] = [DEPARTMENTS[login]]
            response = idp.create_authn_response(
                identity, in_response_to=parsed.id, destination=destination, sp_entity_id=parsed.issuer.text,
                userid=login, name_id=None, authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:Password"},
                sign_assertion=True, sign_response=False, sign_alg=SIG_RSA_SHA256, digest_alg=DIGEST_SHA256,
            )
            http = idp.apply_binding(BINDING_HTTP_POST, str(response), destination, form["RelayState"][0], response=True)
            return page(start_response, http["data"])
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
