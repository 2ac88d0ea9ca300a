"""Shared test set-up: the demo plans are loaded once per test session.

Tests that use the `db` fixture run inside a transaction that is rolled back,
so they see the demo data and leave it as it was.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from lika.organisations.demo_users import DEMO_PASSWORD

ROOT = Path(settings.BASE_DIR)
DEMO = ROOT / "demo"
QOL = "helsingborg-livskvalitetsprogrammet-2025"
EOP = "helsingborg-lika-mojligheter-2022"
HALMSTAD = "halmstad-inkluderande-kommunen-2020"


def pytest_configure(config):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The demo's plan owners log in with a password alone; tests of two-factor turn it on.
    settings.LIKA_MFA_REQUIRED_ROLES = []


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite the test database is a file, not memory: tests that start a worker or a server
    process (tests/test_jobs.py) share it with them."""
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from lika.organisations.demo_users import ensure_demo_users
    from lika.plans.importing import import_plan_text

    with django_db_blocker.unblock():
        for identifier in (QOL, EOP, HALMSTAD):
            path = DEMO / f"{identifier}.yaml"
            import_plan_text(path.read_text(encoding="utf-8"), str(path))
        ensure_demo_users()


@pytest.fixture
def client_for(db):
    """A logged-in client for one of the demo personas (see README)."""

    def make(username: str | None) -> Client:
        client = Client()
        if username:
            assert client.login(username=username, password=DEMO_PASSWORD), username
        return client

    return make


@pytest.fixture
def halmstad_plans(db):
    """Halmstad's demo business plans (8 units, two years), read against its plan."""
    from lika.textanalysis.demo import DIR, _ensure

    return list(_ensure("halmstad", DIR / "halmstad"))
