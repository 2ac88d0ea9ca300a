"""API tokens: making, checking and revoking them (decision 16).

A token reads `lika_<prefix>_<secret>`: the prefix (8 hex digits) finds the
row, the whole token's SHA-256 is compared with `hmac.compare_digest`. The
secret is 32 random bytes from `secrets`, so a fast hash is enough (a slow
password hash protects guessable passwords, not random keys) and checking a
token costs no noticeable time per request. Only the hash is stored; the
token is shown once, when it is made.

`create_token` and `revoke_token` are the named actions: one transaction,
the plan owner checked (the command line passes `access=None`), the change
recorded in the audit log by its ORM signals. Every use of a token, and
every refused attempt, is an audit entry of its own (`record_use`).
"""

import hashlib
import hmac
import re
import secrets
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lika.audit.context import set_actor
from lika.audit.models import Kind
from lika.audit.record import record
from lika.organisations.access import Access

from .models import ApiToken, Scope

TOKEN_PATTERN = re.compile(r"^lika_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$")
MAX_DAYS = 2 * 366


class TokenRefused(Exception):
    """A token cannot be made, used or revoked; the message says why."""

    def __init__(self, message: str, status: int = 401, token: "ApiToken | None" = None):
        super().__init__(message)
        self.status = status
        self.token = token


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _new_token() -> tuple[str, str]:
    while True:
        prefix = secrets.token_hex(4)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            return prefix, f"lika_{prefix}_{secrets.token_urlsafe(32)}"


@transaction.atomic
def create_token(municipality, *, name: str, scope: str, expires_on: date, access: Access | None, user=None) -> tuple[ApiToken, str]:
    """A new token and its secret (shown once). `access=None`: the command line."""
    if access is not None and not access.is_plan_owner(municipality):
        raise TokenRefused(_("Only the plan owner makes API tokens."), 403)
    name = (name or "").strip()
    if not name:
        raise TokenRefused(_("Give the token a name that says what it is for."), 400)
    if scope not in Scope.values:
        raise TokenRefused(_("The scope is read or read-write, not %(scope)s.") % {"scope": scope}, 400)
    today = timezone.localdate()
    if expires_on <= today or (expires_on - today).days > MAX_DAYS:
        raise TokenRefused(_("The expiry date must be after today and at most two years ahead."), 400)
    prefix, secret = _new_token()
    token = ApiToken.objects.create(
        municipality=municipality, name=name[:100], scope=scope, expires_on=expires_on,
        prefix=prefix, secret_hash=digest(secret), created_by=user,
    )
    return token, secret


@transaction.atomic
def revoke_token(token: ApiToken, *, access: Access | None) -> None:
    if access is not None and not access.is_plan_owner(token.municipality_id):
        raise TokenRefused(_("Only the plan owner revokes API tokens."), 403)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def check_token(secret: str) -> ApiToken:
    """The active token for this secret, or TokenRefused with why it cannot be used (status 401)."""
    match = TOKEN_PATTERN.match((secret or "").strip())
    if match is None:
        raise TokenRefused(_("The token is malformed: send the whole token, 'Authorization: Bearer lika_…'."))
    token = ApiToken.objects.select_related("municipality", "created_by").filter(prefix=match.group(1)).first()
    if token is None or not hmac.compare_digest(token.secret_hash, digest(secret.strip())):
        raise TokenRefused(_("The token is not known."))
    state = token.state()
    if state == "revoked":
        raise TokenRefused(_("The token was revoked."), token=token)
    if state == "expired":
        raise TokenRefused(_("The token expired on %(date)s.") % {"date": token.expires_on.isoformat()}, token=token)
    return token


def record_use(request, token: ApiToken | None, *, refused: str = "") -> None:
    """One audit entry per request made with a token (or refused); what the token writes carries its name."""
    label = f"API token {token.name} ({token.prefix})" if token else "API token"
    note = f"{request.method} {request.get_full_path()}"[:400] + (f" refused: {refused}" if refused else "")
    if token is not None and not refused:
        set_actor(source="api", label=label, request=request, user=token.created_by)
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    record(
        Kind.API_TOKEN, token, note=note, actor_label=label,
        municipality_id=token.municipality_id if token else None,
    )
