"""Rate limiting per address and CORS for the public reads of the API."""

from django.conf import settings
from django.http import HttpResponse
from ninja.throttling import SimpleRateThrottle

API_PREFIX = "/api/v1/"
# The token API: no CORS at all, so no other site's page can use a token a browser holds.
PRIVATE_PREFIX = "/api/v1/integration/"


class AddressThrottle(SimpleRateThrottle):
    """At most LIKA_API_RATE_LIMIT requests per address (for example 120/m); 429 with Retry-After beyond it."""

    scope = "address"

    def __init__(self):
        super().__init__(rate=settings.LIKA_API_RATE_LIMIT or "1/s")

    def allow_request(self, request) -> bool:
        rate = settings.LIKA_API_RATE_LIMIT
        if not rate:
            return True
        self.rate = rate
        self.num_requests, self.duration = self.parse_rate(rate)
        return super().allow_request(request)

    def get_cache_key(self, request) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PublicCorsMiddleware:
    """Any site may read the public API from a browser: GET and HEAD, and the preflight for them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX) or request.path.startswith(PRIVATE_PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Accept, Accept-Language"
            response["Access-Control-Max-Age"] = "86400"
        else:
            response = self.get_response(request)
            if request.method not in ("GET", "HEAD"):
                return response
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "Retry-After, Content-Language"
        return response
