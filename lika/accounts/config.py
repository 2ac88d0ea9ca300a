"""Sign-in settings read from the environment (used by lika.settings).

Single sign-on providers are named in LIKA_OIDC_PROVIDERS (comma-separated ids);
each id has its own variables, for example for `helsingborg`:

    LIKA_OIDC_HELSINGBORG_SERVER_URL     the issuer, e.g. https://login.microsoftonline.com/<tenant>/v2.0
    LIKA_OIDC_HELSINGBORG_CLIENT_ID
    LIKA_OIDC_HELSINGBORG_CLIENT_SECRET  (or ..._CLIENT_SECRET_FILE)
    LIKA_OIDC_HELSINGBORG_NAME           the button text (default "Sign in with <id>")
    LIKA_OIDC_HELSINGBORG_MUNICIPALITY   the municipality's short name (default: the id)
"""

import importlib.util
import re
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from lika.env import env_int, env_list, env_str

PROVIDER_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def oidc_app(provider_id: str) -> dict:
    if not PROVIDER_ID.match(provider_id):
        raise ImproperlyConfigured(
            f"LIKA_OIDC_PROVIDERS: {provider_id!r} is not a valid id (lower-case letters, digits, hyphens)"
        )
    prefix = "LIKA_OIDC_" + provider_id.upper().replace("-", "_") + "_"
    server_url = env_str(prefix + "SERVER_URL", "")
    client_id = env_str(prefix + "CLIENT_ID", "")
    for name, value in (("SERVER_URL", server_url), ("CLIENT_ID", client_id)):
        if not value:
            raise ImproperlyConfigured(
                f"{prefix}{name} must be set for the provider {provider_id!r}"
            )
    return {
        "provider_id": provider_id,
        "name": env_str(prefix + "NAME", provider_id),
        "client_id": client_id,
        "secret": env_str(prefix + "CLIENT_SECRET", ""),
        "settings": {
            "server_url": server_url,
            "oauth_pkce_enabled": True,
            "municipality": env_str(prefix + "MUNICIPALITY", provider_id),
        },
    }


def oidc_apps() -> list[dict]:
    return [
        oidc_app(provider_id) for provider_id in env_list("LIKA_OIDC_PROVIDERS", [])
    ]


def oidc_origins(apps: list[dict]) -> list[str]:
    """The providers' origins (scheme://host[:port]), OIDC or SAML, for the Content-Security-Policy's form-action."""
    origins = []
    for app in apps:
        settings = app["settings"]
        idp = settings.get("idp", {})
        parts = urlsplit(settings.get("server_url") or idp.get("sso_url") or idp.get("metadata_url", ""))
        if not parts.netloc:
            continue
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in origins:
            origins.append(origin)
    return origins


def login_failed_rate() -> str:
    """allauth's rate for failed logins: per address and per account name."""
    attempts = env_int("LIKA_LOGIN_ATTEMPTS", 5)
    lock_minutes = env_int("LIKA_LOGIN_LOCK_MINUTES", 15)
    per_address = env_int("LIKA_LOGIN_ATTEMPTS_PER_ADDRESS", 30)
    if attempts < 1 or lock_minutes < 1 or per_address < 1:
        raise ImproperlyConfigured(
            "LIKA_LOGIN_ATTEMPTS, LIKA_LOGIN_LOCK_MINUTES and LIKA_LOGIN_ATTEMPTS_PER_ADDRESS must be at least 1"
        )
    return f"{per_address}/{lock_minutes * 60}s/ip,{attempts}/{lock_minutes * 60}s/key"


# Role values of lika.organisations.models.Role, and "superuser" (kept equal by a test).
MFA_ROLE_NAMES = (
    "plan_owner",
    "coordinator",
    "reporter",
    "analyst",
    "reader",
    "case_officer",
    "superuser",
)


def mfa_required_roles() -> list[str]:
    roles = env_list("LIKA_MFA_REQUIRED_ROLES", ["plan_owner"])
    unknown = [role for role in roles if role not in MFA_ROLE_NAMES]
    if unknown:
        raise ImproperlyConfigured(
            f"LIKA_MFA_REQUIRED_ROLES: unknown role {unknown[0]!r}; use {', '.join(MFA_ROLE_NAMES)}"
        )
    return roles


