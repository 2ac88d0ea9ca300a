"""Typed text survives a stale session: the CSRF failure page gives it back; forms keep local drafts."""

import pytest
from django.test import Client
from django.utils import timezone

from lika.followup.models import Example
from lika.organisations.demo_users import DEMO_PASSWORD

pytestmark = pytest.mark.django_db
OPEN = "helsingborg-lika-2025"
KULTUR = f"/followup/{OPEN}/units/kulturforvaltningen/"


@pytest.fixture(autouse=True)
def demo_rounds(db):
    from lika.followup.demo import ensure_demo_rounds

    ensure_demo_rounds(timezone.localdate())


def test_a_save_with_a_stale_token_shows_the_text_back_in_lika_s_page_not_a_bare_403(client_for):
    client_for("hbg-kultur").post(f"{KULTUR}start/")
    browser = Client(enforce_csrf_checks=True)
    assert browser.login(username="hbg-kultur", password=DEMO_PASSWORD)
    long_text = "En halvtimmes skrivande om språkcaféerna på biblioteket."
    response = browser.post(
        f"{KULTUR}measures/6/examples/new/",
        {"title": "Språkcaféer", "what_was_done": long_text, "csrfmiddlewaretoken": "renewed-in-another-tab"},
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>" in page and "Lika" in page
    assert long_text in page and "Språkcaféer" in page
    assert "renewed-in-another-tab" not in page
    assert "sessionen" in page.lower() or "session" in page.lower()
    assert not Example.objects.filter(title="Språkcaféer").exists()


def test_the_failure_page_never_shows_a_password_back():
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/accounts/login/", {"login": "hbg-kultur", "password": "hemligt-lösenord"})
    assert response.status_code == 403
    assert "hemligt-lösenord" not in response.content.decode()


def test_every_page_loads_the_draft_keeper_as_a_file_not_an_inline_script(client_for):
    page = client_for("hbg-kultur").get(f"{KULTUR}").content.decode()
    assert "lika/drafts.js" in page
    assert "<script>" not in page


def test_a_form_page_gone_meanwhile_has_a_place_where_the_browser_shows_the_kept_draft(client_for):
    """drafts.js shows the drafts kept for an address on its "not found" page (checked in Chromium, see docs/concurrency.md)."""
    response = client_for("hbg-agare").get("/reports/no-such-round/texts/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "data-draft-gone=" in page and "kopiera den härifrån" in page
    assert "lika/drafts.js" in page
