"""`lika backup --out FILE`: one archive of every record and uploaded file (docs/operations.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lika.backup.archive import BackupRefused
from lika.backup.data import backup


class Command(BaseCommand):
    help = "Write a backup of the whole database and the uploaded files to one archive."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="The archive to write (a .zip); written whole or not at all.")

    def handle(self, *args, out, **options):
        target = Path(out)
        if target.is_dir():
            raise CommandError(f"--out {out!r} is a folder; give a file name, e.g. {target / 'lika-backup.zip'}")
        try:
            manifest = backup(target)
        except BackupRefused as refused:
            raise CommandError(f"no backup written: {refused}") from None
        except OSError as error:
            raise CommandError(f"the backup could not be written to {out}: {error.strerror or error}; nothing was written") from None
        records = sum(manifest["counts"].values())
        files = len(manifest["files"]) - 1
        self.stdout.write(f"backup written to {out}: {records} records in {len(manifest['counts'])} tables, {files} files")
