"""The `lika` command: Django's management commands with Lika's settings.

`lika serve`, `lika demo`, `lika plan ...` and `lika followup ...` are
management commands of Lika's apps; everything else (`lika migrate`,
`lika createsuperuser`) is Django's own.

A wrong setting, or a database that does not answer, ends the command with
one line that names the setting and the problem, never a traceback.
"""

import os
import sys

# Commands that need no database run without Django, so they start as fast as what they import
# (`lika scan --against DOCUMENT` reads the database: it goes through Django).
PLAIN_COMMANDS = {"stats": "lika.statistics.cli", "scan": "lika.textanalysis.scan_cli"}


def main() -> None:
    try:
        _run()
    except BrokenPipeError:
        # The reader went away (`lika businessplans passages ... | head`): stop quietly, as Unix
        # tools do; point stdout at nothing so Python's flush at exit does not complain again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(141)  # 128 + SIGPIPE, what a shell reports for a command cut off by a pipe


def _run() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in PLAIN_COMMANDS and "--against" not in sys.argv:
        from importlib import import_module

        sys.exit(import_module(PLAIN_COMMANDS[sys.argv[1]]).main(sys.argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lika.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.db.utils import OperationalError

    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 (reads and checks every setting now)
        from django.core.management import execute_from_command_line

        # Who ran which command, for the audit log of what it changes (decision 9).
        from lika.audit.context import set_command

        set_command(sys.argv[1:])
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        sys.exit(f"lika: {exc}")
    except OperationalError:
        problem = database_problem()
        if problem is None:
            raise
        sys.exit(f"lika: {problem}")


def database_problem() -> str | None:
    """Why the configured database cannot be reached, or None when it answers."""
    from django.conf import settings
    from django.db import connections

    connection = connections["default"]
    try:
        connection.close()
        connection.ensure_connection()
    except Exception as exc:  # noqa: BLE001 (any failure to connect is reported the same way)
        lines = str(exc).strip().splitlines() or [type(exc).__name__]
        return f"DATABASE_URL: cannot connect to {describe_database(settings.DATABASES['default'])}: {lines[0]}"
    missing = unapplied_migrations()
    if missing:
        where = describe_database(settings.DATABASES["default"])
        return f"{where} is not set up or not up to date ({missing} migrations not applied): run 'lika migrate'"
    return None


def unapplied_migrations() -> int:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def describe_database(config: dict) -> str:
    """The database as a person would name it, without the password."""
    if "sqlite" in config["ENGINE"]:
        return f"the SQLite database {config['NAME']}"
    host = config.get("HOST") or "localhost"
    port = config.get("PORT") or 5432
    user = config.get("USER") or "(default user)"
    return f"the PostgreSQL database {config['NAME']!r} on {host}:{port} as {user}"


if __name__ == "__main__":
    main()