def saml_app(provider_id: str) -> dict:
    """One SAML 2.0 identity provider from LIKA_SAML_<ID>_* (docs/sign-in.md)."""
    if not PROVIDER_ID.match(provider_id):
        raise ImproperlyConfigured(
            f"LIKA_SAML_PROVIDERS: {provider_id!r} is not a valid id (lower-case letters, digits, hyphens)"
        )
    prefix = "LIKA_SAML_" + provider_id.upper().replace("-", "_") + "_"
    entity_id = env_str(prefix + "IDP_ENTITY_ID", "")
    metadata_url = env_str(prefix + "METADATA_URL", "")
    sso_url = env_str(prefix + "SSO_URL", "")
    certificate = env_str(prefix + "X509CERT", "")
    if not entity_id or not (metadata_url or (sso_url and certificate)):
        raise ImproperlyConfigured(
            f"{prefix}IDP_ENTITY_ID and either {prefix}METADATA_URL or {prefix}SSO_URL with "
            f"{prefix}X509CERT must be set for the provider {provider_id!r}"
        )
    idp = {"entity_id": entity_id}
    if metadata_url:
        idp["metadata_url"] = metadata_url
    else:
        idp.update(sso_url=sso_url, x509cert=certificate)
    slo_url = env_str(prefix + "SLO_URL", "")
    if slo_url and not metadata_url:  # with a metadata URL, its SingleLogoutService is used
        idp["slo_url"] = slo_url
    return {
        "provider_id": provider_id,
        "name": env_str(prefix + "NAME", provider_id),
        "client_id": provider_id,  # the id in Lika's SAML addresses: /accounts/saml/<id>/acs/
        "settings": {
            "municipality": env_str(prefix + "MUNICIPALITY", provider_id),
            "idp": idp,
            "attribute_mapping": {
                "uid": env_str(prefix + "UID_ATTRIBUTE", "urn:oasis:names:tc:SAML:attribute:subject-id"),
                "email": env_str(prefix + "EMAIL_ATTRIBUTE", "email"),
                "first_name": env_str(prefix + "FIRST_NAME_ATTRIBUTE", "givenName"),
                "last_name": env_str(prefix + "LAST_NAME_ATTRIBUTE", "sn"),
            },
            "advanced": {
                "strict": True,
                "want_assertion_signed": True,
                "reject_idp_initiated_sso": True,
                **sp_signing(prefix),
            },
        },
    }


def sp_signing(prefix: str) -> dict:
    """Lika's own SAML key and certificate (<prefix>SP_PRIVATE_KEY / SP_X509CERT, or their _FILE):
    with them, Lika signs its LogoutRequest and LogoutResponse, and the metadata names the certificate."""
    key, certificate = env_str(prefix + "SP_PRIVATE_KEY", ""), env_str(prefix + "SP_X509CERT", "")
    if bool(key) != bool(certificate):
        raise ImproperlyConfigured(f"{prefix}SP_PRIVATE_KEY and {prefix}SP_X509CERT must be set together")
    if not key:
        return {}
    return {"private_key": key, "x509cert": certificate, "logout_request_signed": True, "logout_response_signed": True}


def saml_apps() -> list[dict]:
    return [saml_app(provider_id) for provider_id in env_list("LIKA_SAML_PROVIDERS", [])]


def saml_provider_app() -> list[str]:
    """allauth's SAML provider for INSTALLED_APPS, when python3-saml is installed (requirements/
    base.lock has it; a .venv from before it was added leaves SAML out until `./dev setup`)."""
    if importlib.util.find_spec("onelogin") is not None:
        return ["allauth.socialaccount.providers.saml"]
    if env_list("LIKA_SAML_PROVIDERS", []):
        raise ImproperlyConfigured("LIKA_SAML_PROVIDERS is set but python3-saml is not installed: run ./dev setup")
    return []
