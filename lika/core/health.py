"""/healthz: is this server able to serve? For load balancers, monitoring and systemd.

Plain JSON, no login, no session, no secrets: the reasons are named, the
details (host names, error texts) go to the log only.
"""

import logging

from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import JsonResponse
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)
_known_migrations: set[tuple[str, str]] | None = None


def known_migrations() -> set[tuple[str, str]]:
    """The migrations this code has, read from disk once per process."""
    global _known_migrations
    if _known_migrations is None:
        _known_migrations = set(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)
    return _known_migrations


def check_database() -> dict[str, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        applied = set(MigrationRecorder(connection).applied_migrations())
    except DatabaseError as exc:
        logger.error("healthz: the database does not answer: %s", exc)
        return {"database": "unreachable"}
    missing = known_migrations() - applied
    if missing:
        return {"database": "ok", "migrations": f"{len(missing)} not applied"}
    return {"database": "ok", "migrations": "ok"}


@require_safe
def healthz(request):
    checks = check_database()
    healthy = all(value == "ok" for value in checks.values()) and "migrations" in checks
    response = JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response
