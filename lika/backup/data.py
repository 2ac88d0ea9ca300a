"""What goes into a backup and how it comes back: every record as JSON lines, and the uploaded files.

The records are Django's serialised objects with natural keys (content types
and permissions are found again by name, so the backup loads into another
engine or a freshly migrated database). Left out, because they are made again
or are only transient: content types, permissions, sessions, the background
jobs and their queue.
"""

import importlib.metadata
import shutil
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from lika.lib.testpause import pause_for_crash_test

from .archive import BackupRefused, media_files, open_checked, write_archive

LEFT_OUT_APPS = {"contenttypes", "sessions", "usersessions", "django_tasks_database", "jobs"}
LEFT_OUT_MODELS = {"auth.permission"}
# Made by migrations (reference data): present in an empty database too.
MADE_BY_MIGRATIONS = {"reference.perspective", "reference.sustainabledevelopmentgoal"}
LEFT_OUT_MEDIA = ("jobs/",)  # background jobs' results: made again on request


def backed_up_models() -> list:
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in LEFT_OUT_APPS
        and model._meta.label_lower not in LEFT_OUT_MODELS
        and model._meta.managed
        and not model._meta.proxy
    ]


def counts() -> dict[str, int]:
    return {model._meta.label_lower: model._base_manager.count() for model in backed_up_models()}


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _check_migrated() -> None:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise BackupRefused("the database is not migrated to this Lika version; run `lika migrate` first")


def backup(out: Path) -> dict:
    """Write the archive to `out` (moved into place only when complete); returns its manifest."""
    _check_migrated()
    with tempfile.TemporaryDirectory(prefix="lika-backup-") as work:
        data_path = Path(work) / "data.jsonl"
        labels = [model._meta.label for model in backed_up_models()]
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if connection.vendor == "postgresql" and outermost:  # every table read at one and the same moment
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            call_command(
                "dumpdata", *labels, format="jsonl", natural_foreign=True, natural_primary=True,
                use_base_manager=True, output=str(data_path), verbosity=0,
            )
            manifest = {
                "lika_version": importlib.metadata.version("lika"),
                "created_at": timezone.now().isoformat(timespec="seconds"),
                "engine": connection.vendor,
                "counts": counts(),
                "migrations": _applied_migrations(),
            }
        return write_archive(out, manifest, data_path, media_files(Path(settings.MEDIA_ROOT), LEFT_OUT_MEDIA))


def _check_migrations(manifest: dict) -> None:
    known = set(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)
    for app, names in (manifest.get("migrations") or {}).items():
        for name in names:
            if (app, name) not in known:
                raise BackupRefused(
                    f"the backup was made by a newer Lika (migration {app}.{name} is unknown here); "
                    "upgrade Lika, then restore"
                )


def database_is_empty() -> bool:
    tables = set(connection.introspection.table_names())
    return not any(
        model._base_manager.exists()
        for model in backed_up_models()
        if model._meta.db_table in tables and model._meta.label_lower not in MADE_BY_MIGRATIONS
    )


def _load(data_path: Path, manifest: dict, *, replace: bool) -> None:
    """Load the records in one transaction and check every table's count; any problem rolls all back."""
    with transaction.atomic():
        if replace:
            for model in reversed(backed_up_models()):
                if model._meta.label_lower not in MADE_BY_MIGRATIONS:
                    model._base_manager.all()._raw_delete(connection.alias)
        call_command("loaddata", str(data_path), verbosity=0)
        pause_for_crash_test("restore")
        found = counts()
        wrong = [
            f"{label} {found.get(label, 0)} instead of {expected}"
            for label, expected in (manifest.get("counts") or {}).items()
            if found.get(label, 0) != expected
        ]
        if wrong:
            raise BackupRefused(f"the restored counts differ from the backup's, nothing restored: {'; '.join(wrong[:3])}")


def restore(path: Path, *, replace: bool = False, migrate=None) -> dict:
    """Check the archive, migrate, load the records and put the files in place; returns the manifest."""
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".lika-restore-", dir=media_root.parent) as work:
        manifest, data_path, media = open_checked(Path(path), Path(work))
        _check_migrations(manifest)
        if not replace and not database_is_empty():
            raise BackupRefused("the database is not empty; restore into an empty database, or add --replace to replace its data")
        (migrate or (lambda: call_command("migrate", interactive=False, verbosity=0)))()
        _load(data_path, manifest, replace=replace)
        for relative, unpacked in media:
            target = media_root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(unpacked, target)
    return manifest
