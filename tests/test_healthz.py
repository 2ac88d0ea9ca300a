"""/healthz answers monitoring without login: 200 when the database answers and is migrated, 503 otherwise."""

import json

import pytest
from django.db import OperationalError, connection
from django.test import Client

from lika.core import health

pytestmark = pytest.mark.django_db


def test_healthz_is_green_without_login_and_without_a_session():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "migrations": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_healthz_answers_503_naming_the_database_when_it_does_not_answer(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "db.internal" (10.0.0.5), port 5432 failed: password wrong')

    monkeypatch.setattr(connection, "cursor", refuse)
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error", "database": "unreachable"}
    assert b"db.internal" not in response.content
    assert b"password" not in response.content


def test_healthz_answers_503_when_migrations_are_not_applied(monkeypatch):
    monkeypatch.setattr(health, "_known_migrations", health.known_migrations() | {("plans", "9999_from_the_future")})
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error", "database": "ok", "migrations": "1 not applied"}


def test_healthz_only_reads():
    assert Client().post("/healthz").status_code == 405


def test_a_page_answers_lika_s_own_503_while_the_database_is_unreachable_and_recovers(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "db.internal" (10.0.0.5), port 5432 failed: Connection refused')

    client = Client(raise_request_exception=False)
    assert client.get("/helsingborg/").status_code == 200
    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/helsingborg/")
    html = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "<h1>Lika är inte tillgänglig just nu</h1>" in html and "Inget som sparats tidigare har gått förlorat" in html
    assert "db.internal" not in html and "Traceback" not in html
    assert "<h1>Lika is unavailable for a moment</h1>" in client.get("/en/helsingborg/").content.decode()
    monkeypatch.undo()
    assert client.get("/helsingborg/").status_code == 200


def test_any_other_error_is_still_a_plain_500(monkeypatch):
    from lika.core import views

    monkeypatch.setattr(views, "render", lambda *a, **k: 1 / 0)
    response = Client(raise_request_exception=False).get("/no-such-page-anywhere/x/y/z")
    assert response.status_code == 500 and b"Traceback" not in response.content
