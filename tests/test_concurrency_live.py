"""Simultaneous saves against a real server, on the database the suite runs on.

A server process (`lika serve`) on its own demo database: a file on SQLite
(the embedded default), a database of its own on PostgreSQL. Threads fire the
saves at the same moment (tests/concurrency_load.py): 16 new examples all
land, the cap of examples per measure holds when 8 adds race, and two tabs
saving one example at once get one save and one conflict page, never a 500.
"""

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection

from tests import concurrency_load

ROOT = Path(settings.BASE_DIR)
LIKA = [sys.executable, "-c", "from lika.cli import main; main()"]


def free_port() -> int:
    if os.environ.get("LIKA_LIVE_PORT"):
        return int(os.environ["LIKA_LIVE_PORT"])
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _postgres_url(name: str) -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture
def live_database(tmp_path):
    """DATABASE_URL of an empty database of the suite's kind, dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'live.sqlite3'}"
        return
    import psycopg

    name = f"lika_live_{os.getpid()}"
    admin = psycopg.connect(_postgres_url("postgres"), autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _postgres_url(name)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def server(live_database, tmp_path):
    env = {**os.environ, "DATABASE_URL": live_database, "LIKA_VAR_DIR": str(tmp_path), "LIKA_MEDIA_ROOT": str(tmp_path / "media")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([*LIKA, "demo"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    port = free_port()
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen(
        [*LIKA, "serve", "--port", str(port), "--noreload"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield f"http://127.0.0.1:{port}", tmp_path / "server.log"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def test_simultaneous_saves_all_land_the_cap_holds_and_a_stale_tab_is_told(server):
    base, log = server
    try:
        done = concurrency_load.run(base, sessions=16)
    except concurrency_load.Failed as failure:
        pytest.fail(f"{failure}\n--- server log ---\n{log.read_text()[-3000:]}")
    assert len(done) == 5
    assert " 500 " not in log.read_text()
