"""`lika scan FILE`: the passages and per-theme counts of one business plan."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def test_scan_prints_passages_with_pages_themes_and_counts(tmp_path, capsys):
    plan = tmp_path / "plan.txt"
    plan.write_text("Inledning\n\nVi ska förebygga diskriminering.\n\fBarnkonventionen är lag. Barnets bästa ska utredas.\n", encoding="utf-8")
    call_command("scan", str(plan))
    out = capsys.readouterr().out
    assert "page 2: Barnkonventionen är lag. Barnets bästa ska utredas." in out
    assert "  childrens_rights: barnets bästa, barnkonventionen" in out
    assert "q_prevent_discrimination            1  mentioned" in out


def test_scan_json(tmp_path, capsys):
    plan = tmp_path / "plan.txt"
    plan.write_text("All statistik ska vara könsuppdelad.\n", encoding="utf-8")
    call_command("scan", str(plan), "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["passages"][0]["themes"]["disaggregated_statistics"] == ["könsuppdelad", "statistik"]
    counts = {t["key"]: t["passages"] for t in data["themes"]}
    assert counts["disaggregated_statistics"] == 1 and counts["accessibility"] == 0


def test_scan_says_why_a_file_cannot_be_read(tmp_path):
    image = tmp_path / "scan.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    with pytest.raises(CommandError, match="scan.png: The file is an image"):
        call_command("scan", str(image))
    bad = tmp_path / "v.yaml"
    bad.write_text("themes: []\n", encoding="utf-8")
    with pytest.raises(CommandError, match="v.yaml:1: themes: must be a non-empty list"):
        call_command("scan", str(image), "--vocabulary", str(bad))


def test_businessplans_import_reads_a_folder_and_names_the_files_it_refuses(tmp_path, capsys, db):
    from lika.textanalysis.models import BusinessPlan

    (tmp_path / "kulturforvaltningen-2024.txt").write_text("Vi ska nå fler grupper av invånare.\n", encoding="utf-8")
    (tmp_path / "Socialförvaltningen plan.txt").write_text("Barnkonventionen är lag.\n", encoding="utf-8")
    (tmp_path / "okand.txt").write_text("Text.\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 of 3 files were not stored"):
        call_command("businessplans", "import", str(tmp_path), "--year", "2024", "--municipality", "helsingborg", "--workers", "1")
    out = capsys.readouterr().out
    assert "kulturforvaltningen-2024.txt: stored as kulturforvaltningen 2024, 1 pages" in out
    assert "Socialförvaltningen plan.txt: stored as socialforvaltningen 2024" in out
    assert "okand.txt: not stored: No unit chosen" in out
    assert set(BusinessPlan.objects.filter(year=2024).values_list("unit__key", flat=True)) == {"kulturforvaltningen", "socialforvaltningen"}


def test_the_command_line_scan_starts_without_django(tmp_path):
    """`lika scan FILE` reads no database: it runs without importing Django; bad input is one line."""
    import subprocess
    import sys

    plan = tmp_path / "plan.txt"
    plan.write_text("All statistik ska vara könsuppdelad.\n", encoding="utf-8")
    script = (
        "import sys\n"
        "from lika.cli import main\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    sys.stderr.write('django imported: %s\\n' % any(m == 'django' or m.startswith('django.') for m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, "scan", str(plan)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "disaggregated_statistics" in done.stdout and "1  mentioned" in done.stdout
    assert "django imported: False" in done.stderr
    done = subprocess.run([sys.executable, "-c", script, "scan", str(tmp_path / "missing.pdf")], capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == f"lika scan: {tmp_path / 'missing.pdf'}: no such file"
