"""Backup and restore: everything comes back, a damaged or foreign archive is refused and nothing is written."""

import errno
import json
import zipfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from lika.backup import archive
from lika.backup.data import counts
from lika.followup.models import Attachment, Example, FollowUpRound

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db, settings, tmp_path):
    from lika.followup.demo import ensure_demo_rounds

    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_demo_rounds(timezone.localdate())
    example = Example.objects.first()
    attachment = Attachment(example=example, original_name="bild.png", content_type="image/png", size=9)
    attachment.file.save("bild.png", ContentFile(b"PNG bytes"), save=True)
    return attachment


def _backup(tmp_path):
    out = tmp_path / "backups" / "lika.zip"
    call_command("backup", "--out", str(out))
    return out


def _rewrite(source, target, change):
    """Copy an archive, letting `change(name, bytes)` alter members."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            new.writestr(name, change(name, old.read(name)))
    return target


def test_a_restore_brings_back_every_record_and_file(demo, tmp_path, settings):
    before = counts()
    out = _backup(tmp_path)
    attachment_path = demo.file.path
    title = FollowUpRound.objects.order_by("pk").first().title_sv
    Example.objects.all().delete()
    FollowUpRound.objects.update(title_sv="changed")
    (settings.MEDIA_ROOT / demo.file.name).unlink()
    call_command("restore", str(out), "--replace")
    assert counts() == before
    assert FollowUpRound.objects.order_by("pk").first().title_sv == title
    assert Path(attachment_path).read_bytes() == b"PNG bytes"


def test_the_archive_lists_every_table_and_file_with_checksums(demo, tmp_path):
    with zipfile.ZipFile(_backup(tmp_path)) as made:
        manifest = json.loads(made.read("manifest.json"))
        assert manifest["format"] == "lika-backup" and manifest["format_version"] == 1
        assert manifest["counts"]["followup.example"] == Example.objects.count() > 0
        assert f"media/{demo.file.name}" in manifest["files"] and "data.jsonl" in manifest["files"]
        assert "auth.permission" not in manifest["counts"] and "sessions.session" not in manifest["counts"]


def test_a_database_that_is_not_empty_is_refused_without_replace(demo, tmp_path):
    out = _backup(tmp_path)
    with pytest.raises(CommandError, match="the database is not empty; .* add --replace"):
        call_command("restore", str(out))


@pytest.mark.parametrize(
    "damage, message",
    [
        ("truncated", "damaged or truncated"),
        ("foreign", "not a Lika backup: it has no manifest.json"),
        ("changed data", "the checksum of data.jsonl does not match"),
        ("newer format", "format version 2 is not 1"),
    ],
)
def test_a_damaged_or_foreign_archive_is_refused_and_nothing_changes(demo, tmp_path, damage, message):
    out = _backup(tmp_path)
    bad = tmp_path / "bad.zip"
    if damage == "truncated":
        bad.write_bytes(out.read_bytes()[: out.stat().st_size // 2])
    elif damage == "foreign":
        with zipfile.ZipFile(bad, "w") as foreign:
            foreign.writestr("readme.txt", "hello")
    elif damage == "changed data":
        _rewrite(out, bad, lambda name, data: data.replace(b"Kultur", b"Kultux") if name == "data.jsonl" else data)
    else:
        _rewrite(out, bad, lambda name, data: data.replace(b'"format_version": 1', b'"format_version": 2'))
    Example.objects.all().delete()
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(bad), "--replace")
    assert not Example.objects.exists()  # untouched: still as it was before the restore


def test_a_restore_whose_counts_do_not_match_rolls_everything_back(demo, tmp_path):
    out = _backup(tmp_path)

    def lie(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["counts"]["followup.example"] += 1
        return json.dumps(manifest)

    bad = _rewrite(out, tmp_path / "lying.zip", lie)
    examples = Example.objects.count()
    with pytest.raises(CommandError, match="restored counts differ .* followup.example"):
        call_command("restore", str(bad), "--replace")
    assert Example.objects.count() == examples  # the replace was rolled back too


def test_a_backup_into_a_full_disk_writes_nothing(demo, tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(archive.zipfile.ZipFile, "write", full)
    out = tmp_path / "backups" / "lika.zip"
    with pytest.raises(CommandError, match="could not be written .* No space left on device; nothing was written"):
        call_command("backup", "--out", str(out))
    assert list(out.parent.iterdir()) == []  # neither the archive nor a partial file


def test_a_wrong_argument_gets_one_line(db, tmp_path):
    with pytest.raises(CommandError, match="is a folder"):
        call_command("backup", "--out", str(tmp_path))
    with pytest.raises(CommandError, match="restore refused: no file"):
        call_command("restore", str(tmp_path / "missing.zip"))


def test_a_disk_that_fills_up_halfway_leaves_the_earlier_backup_as_it_was(demo, tmp_path, monkeypatch):
    """ENOSPC after the first 64 KB reached the disk: the partial file is removed, the good one stays."""
    import io as real_io

    class FillingFile(real_io.FileIO):
        def write(self, data):
            if self.tell() + len(data) > 64 * 1024:
                raise OSError(errno.ENOSPC, "No space left on device")
            return super().write(data)

    class DiskThatFills:
        def __getattr__(self, name):
            return getattr(real_io, name)

        def open(self, file, mode="r", *args, **kwargs):
            if str(file).endswith(".partial") and "w" in mode:
                return FillingFile(file, "w")
            return real_io.open(file, mode, *args, **kwargs)

    out = tmp_path / "backups" / "lika.zip"
    call_command("backup", "--out", str(out))
    before = out.read_bytes()
    assert len(before) > 64 * 1024  # the demo's backup is larger than what fits
    monkeypatch.setattr(archive.zipfile, "io", DiskThatFills())
    with pytest.raises(CommandError, match="No space left on device; nothing was written"):
        call_command("backup", "--out", str(out))
    assert out.read_bytes() == before
    assert [p.name for p in out.parent.iterdir()] == ["lika.zip"]  # no partial file left behind
