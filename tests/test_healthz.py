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
