"""The backup archive: a zip with manifest.json, data.jsonl and media/, every member checksummed.

Plain module (no Django): it writes and checks the container; lika.backup.data
fills and loads it. The format is described in docs/operations.md.
"""

import hashlib
import json
import os
import tempfile
import zipfile
from pathlib import Path

FORMAT = "lika-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.jsonl"
MEDIA_PREFIX = "media/"


class BackupRefused(Exception):
    """The archive cannot be used; the message says why in one line."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_files(media_root: Path, skip: tuple[str, ...] = ()) -> list[tuple[str, Path]]:
    """(name in the archive, path) of every file under media_root, except the folders in `skip`."""
    if not media_root.is_dir():
        return []
    found = []
    for path in sorted(media_root.rglob("*")):
        relative = path.relative_to(media_root).as_posix()
        if path.is_file() and not relative.startswith(skip):
            found.append((MEDIA_PREFIX + relative, path))
    return found


def write_archive(out: Path, manifest: dict, data_path: Path, media: list[tuple[str, Path]]) -> dict:
    """Write the archive to a temporary file beside `out` and move it into place only when complete."""
    files = {DATA: sha256_of(data_path)}
    files.update({name: sha256_of(path) for name, path in media})
    manifest = {**manifest, "format": FORMAT, "format_version": FORMAT_VERSION, "files": files}
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent)
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
            archive.write(data_path, DATA)
            for name, path in media:
                archive.write(path, name)
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return manifest


def read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise BackupRefused("not a Lika backup: it has no manifest.json") from None
    except (ValueError, zipfile.BadZipFile) as error:
        raise BackupRefused(f"the backup is damaged: manifest.json cannot be read ({error})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupRefused("not a Lika backup: manifest.json does not say format 'lika-backup'")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupRefused(
            f"the backup's format version {manifest.get('format_version')!r} is not {FORMAT_VERSION}; "
            "restore it with the Lika version that wrote it"
        )
    return manifest


def open_checked(path: Path, workdir: Path) -> tuple[dict, Path, list[tuple[str, Path]]]:
    """Check the archive whole and unpack it into workdir: (manifest, data file, media files).

    Every member must be listed in the manifest with a matching checksum and
    every listed member must be there; anything else is refused before the
    database is touched.
    """
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BackupRefused(f"no file {str(path)!r}") from None
    except (zipfile.BadZipFile, OSError) as error:
        raise BackupRefused(f"not a Lika backup, or damaged or truncated: {error}") from None
    with archive:
        manifest = read_manifest(archive)
        listed = manifest.get("files") or {}
        present = {name for name in archive.namelist() if name != MANIFEST}
        if set(listed) != present or DATA not in listed:
            missing = sorted(set(listed) - present)[:3] or sorted(present - set(listed))[:3]
            raise BackupRefused(f"the backup is damaged: its files do not match the manifest ({', '.join(missing)})")
        unpacked = []
        for name in sorted(listed):
            target = workdir / name
            if ".." in Path(name).parts or name.startswith("/"):
                raise BackupRefused(f"the backup is damaged: unsafe file name {name!r}")
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with archive.open(name) as source, open(target, "wb") as sink:
                    sink.writelines(iter(lambda: source.read(1 << 20), b""))
            except (zipfile.BadZipFile, OSError, EOFError) as error:
                raise BackupRefused(f"the backup is damaged: {name} cannot be read ({error})") from None
            if sha256_of(target) != listed[name]:
                raise BackupRefused(f"the backup is damaged: the checksum of {name} does not match")
            unpacked.append((name, target))
    media = [(name[len(MEDIA_PREFIX):], target) for name, target in unpacked if name.startswith(MEDIA_PREFIX)]
    return manifest, workdir / DATA, media
