"""Killing a process (SIGKILL) in the middle of a write leaves nothing half-written.

Each test runs a real `lika` process on its own copy of a demo database (SQLite,
in a temporary folder), lets it pause in the middle of its work inside its open
transaction (LIKA_TEST_PAUSE_AT, lika/lib/testpause.py, for tests only), kills
it without warning and compares every table with what it held before: a plan
file imported over an existing plan, a follow-up file imported over a round, a
restore over a database, and a report made by the background worker.
"""

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import DEMO, EOP, ROOT

ROUND_2023 = "helsingborg-lika-2023"


def lika(database: Path, media: Path, *args, pause: str = "", marker: Path | None = None, wait=True):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "LIKA_MEDIA_ROOT": str(media)}
    env.pop("LIKA_TEST_PAUSE_AT", None)
    if pause:
        env.update(LIKA_TEST_PAUSE_AT=pause, LIKA_TEST_PAUSE_FILE=str(marker))
    process = subprocess.Popen(
        [sys.executable, "-m", "lika.cli", *args], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    if wait:
        output, _ = process.communicate(timeout=180)
        assert process.returncode == 0, output
        return output
    return process


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory):
    """A migrated database with the demo (plans, rounds, reports), and a backup of it."""
    folder = tmp_path_factory.mktemp("crash")
    database, media = folder / "demo.sqlite3", folder / "media"
    lika(database, media, "migrate", "-v0")
    lika(database, media, "demo")
    lika(database, media, "backup", "--out", str(folder / "backup.zip"))
    return database, folder / "backup.zip"


@pytest.fixture
def copy(demo_database, tmp_path):
    """This test's own copy of the demo database, and a media folder."""
    source, backup = demo_database
    target = tmp_path / "db.sqlite3"
    with sqlite3.connect(source) as old, sqlite3.connect(target) as new:
        old.backup(new)
    return target, tmp_path / "media", backup


# The worker's own bookkeeping, committed as it takes a job: its jobs, its beat, their audit entries.
WORKER_BOOKKEEPING = {
    "jobs_": "", "django_tasks_": "", "sqlite_sequence": "",
    "audit_auditentry": "WHERE object_type NOT IN ('jobs.job', 'jobs.workerbeat')",
}


def snapshot(database: Path, *, leave_out=None) -> dict[str, tuple[int, str]]:
    """Every table: its number of rows and a digest of their values; `leave_out`: table prefix -> rows kept
    ("" leaves the table out, a WHERE clause keeps the rows it selects)."""
    leave_out = leave_out or {}
    with sqlite3.connect(database) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        found = {}
        for table in tables:
            where = next((rule for prefix, rule in leave_out.items() if table.startswith(prefix)), None)
            if where == "":
                continue
            rows = sorted(repr(row) for row in connection.execute(f'SELECT * FROM "{table}" {where or ""}'))
            found[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return found


def kill_when_paused(process, marker: Path, seconds=120) -> None:
    end = time.monotonic() + seconds
    while not marker.exists():
        if process.poll() is not None or time.monotonic() > end:
            output = process.stdout.read() if process.stdout else ""
            process.kill()
            pytest.fail(f"the process did not reach the pause point: {output[-2000:]}")
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=20)
    assert process.returncode == -signal.SIGKILL


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


def crash(database, media, tmp_path, pause, *args, leave_out=None) -> list[str]:
    """Run `lika ARGS`, kill it at `pause`, return the tables whose content changed."""
    before = snapshot(database, leave_out=leave_out)
    marker = tmp_path / "paused"
    kill_when_paused(lika(database, media, *args, pause=pause, marker=marker, wait=False), marker)
    return changed_tables(before, snapshot(database, leave_out=leave_out))


def test_a_plan_import_killed_midway_leaves_the_plan_as_it_was(copy, tmp_path):
    database, media, _backup = copy
    changed_file = tmp_path / f"{EOP}.yaml"
    text = (DEMO / f"{EOP}.yaml").read_text(encoding="utf-8")
    for old in ("sv: Plan för lika möjligheter 2022–2025", "sv: Verksamhetsstyrning"):
        text = text.replace(old, f"{old} (ändrad)")
    changed_file.write_text(text, encoding="utf-8")
    before = snapshot(database)
    assert crash(database, media, tmp_path, "plan-import", "plan", "import", str(changed_file), "--replace") == []
    # The same import, not killed, does change the plan: the pause was in the middle of real writes.
    lika(database, media, "plan", "import", str(changed_file), "--replace")
    assert {"plans_steeringdocument", "plans_node"} <= set(changed_tables(before, snapshot(database)))


def test_a_followup_import_killed_midway_leaves_the_round_as_it_was(copy, tmp_path):
    database, media, _backup = copy
    args = ("followup", "import", str(DEMO / "helsingborg-uppfoljning-2023.yaml"), "--replace")
    assert crash(database, media, tmp_path, "followup-import", *args) == []


def test_a_restore_killed_midway_leaves_the_database_as_it_was(copy, tmp_path):
    database, media, backup = copy
    with sqlite3.connect(database) as connection:  # a change made after the backup, which a restore would undo
        connection.execute("UPDATE plans_steeringdocument SET title_sv = title_sv || ' (efter säkerhetskopian)'")
    assert crash(database, media, tmp_path, "restore", "restore", str(backup), "--replace") == []


def test_a_report_job_killed_midway_in_the_worker_leaves_no_result(copy, tmp_path):
    database, media, _backup = copy
    lika(database, media, "shell", "-c", (
        "from lika import jobs; from lika.followup.models import FollowUpRound; "
        f"r = FollowUpRound.objects.get(identifier='{ROUND_2023}'); "
        "jobs.enqueue('reports.round_report', kwargs={'round_id': r.pk, 'file_format': 'docx', 'language': 'sv'}, label='rapport')"
    ))
    # The worker marks the job running and beats (its own, committed rows); nothing else may change.
    changed = crash(database, media, tmp_path, "report-job", "worker", "--interval", "0.2", leave_out=WORKER_BOOKKEEPING)
    assert changed == []
    with sqlite3.connect(database) as connection:
        state, result_file = connection.execute("SELECT state, result_file FROM jobs_job WHERE name = 'reports.round_report'").fetchone()
    assert (state, result_file) == ("running", "")  # for the next worker to run again; never done without its file
    assert not [path for path in media.rglob("*") if path.is_file()]  # no half-written report file
