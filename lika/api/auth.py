"""Authentication with API tokens for /api/v1/integration/: who the token is, what it may reach."""

from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from lika.organisations.access import Access
from lika.organisations.models import Municipality, Role

from .common import use_language
from .models import ApiToken
from .tokens import TokenRefused, check_token, record_use


class TokenAuth(HttpBearer):
    """`Authorization: Bearer lika_…`; every use, and every refused one, is an audit entry."""

    def __call__(self, request):
        lang = request.GET.get("lang")
        use_language(request, lang if lang in ("sv", "en") else None)  # the refusal in the language asked for
        header = request.headers.get("Authorization", "")
        scheme, _space, value = header.partition(" ")
        if not header:
            self._refuse(request, TokenRefused(_("This endpoint needs an API token: send 'Authorization: Bearer lika_…'. The plan owner makes tokens on the page 'API tokens'.")))
        if scheme.lower() != "bearer":
            self._refuse(request, TokenRefused(_("The token is malformed: send the whole token, 'Authorization: Bearer lika_…'.")))
        return self.authenticate(request, value)

    def authenticate(self, request, token: str) -> ApiToken:
        try:
            found = check_token(token)
        except TokenRefused as refused:
            self._refuse(request, refused)
        record_use(request, found)
        return found

    @staticmethod
    def _refuse(request, refused: TokenRefused):
        record_use(request, refused.token, refused=str(refused))
        raise refused


def token_access(token: ApiToken) -> Access:
    """What a token may do, as an Access: read-write acts as the municipality's analyst (statistics)."""
    roles = frozenset({Role.ANALYST}) if token.can_write else frozenset()
    return Access(municipality_id=token.municipality_id, roles=roles)


def own_municipality(request, slug: str, *, write: bool = False) -> Municipality:
    """The token's municipality if the path names it; 403 for any other, and for a read-only token that writes."""
    token: ApiToken = request.auth
    if token.municipality.slug != slug:
        raise TokenRefused(
            _("This token is for %(name)s; it does not reach '%(slug)s'.") % {"name": token.municipality.name, "slug": slug}, 403
        )
    if write and not token.can_write:
        raise TokenRefused(_("This token may only read. Ask the plan owner for a read-write token."), 403)
    return token.municipality
