"""Sets who is acting and from where for each web request; records downloads.

A response sent as a download (`Content-Disposition: attachment`) is
recorded here, so no view writes the audit log itself.
"""

from lika.organisations.access import access_for

from .context import acting
from .models import Kind
from .record import record


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        source = "api" if request.path.startswith("/api/") else "web"
        with acting(source=source, label="", request=request, user=None):
            response = self.get_response(request)
            disposition = response.get("Content-Disposition", "")
            user = getattr(request, "user", None)
            # Downloads by signed-in people; a public visitor's download of a published report is not personal work.
            if response.status_code == 200 and disposition.startswith("attachment") and getattr(user, "is_authenticated", False):
                record(
                    Kind.DOWNLOAD,
                    note=f"{request.path} {disposition.partition('filename=')[2]}".strip(),
                    municipality_id=access_for(user).municipality_id,
                )
        return response
