"""Background jobs: the report file made by the worker, its state on the page, failures, and a real worker process."""

import io
import os
import signal
import subprocess
import sys
import time
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from lika import jobs
from lika.jobs import registry
from lika.jobs.models import Job, JobState, ScheduledRun, WorkerBeat
from lika.jobs.registry import UnknownJob
from lika.jobs.schedule import queue_due_jobs
from tests.conftest import ROOT

ROUND = "helsingborg-lika-2023"


@pytest.fixture
def demo(db):
    from lika.followup.demo import ensure_demo_rounds

    ensure_demo_rounds(timezone.localdate())


def _make(client, file_format="docx"):
    return client.post(f"/en/reports/{ROUND}/make.{file_format}", follow=True).content.decode()


def test_the_report_page_queues_the_file_and_says_that_no_worker_runs(client_for, demo):
    html = _make(client_for("hbg-agare"))
    job = Job.objects.get()
    assert (job.state, job.name, job.owner.username) == (JobState.QUEUED, "reports.round_report", "hbg-agare")
    assert "The report is being made in the background" in html and "Queued" in html
    assert "No background worker is running" in html
    assert "Queued" in client_for("hbg-agare").get("/en/jobs/").content.decode()


def test_the_worker_makes_the_file_and_only_its_owner_downloads_it(client_for, demo):
    owner = client_for("hbg-agare")
    _make(owner)
    call_command("worker", "--batch", verbosity=0)
    job = Job.objects.get(name="reports.round_report")
    assert (job.state, job.progress) == (JobState.DONE, 100)
    assert "Download helsingborg-lika-2023-en.docx" in owner.get(f"/en/reports/{ROUND}/").content.decode()
    response = owner.get(f"/en/jobs/{job.pk}/download")
    content = b"".join(response.streaming_content)
    assert zipfile.ZipFile(io.BytesIO(content)).testzip() is None  # a whole DOCX
    assert client_for("hbg-samordnare").get(f"/en/jobs/{job.pk}/download").status_code == 404
    assert client_for("hbg-samordnare").get(f"/en/jobs/{job.pk}/").status_code == 404


def test_a_reporter_cannot_queue_the_report(client_for, demo):
    assert client_for("hbg-kultur").post(f"/en/reports/{ROUND}/make.pdf").status_code == 404
    assert "Only PDF" not in _make(client_for("hbg-agare"), "exe")
    assert not Job.objects.filter(kwargs__file_format="exe").exists()


def test_a_failing_job_is_shown_failed_with_a_message(client_for, demo, monkeypatch):
    monkeypatch.setitem(registry.JOBS, "tests.broken", "lika.jobs.cleanup.no_such_function")
    job = jobs.enqueue("tests.broken", language="sv", label="broken")
    call_command("worker", "--batch", verbosity=0)
    job.refresh_from_db()
    assert job.state == JobState.FAILED and "Jobbet misslyckades på grund av ett fel i Lika" in job.error


def test_an_unknown_job_is_refused_and_nothing_is_queued(db):
    with pytest.raises(UnknownJob, match="no job 'nothing'"):
        jobs.enqueue("nothing")
    assert not Job.objects.exists()


def test_the_worker_refuses_a_wrong_argument_with_one_line(db):
    with pytest.raises(CommandError, match="--max-jobs 0 must be 1 or more"):
        call_command("worker", "--max-jobs", "0")


def test_the_schedule_queues_each_daily_job_once_a_day(db):
    morning = timezone.make_aware(timezone.datetime(2026, 3, 2, 8, 0))
    assert queue_due_jobs(morning) == ["followup.send_reminders", "consultation.send_reminders", "jobs.cleanup"]
    assert queue_due_jobs(morning) == []
    assert ScheduledRun.objects.get(name="jobs.cleanup").last_run.isoformat() == "2026-03-02"
    assert queue_due_jobs(morning + timezone.timedelta(days=1)) == ["followup.send_reminders", "consultation.send_reminders", "jobs.cleanup"]


