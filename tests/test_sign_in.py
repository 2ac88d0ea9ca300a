"""Local sign-in with django-allauth: login, lockout, password reset, sessions, idle timeout."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from lika.organisations.demo_users import DEMO_PASSWORD

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def post_login(client: Client, login: str, password: str):
    return client.post(LOGIN, {"login": login, "password": password})


@pytest.mark.django_db
def test_demo_user_logs_in_with_user_name_or_email_and_lands_on_my_page():
    client = Client()
    response = post_login(client, "hbg-soc", DEMO_PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/my/"
    assert (
        "Sofia" in client.get("/my/").content.decode()
        or client.get("/my/").status_code == 200
    )
    other = Client()
    assert (
        post_login(other, "hbg-kultur@example.invalid", DEMO_PASSWORD).status_code
        == 302
    )


@pytest.mark.django_db
def test_wrong_password_is_refused_with_a_message():
    response = post_login(Client(), "hbg-soc", "wrong")
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_even_for_the_right_password():
    client = Client()
    for _ in range(5):
        assert post_login(client, "hbg-agare", "wrong").status_code == 200
    locked = post_login(client, "hbg-agare", DEMO_PASSWORD)
    assert locked.status_code == 200, (
        "the right password must not get in while the account is locked"
    )
    assert "_auth_user_id" not in client.session
    message = locked.content.decode()
    # An account that does not exist is answered the same way: nothing reveals which names exist.
    stranger = Client()
    for _ in range(6):
        unknown = post_login(stranger, "nobody-here", "wrong")
    assert _alert(unknown) == _alert(locked) != ""
    assert "nobody-here" not in _alert(unknown) and "hbg-agare" not in _alert(message)
    cache.clear()  # the lock ends
    assert post_login(Client(), "hbg-agare", DEMO_PASSWORD).status_code == 302


def _alert(response_or_text) -> str:
    text = (
        response_or_text
        if isinstance(response_or_text, str)
        else response_or_text.content.decode()
    )
    match = re.search(r'role="alert"[^>]*>(.*?)</(?:div|p)>', text, re.DOTALL)
    return re.sub(r"\s+", " ", match.group(1)).strip() if match else ""


@pytest.mark.django_db
def test_password_reset_by_email_sets_a_new_password():
    client = Client()
    response = client.post(
        "/accounts/password/reset/", {"email": "hbg-soc@example.invalid"}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["hbg-soc@example.invalid"]
    link = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(
        action, {"password1": "ny-lösen-2026!", "password2": "ny-lösen-2026!"}
    )
    assert done.status_code == 302
    assert post_login(Client(), "hbg-soc", "ny-lösen-2026!").status_code == 302
    assert post_login(Client(), "hbg-soc", DEMO_PASSWORD).status_code == 200


@pytest.mark.django_db
def test_reset_for_an_unknown_address_says_the_same_and_sends_nothing_useful():
    response = Client().post(
        "/accounts/password/reset/", {"email": "nobody@example.invalid"}
    )
    assert response.status_code == 302
    assert all("/password/reset/key/" not in message.body for message in mail.outbox)


@pytest.mark.django_db
def test_a_user_sees_their_sessions_and_ends_the_others():
    first, second = Client(), Client()
    assert post_login(first, "hbg-kultur", DEMO_PASSWORD).status_code == 302
    assert post_login(second, "hbg-kultur", DEMO_PASSWORD).status_code == 302
    page = first.get("/accounts/sessions/")
    assert page.status_code == 200 and "<h1" in page.content.decode()
    assert first.post("/accounts/sessions/", {"action": "end"}).status_code == 302
    assert second.get("/my/").status_code == 302  # ended: back to the login page
    assert first.get("/my/").status_code == 200


@pytest.mark.django_db
def test_an_idle_session_expires(settings):
    client = Client()
    assert post_login(client, "hbg-kultur", DEMO_PASSWORD).status_code == 302
    assert client.get("/my/").status_code == 200
    session = Session.objects.get(session_key=client.session.session_key)
    assert (
        0
        < (session.expire_date - timezone.now()).total_seconds()
        <= settings.SESSION_COOKIE_AGE
    )
    session.expire_date = timezone.now() - timezone.timedelta(seconds=1)
    session.save()
    assert client.get("/my/").status_code == 302


@pytest.mark.django_db
def test_nobody_signs_themselves_up():
    response = Client().post(
        "/accounts/signup/",
        {
            "username": "me",
            "email": "me@example.invalid",
            "password1": "x-Long-pass-1",
            "password2": "x-Long-pass-1",
        },
    )
    assert not get_user_model().objects.filter(username="me").exists()
    assert response.status_code in (200, 302, 403)


@pytest.mark.django_db
def test_reading_pages_does_not_write_the_session_on_every_request():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    assert post_login(client, "hbg-kultur", DEMO_PASSWORD).status_code == 302
    client.get("/my/")  # the first request after signing in refreshes the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/my/").status_code == 200
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(("UPDATE", "INSERT"))]
    assert not [sql for sql in writes if "session" in sql], writes


@pytest.mark.django_db
def test_twenty_wrong_passwords_lock_the_account_until_the_lock_ends(monkeypatch, settings):
    """The issue's done-criterion: 20 wrong passwords in a row, then the right one does not get
    in until the lock ends; after the lock time it does."""
    import time
    from types import SimpleNamespace

    from allauth.core.internal import ratelimit

    now = [time.time()]
    clock = SimpleNamespace(time=lambda: now[0], monotonic=time.monotonic, sleep=time.sleep)
    monkeypatch.setattr(ratelimit, "time", clock)
    client = Client()
    for attempt in range(20):
        now[0] += 1
        assert post_login(client, "hbg-agare", f"wrong-{attempt}").status_code == 200
    lock_seconds = int(settings.ACCOUNT_RATE_LIMITS["login_failed"].split(",")[-1].split("/")[1][:-1])
    now[0] += lock_seconds - 60  # a minute before the lock ends
    assert post_login(client, "hbg-agare", DEMO_PASSWORD).status_code == 200
    assert "_auth_user_id" not in client.session
    now[0] += 61  # the lock has ended
    assert post_login(Client(), "hbg-agare", DEMO_PASSWORD).status_code == 302
