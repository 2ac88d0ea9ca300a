"""`lika serve --production`: refuses an unsafe configuration, serves pages and compressed static files."""

import contextlib
import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

LIKA = str(Path(sys.executable).with_name("lika"))
GOOD_KEY = secrets.token_urlsafe(50)


def lika_env(tmp_path, **settings):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("LIKA_", "DATABASE_URL"))}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'lika.sqlite3'}",
        LIKA_VAR_DIR=str(tmp_path / "var"),
        LIKA_SECRET_KEY=GOOD_KEY,
        LIKA_ALLOWED_HOSTS="127.0.0.1",
    )
    for key, value in settings.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def refusal(tmp_path, **settings):
    """Run `lika serve --production` where it must refuse; return its one line of complaint."""
    done = subprocess.run(
        [LIKA, "serve", "--production", "--port", "1"],
        env=lika_env(tmp_path, **settings),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_production_server_refuses_to_start_without_a_secret_key(tmp_path):
    line = refusal(tmp_path, LIKA_SECRET_KEY=None)
    assert "LIKA_SECRET_KEY is not set" in line
    assert not (tmp_path / "lika.sqlite3").exists()


def test_production_server_refuses_a_short_or_django_insecure_secret_key(tmp_path):
    assert "LIKA_SECRET_KEY is insecure" in refusal(tmp_path, LIKA_SECRET_KEY="changeme")
    assert "LIKA_SECRET_KEY is insecure" in refusal(tmp_path, LIKA_SECRET_KEY="django-insecure-" + GOOD_KEY)


def test_production_server_refuses_to_start_with_debug_on(tmp_path):
    assert "LIKA_DEBUG is true" in refusal(tmp_path, LIKA_DEBUG="true")


def test_production_server_refuses_to_start_without_allowed_hosts(tmp_path):
    assert "LIKA_ALLOWED_HOSTS is not set" in refusal(tmp_path, LIKA_ALLOWED_HOSTS=None)


def test_production_server_refuses_zero_workers(tmp_path):
    assert "LIKA_WEB_WORKERS must be at least 1" in refusal(tmp_path, LIKA_WEB_WORKERS="0")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@contextlib.contextmanager
def running_server(tmp_path, **settings):
    """`lika serve --production` with two workers on a free port; yields (base URL, process, log path)."""
    port = free_port()
    log_path = tmp_path / "server.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [LIKA, "serve", "--production", "--port", str(port), "--workers", "2"],
            env=lika_env(tmp_path, **settings),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_listening(port, server, log_path)
            yield f"http://127.0.0.1:{port}", server, log_path
        finally:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(server.pid, signal.SIGKILL)


def wait_until_listening(port, server, log_path):
    deadline = time.monotonic() + 600  # the first start compresses every static file: minutes on a busy machine
    while time.monotonic() < deadline:
        assert server.poll() is None, log_path.read_text()
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    pytest.fail("the production server did not answer within 600 s")


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """One folder of collected static files for every server here: only the first start compresses them."""
    return str(tmp_path_factory.mktemp("static"))


@pytest.fixture(scope="module")
def production_server(tmp_path_factory, static_root):
    with running_server(tmp_path_factory.mktemp("production"), LIKA_STATIC_ROOT=static_root) as server:
        yield server


def test_production_server_serves_pages_with_several_workers(production_server):
    base, _server, log = production_server
    status, headers, body = fetch(base + "/")
    assert status == 200
    assert headers["Server"] == "gunicorn"
    assert b"<h1" in body
    assert len(re.findall(r"Booting worker", log.read_text())) == 2
    # The workers share one cache (the failed sign-in counters), a folder beside the data.
    assert f"cache in {log.parent / 'var' / 'cache'}" in log.read_text()


def test_static_files_are_served_compressed_with_a_hashed_name_and_cached_for_long(production_server):
    base, _server, _log = production_server
    _status, _headers, page = fetch(base + "/")
    stylesheet = re.search(rb'href="(/static/lika/lika\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "the page links the stylesheet under its hashed name"
    status, headers, _body = fetch(base + stylesheet.group(1).decode(), {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]
    assert int(re.search(r"max-age=(\d+)", headers["Cache-Control"]).group(1)) >= 365 * 24 * 3600


def test_production_server_answers_only_to_allowed_hosts(production_server):
    base, _server, _log = production_server
    assert fetch(base + "/", {"Host": "evil.example.org"})[0] == 400


def test_healthz_and_pages_turn_503_while_the_database_is_gone_and_recover_when_it_returns(production_server):
    base, _server, log = production_server
    assert fetch(base + "/healthz")[0] == 200
    database = log.parent / "lika.sqlite3"
    moved = [(path, path.with_name(path.name + ".away")) for path in log.parent.glob("lika.sqlite3*")]
    for path, away in moved:
        path.rename(away)
    database.mkdir()  # SQLite cannot open a folder: the database is unreachable
    try:
        status, _headers, body = fetch(base + "/healthz")
        assert (status, json.loads(body)) == (503, {"status": "error", "database": "unreachable"})
        # The pages too: Lika's own plain page, not a traceback or the web server's error.
        status, headers, body = fetch(base + "/")
        assert (status, headers["Retry-After"]) == (503, "30")
        assert "Lika är inte tillgänglig just nu" in body.decode() and "Traceback" not in body.decode()
    finally:
        database.rmdir()
        for path, away in moved:
            away.rename(path)
    status, _headers, body = fetch(base + "/healthz")
    assert (status, json.loads(body)["status"]) == (200, "ok")
    assert fetch(base + "/")[0] == 200  # the pages are back as soon as the database is


def test_production_server_stops_cleanly_on_sigterm(production_server):
    _base, server, log = production_server
    os.killpg(server.pid, signal.SIGTERM)
    assert server.wait(timeout=30) == 0
    assert "Shutting down" in log.read_text()


def test_check_deploy_reports_nothing_with_https_on(tmp_path):
    env = lika_env(tmp_path, LIKA_DEBUG="false", LIKA_HTTPS="true", LIKA_ALLOWED_HOSTS="lika.example.org")
    check = [LIKA, "check", "--deploy", "--fail-level", "WARNING"]
    done = subprocess.run(check, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout
    env.pop("LIKA_HTTPS")
    done = subprocess.run(check, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode != 0
    assert "SECURE_SSL_REDIRECT" in done.stderr


def request_from(source, base, path, headers):
    """A GET sent from the local address SOURCE (127.0.0.1 or another loopback address)."""
    port = int(base.rsplit(":", 1)[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    try:
        connection.request("GET", path, headers={"Host": "lika.example.org", **headers})
        response = connection.getresponse()
        response.read()
        return response.status, response.headers
    finally:
        connection.close()


@pytest.fixture(scope="module")
def https_server(tmp_path_factory, static_root):
    settings = {"LIKA_HTTPS": "true", "LIKA_ALLOWED_HOSTS": "lika.example.org", "LIKA_TRUSTED_PROXIES": "127.0.0.1"}
    settings["LIKA_STATIC_ROOT"] = static_root
    with running_server(tmp_path_factory.mktemp("https"), **settings) as server:
        yield server[0]


def test_with_https_on_a_plain_request_is_redirected_to_https(https_server):
    status, headers = request_from("127.0.0.1", https_server, "/helsingborg/", {})
    assert status == 301
    assert headers["Location"] == "https://lika.example.org/helsingborg/"


def test_behind_a_trusted_proxy_https_pages_get_hsts_and_secure_cookies(https_server):
    status, headers = request_from("127.0.0.1", https_server, "/accounts/login/", {"X-Forwarded-Proto": "https"})
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    cookies = headers.get_all("Set-Cookie")
    assert cookies and all("Secure" in cookie for cookie in cookies)


def test_the_forwarded_protocol_header_counts_only_from_the_trusted_proxy(https_server):
    status, headers = request_from("127.0.0.2", https_server, "/helsingborg/", {"X-Forwarded-Proto": "https"})
    assert status == 301
    assert headers["Location"].startswith("https://")


def test_healthz_answers_over_plain_http_even_with_https_on(https_server):
    status, _headers = request_from("127.0.0.2", https_server, "/healthz", {})
    assert status == 200


def test_static_files_are_collected_again_only_when_they_changed(tmp_path, monkeypatch):
    from django.core import management

    from lika.core import production

    calls = []

    def collect(name, **options):
        calls.append(name)
        (tmp_path / "staticfiles.json").write_text("{}")

    monkeypatch.setattr(management, "call_command", collect)
    assert production.collect_static(tmp_path) is True
    assert production.collect_static(tmp_path) is False  # a restart with the same files: nothing to do
    (tmp_path / "staticfiles.json").unlink()
    assert production.collect_static(tmp_path) is True  # the collected files are gone: collect again
    assert calls == ["collectstatic", "collectstatic"]