def test_the_cleanup_deletes_old_finished_jobs(db):
    old = Job.objects.create(name="jobs.cleanup", state=JobState.DONE, finished_at=timezone.now() - timezone.timedelta(days=30))
    fresh = Job.objects.create(name="jobs.cleanup", state=JobState.DONE, finished_at=timezone.now())
    from lika.jobs.cleanup import delete_old_jobs

    delete_old_jobs(progress=lambda *a: None)
    assert list(Job.objects.values_list("pk", flat=True)) == [fresh.pk] and old.pk != fresh.pk


# --- A real worker process ---------------------------------------------------------------
# These tests commit (the worker is another process), so pytest-django empties every
# table after each; the module puts the session's demo data back when it ends.


@pytest.fixture(scope="module")
def demo_back_afterwards(django_db_setup, django_db_blocker):
    yield
    import importlib

    from django.apps import apps

    from tests.conftest import DEMO, EOP, HALMSTAD, QOL

    reference = importlib.import_module("lika.reference.migrations.0001_initial")
    with django_db_blocker.unblock():
        from lika.organisations.demo_users import ensure_demo_users
        from lika.plans.importing import import_plan_text
        from lika.reference.models import Perspective

        if not Perspective.objects.exists():
            reference.load(apps, None)
        for identifier in (QOL, EOP, HALMSTAD):
            path = DEMO / f"{identifier}.yaml"
            import_plan_text(path.read_text(encoding="utf-8"), str(path))
        ensure_demo_users()


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        assert "memory" not in str(s["NAME"]), "the SQLite test database is a file (tests/conftest.py), so a worker can share it"
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _start_worker(tmp_path):
    env = {**os.environ, "DATABASE_URL": _database_url(), "LIKA_MEDIA_ROOT": str(tmp_path)}
    return subprocess.Popen(
        [sys.executable, "-m", "lika.cli", "worker", "--interval", "0.2"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def _wait(condition, seconds=60):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_worker_process_runs_a_job_shows_itself_and_stops_cleanly_on_sigterm(demo_back_afterwards, tmp_path):
    _database_url()
    job = jobs.enqueue("jobs.cleanup", label="clean-up")
    worker = _start_worker(tmp_path)
    try:
        assert _wait(lambda: Job.objects.get(pk=job.pk).state == JobState.DONE), "the job was not run"
        assert WorkerBeat.objects.exists()
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=20)
    finally:
        worker.kill()
    assert worker.returncode == 0, output
    assert f"job {job.pk} jobs.cleanup: done" in output and "stopped" in output
    assert not WorkerBeat.objects.exists()  # the pages now say no worker runs


@pytest.mark.django_db(transaction=True)
def test_a_job_not_safe_to_run_twice_left_running_by_a_dead_worker_is_shown_failed(demo_back_afterwards, tmp_path):
    _database_url()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # a process id that no longer runs
    now = timezone.now()
    WorkerBeat.objects.create(worker_id="gone", host=os.uname().nodename, pid=dead.pid, started_at=now, last_seen=now)
    # The e-mail on opening a round must not go out twice: interrupted, it is shown failed, not run again.
    job = jobs.enqueue("followup.round_opened_mail", kwargs={"round_id": 0}, label="e-mail")
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, worker="gone", attempts=1)
    worker = _start_worker(tmp_path)
    try:
        assert _wait(lambda: Job.objects.get(pk=job.pk).state == JobState.FAILED), "the job was not marked failed"
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.communicate(timeout=20)
    assert "Jobbet avbröts eftersom bakgrundsprocessen stoppades" in Job.objects.get(pk=job.pk).error


@pytest.mark.django_db(transaction=True)
def test_a_job_under_way_when_its_worker_is_killed_runs_again_in_the_next_worker(demo_back_afterwards, tmp_path):
    _database_url()
    job = jobs.enqueue("jobs.probe", kwargs={"seconds": 6, "steps": 30}, label="probe")
    first = _start_worker(tmp_path)
    try:
        assert _wait(lambda: Job.objects.get(pk=job.pk).progress >= 10), "the job did not start"
    finally:
        first.send_signal(signal.SIGKILL)  # no chance to clean up: the job is left RUNNING
        first.communicate(timeout=20)
    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.RUNNING, 1)
    second = _start_worker(tmp_path)
    try:
        assert _wait(lambda: Job.objects.get(pk=job.pk).state == JobState.DONE, seconds=90), "the job was not run again"
    finally:
        second.send_signal(signal.SIGTERM)
        output, _ = second.communicate(timeout=20)
    job.refresh_from_db()
    assert job.attempts == 2 and job.worker != "" and job.summary
    assert f"job {job.pk} jobs.probe: interrupted by a worker that stopped, queued again" in output


