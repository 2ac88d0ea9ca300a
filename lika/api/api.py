"""The NinjaAPI instance: every router, the error format, rate limiting and CORS for the public reads."""

import json

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.openapi.docs import Swagger

from . import followup, integration, organisations, plans, reports, statistics
from .limits import AddressThrottle
from .tokens import TokenRefused

DESCRIPTION = """\
Lika's public, read-only API: municipalities, organisation units, adopted steering
documents with their structure and responsibilities, published follow-up rounds with
their results and approved examples, published indicators (small cells suppressed),
published reports and impact assessments. Unpublished material never appears.

Lists are paginated (`page`, `page_size` ≤ 100) in a stable order. Texts come in
Swedish or English: `?lang=sv|en`, else the `Accept-Language` header.
See docs/api.md for examples, the licence of the data and the versioning policy.

**Integrations** (`/api/v1/integration/{municipality}/…`) need an API token, made by the
municipality's plan owner on the page *API tokens*: `Authorization: Bearer lika_…`.
A token reaches its own municipality only (another one is 403), reads everything of it,
published or not, and a read-write token posts indicator values and adds or changes
examples on behalf of a unit, with the same rules as the web form. Changing an example
needs `If-Match` with its ETag (428 without, 412 when the same field changed meanwhile).
Errors are JSON: `{"detail": "…"}`, or a list of `{loc, msg}` for invalid input (422).
Every use of a token is recorded in the audit log.
"""

VALIDATION_ERROR = {
    "description": "A parameter is missing or wrong: `detail` lists each problem with its place (`loc`) and message (`msg`).",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {
                    "detail": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {"loc": {"type": "array"}, "msg": {"type": "string"}, "type": {"type": "string"}},
                            "required": ["loc", "msg", "type"],
                        },
                    }
                },
                "required": ["detail"],
            },
            "example": {"detail": [{"type": "less_than_equal", "loc": ["query", "page_size"], "msg": "Input should be less than or equal to 100"}]},
        }
    },
}
BAD_BODY = {
    "description": "The body is not JSON.",
    "content": {"application/json": {"schema": {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}}},
}
TOO_MANY = {
    "description": "Too many requests from this address: wait the seconds `Retry-After` gives.",
    "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}},
    "content": {"application/json": {"schema": {"type": "object", "properties": {"detail": {"type": "string"}}}}},
}


class LikaDocs(Swagger):
    """Swagger UI with the page's language and a real <h1> (lika/api/templates/api/swagger.html)."""

    template = "api/swagger.html"

    def render_page(self, request, api, **kwargs):
        from django.shortcuts import render

        from .common import use_language

        lang = request.GET.get("lang")
        use_language(request, lang if lang in ("sv", "en") else None)
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {"swagger_settings": json.dumps(self.settings, indent=1), "api": api, "openapi_url": self.settings["url"]}
        return render(request, self.template, context)


class LikaAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Every operation also documents 422 (bad parameters) and 429 (rate limit)."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                operation["responses"].setdefault(422, VALIDATION_ERROR)
                operation["responses"].setdefault(429, TOO_MANY)
                if "requestBody" in operation:
                    operation["responses"].setdefault(400, BAD_BODY)
        scheme = schema.get("components", {}).get("securitySchemes", {}).get("TokenAuth")
        if scheme is not None:
            scheme["bearerFormat"] = "lika_<8 hex digits>_<43 characters>"
            scheme["description"] = (
                "An API token made by the municipality's plan owner (page 'API tokens', or `lika tokens create`): "
                "`Authorization: Bearer lika_…`. Read or read-write; it expires and can be revoked; it reaches its own "
                "municipality only. Missing, malformed, unknown, expired or revoked: 401. Another municipality, "
                "or a read-only token writing: 403."
            )
        return schema


api = LikaAPI(
    title="Lika API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    throttle=[AddressThrottle()],
    # No deep links: they put a link inside each operation's button (axe: nested-interactive).
    docs=LikaDocs(settings={"deepLinking": False}),
    openapi_extra={"info": {"license": {"name": "CC0 1.0", "identifier": "CC0-1.0"}}},
)

for module in (organisations, plans, followup, statistics, reports):
    api.add_router("/", module.router)
api.add_router("/integration/", integration.router)


@api.exception_handler(Http404)
def not_found(request, error):
    return api.create_response(request, {"detail": str(error) or "Not found."}, status=404)


@api.exception_handler(TokenRefused)
def token_refused(request, error):
    response = api.create_response(request, {"detail": str(error)}, status=error.status)
    if error.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="lika"'
    return response


@api.exception_handler(HttpError)
def http_error(request, error):
    """An error with a body of its own (invalid input, a stale version) keeps it; others are {"detail": …}."""
    return api.create_response(request, getattr(error, "body", None) or {"detail": str(error)}, status=error.status_code)
