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
            if response.status_code == 200 and disposition.startswith("attachment"):
                user = getattr(request, "user", None)
                record(
                    Kind.DOWNLOAD,
                    note=f"{request.path} {disposition.partition('filename=')[2]}".strip(),
                    municipality_id=access_for(user).municipality_id if user is not None else None,
                )
        return response