def test_a_job_that_keeps_killing_its_worker_is_failed_after_three_runs(db):
    from lika.jobs.actions import recover_interrupted

    job = jobs.enqueue("jobs.probe", kwargs={}, language="sv")
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, worker="nowhere-1-x", attempts=1)
    requeued, failed = recover_interrupted()
    assert [j.pk for j in requeued] == [job.pk] and not failed
    job.refresh_from_db()
    assert job.state == JobState.QUEUED and "Köad igen" in job.progress_text
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, worker="nowhere-1-x", attempts=3)
    requeued, failed = recover_interrupted()
    job.refresh_from_db()
    assert job.state == JobState.FAILED and "avbröts 3 gånger" in job.error


def test_opening_a_round_on_the_command_line_sends_the_email_with_progress(demo):
    from django.core import mail

    from lika.followup.models import FollowUpRound, RoundState

    round_ = FollowUpRound.objects.get(identifier=ROUND)
    FollowUpRound.objects.filter(pk=round_.pk).update(state=RoundState.DRAFT, opened_at=None, closes_on=timezone.localdate() + timezone.timedelta(days=20))
    out = io.StringIO()
    call_command("followup", "open", ROUND, stdout=out)
    job = Job.objects.get(name="followup.round_opened_mail")
    assert job.state == JobState.DONE and len(mail.outbox) >= 1
    assert "is now open" in out.getvalue() and "100 %" in out.getvalue() and "e-mails sent" in out.getvalue()
    call_command("worker", "--batch", verbosity=0)  # the worker finds it done and sends nothing again
    assert len(mail.outbox) == len({a for m in mail.outbox for a in m.to})


@pytest.mark.django_db(transaction=True)
def test_a_worker_beats_while_a_long_job_runs_so_no_other_worker_takes_it_for_lost(demo_back_afterwards, tmp_path, monkeypatch):
    from lika.jobs import actions

    _database_url()
    job = jobs.enqueue("jobs.probe", kwargs={"seconds": 8, "steps": 2}, label="probe")
    worker = _start_worker(tmp_path)
    try:
        assert _wait(lambda: Job.objects.get(pk=job.pk).state == JobState.RUNNING)
        time.sleep(6)  # longer than a beat, with no progress meanwhile
        # Another worker looks, treating a minute as one second: the beat is fresh, the job stays.
        monkeypatch.setattr(actions, "WORKER_GONE_AFTER", timezone.timedelta(seconds=1))
        beat = WorkerBeat.objects.get(worker_id=Job.objects.get(pk=job.pk).worker)
        assert timezone.now() - beat.last_seen < timezone.timedelta(seconds=5.5)
        assert actions.recover_interrupted() == ([], [])
        assert _wait(lambda: Job.objects.get(pk=job.pk).state == JobState.DONE)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.communicate(timeout=20)
    assert Job.objects.get(pk=job.pk).attempts == 1


def test_the_cleanup_deletes_the_files_a_failed_batch_left(db, tmp_path, settings):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from lika.jobs.cleanup import delete_old_jobs

    settings.MEDIA_ROOT = str(tmp_path)
    kept = default_storage.save("job-inputs/7/0000.bin", ContentFile(b"a plan"))
    Job.objects.create(
        name="textanalysis.store_plans", state=JobState.FAILED, kwargs={"files": [{"path": kept, "filename": "p.pdf"}]},
        finished_at=timezone.now() - timezone.timedelta(days=30),
    )
    delete_old_jobs(progress=lambda *a: None)
    assert not default_storage.exists(kept) and not Job.objects.exists()
