"""The NinjaAPI instance: every router, the error format, rate limiting and CORS for the public reads."""

from django.http import Http404
from ninja import NinjaAPI

from . import followup, organisations, plans, reports, statistics
from .limits import AddressThrottle

DESCRIPTION = """\
Lika's public, read-only API: municipalities, organisation units, adopted steering
documents with their structure and responsibilities, published follow-up rounds with
their results and approved examples, published indicators (small cells suppressed),
published reports and impact assessments. Unpublished material never appears.

Lists are paginated (`page`, `page_size` ≤ 100) in a stable order. Texts come in
Swedish or English: `?lang=sv|en`, else the `Accept-Language` header.
See docs/api.md for examples, the licence of the data and the versioning policy.
"""

api = NinjaAPI(
    title="Lika API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    throttle=[AddressThrottle()],
    openapi_extra={"info": {"license": {"name": "CC0 1.0", "identifier": "CC0-1.0"}}},
)

for module in (organisations, plans, followup, statistics, reports):
    api.add_router("/", module.router)


@api.exception_handler(Http404)
def not_found(request, error):
    return api.create_response(request, {"detail": str(error) or "Not found."}, status=404)
