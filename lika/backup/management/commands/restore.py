"""`lika restore FILE [--replace]`: load a backup into an empty database (also another engine)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, IntegrityError

from lika.backup.archive import BackupRefused
from lika.backup.data import restore


class Command(BaseCommand):
    help = "Restore a backup made by `lika backup` into an empty database; checks counts and checksums first and last."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The archive written by `lika backup`.")
        parser.add_argument("--replace", action="store_true", help="Replace the data of a database that is not empty.")

    def handle(self, *args, file, replace, **options):
        try:
            manifest = restore(file, replace=replace)
        except BackupRefused as refused:
            raise CommandError(f"restore refused: {refused}") from None
        except (IntegrityError, DatabaseError) as error:
            first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise CommandError(f"restore failed, nothing restored: {first}") from None
        records = sum(manifest["counts"].values())
        self.stdout.write(
            f"restored {file}: {records} records in {len(manifest['counts'])} tables and {len(manifest['files']) - 1} files, "
            f"counts and checksums checked (made {manifest['created_at']} on {manifest['engine']}, Lika {manifest['lika_version']})"
        )
