"""Readability shown to writers, `lika lix`, and the accessibility statement in every page's footer."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.test_followup_flow import BASE, post_example

pytestmark = pytest.mark.django_db


def test_writing_an_example_shows_its_lix(client_for):
    from lika.followup.demo import ensure_demo_rounds

    ensure_demo_rounds(timezone.localdate())
    client = client_for("hbg-kultur")
    client.post(f"{BASE}/units/kulturforvaltningen/start/")
    # A failed save shows the page again with what was typed, and the LIX of each public text.
    html = post_example(client, "kulturforvaltningen", "6", title="").content.decode()
    assert 'id="id_what_was_done_lix"' in html
    assert "LIX 23" in html  # "Vi har haft språkcaféer varje vecka.": 6 words, 1 sentence, 1 long: 6 + 16.7
    assert 'id="id_title_lix"' not in html  # a title is not measured
    assert 'href="/readability/"' in html


def test_the_readability_page_explains_the_levels(client):
    html = client.get("/readability/").content.decode()
    assert "<h1>" in html and "LIX" in html
    assert "60–" in html


def test_lix_command_prints_the_figure_and_the_level(tmp_path):
    path = tmp_path / "text.txt"
    path.write_text("Jag heter Anna. Jag bor i en liten stad.", encoding="utf-8")
    out = StringIO()
    call_command("lix", str(path), stdout=out)
    first = out.getvalue().splitlines()[0]
    assert first.startswith("LIX 4") and "mycket lätt" in first


def test_lix_command_with_a_missing_file_says_so_in_one_line():
    with pytest.raises(CommandError, match="no such file"):
        call_command("lix", "/no/such/file.txt")


def test_lix_command_with_an_empty_text_says_why(tmp_path, capsys):
    path = tmp_path / "empty.txt"
    path.write_text("", encoding="utf-8")
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("lix", str(path), stdout=out)
    assert "Det finns ingen text" in out.getvalue()


def test_every_page_links_to_the_accessibility_statement(client, client_for):
    for page in ("/", "/helsingborg/", "/accounts/login/"):
        assert 'href="/accessibility/"' in client.get(page).content.decode()
    assert 'href="/accessibility/"' in client_for("hbg-agare").get("/followup/").content.decode()


def test_the_accessibility_statement_follows_the_model(client, settings):
    settings.LIKA_ACCESSIBILITY_ORGANISATION = "Helsingborgs stad"
    settings.LIKA_ACCESSIBILITY_EMAIL = "tillganglighet@example.se"
    html = client.get("/accessibility/").content.decode()
    assert "<h1>Tillgänglighetsredogörelse</h1>" in html
    assert "Helsingborgs stad" in html and "mailto:tillganglighet@example.se" in html
    assert "https://www.digg.se/tdosanmalan" in html  # the enforcement procedure
    assert "Innehåll som inte är tillgängligt" in html
