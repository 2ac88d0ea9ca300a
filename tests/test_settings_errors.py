"""A wrongly written setting stops the `lika` command with one line naming it, never a traceback."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

LIKA = str(Path(sys.executable).with_name("lika"))


def run_lika(tmp_path, *args, **settings):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("LIKA_", "DATABASE_URL"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'lika.sqlite3'}", LIKA_VAR_DIR=str(tmp_path / "var"))
    env.update(settings)
    return subprocess.run([LIKA, *args], env=env, capture_output=True, text=True, timeout=120, check=False)


def one_line_of_complaint(done) -> str:
    assert done.returncode == 1, done
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize(
    ("setting", "value", "expected"),
    [
        ("LIKA_DEBUG", "0", "lika: LIKA_DEBUG must be 'true' or 'false', not '0'"),
        ("LIKA_HTTPS", "yes", "lika: LIKA_HTTPS must be 'true' or 'false', not 'yes'"),
        ("LIKA_EMAIL_PORT", "twenty-five", "lika: LIKA_EMAIL_PORT must be a whole number, not 'twenty-five'"),
        ("LIKA_MAX_ATTACHMENT_MB", "0", "lika: LIKA_MAX_ATTACHMENT_MB must be at least 1, not 0"),
        ("LIKA_LOG_LEVEL", "LOUD", "lika: LIKA_LOG_LEVEL must be one of 'DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL', not 'LOUD'"),
        ("LIKA_SECRET_KEY_FILE", "/no/such/file", "lika: LIKA_SECRET_KEY_FILE: cannot read /no/such/file: No such file or directory"),
    ],
)
def test_a_wrong_setting_gets_one_line_naming_it_and_what_is_accepted(tmp_path, setting, value, expected):
    assert one_line_of_complaint(run_lika(tmp_path, "plan", "list", **{setting: value})) == expected


def test_a_database_url_of_another_kind_is_refused_without_repeating_it(tmp_path):
    line = one_line_of_complaint(run_lika(tmp_path, "plan", "list", DATABASE_URL="mysql://lika:hemligt@db/lika"))
    assert line.startswith("lika: DATABASE_URL must look like postgres://USER:PASSWORD@HOST:5432/NAME")
    assert "hemligt" not in line


def test_a_malformed_database_url_is_refused_without_showing_the_password(tmp_path):
    line = one_line_of_complaint(run_lika(tmp_path, "plan", "list", DATABASE_URL="postgres://lika:hemligt@db:port/lika"))
    assert line.startswith("lika: DATABASE_URL is not a valid address")
    assert "hemligt" not in line


def test_a_database_that_does_not_answer_is_named_in_one_line(tmp_path):
    port = closed_port()
    url = f"postgres://lika:hemligt@127.0.0.1:{port}/lika"
    line = one_line_of_complaint(run_lika(tmp_path, "plan", "list", DATABASE_URL=url))
    assert line.startswith(f"lika: DATABASE_URL: cannot connect to the PostgreSQL database 'lika' on 127.0.0.1:{port} as lika:")
    assert "hemligt" not in line


def test_a_sqlite_file_in_a_missing_folder_is_named_in_one_line(tmp_path):
    done = run_lika(tmp_path, "plan", "list", DATABASE_URL=f"sqlite:///{tmp_path}/missing/lika.sqlite3")
    assert one_line_of_complaint(done) == (
        f"lika: DATABASE_URL: cannot connect to the SQLite database {tmp_path}/missing/lika.sqlite3: unable to open database file"
    )


def test_a_database_without_its_tables_says_to_migrate(tmp_path):
    (tmp_path / "lika.sqlite3").touch()
    line = one_line_of_complaint(run_lika(tmp_path, "plan", "list"))
    assert line.startswith(f"lika: the SQLite database {tmp_path}/lika.sqlite3 is not set up or not up to date (")
    assert line.endswith("migrations not applied): run 'lika migrate'")


def test_production_server_without_secret_key_is_refused_in_one_line(tmp_path):
    done = run_lika(tmp_path, "serve", "--production", LIKA_ALLOWED_HOSTS="lika.example.org")
    assert one_line_of_complaint(done).startswith("CommandError: LIKA_SECRET_KEY is not set")


def test_a_wrong_number_of_web_workers_is_refused_in_one_line(tmp_path):
    settings = {"LIKA_SECRET_KEY": "k" * 30 + "abcdefghijklmnopqrstuvwxyz", "LIKA_ALLOWED_HOSTS": "lika.example.org"}
    done = run_lika(tmp_path, "serve", "--production", LIKA_WEB_WORKERS="many", **settings)
    assert one_line_of_complaint(done) == "lika: LIKA_WEB_WORKERS must be a whole number, not 'many'"


def test_a_command_whose_reader_goes_away_stops_quietly(tmp_path):
    """`lika ... | head`: when the pipe closes before the command has written, no traceback."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("LIKA_", "DATABASE_URL"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'lika.sqlite3'}", LIKA_VAR_DIR=str(tmp_path / "var"))
    process = subprocess.Popen([LIKA, "help"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # the reader is gone before the command writes its first line
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr, stderr
