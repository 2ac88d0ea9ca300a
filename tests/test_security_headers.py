"""Every kind of page carries the security headers and nothing inline that a strict CSP would block.

The test walks the demo as each persona: from the front page and My page it
follows Lika's own links, one page of each kind (ids replaced by N), and
checks each HTML response.
"""

import re
from collections import deque

import pytest
from django.test import Client
from django.utils import timezone

from lika.organisations.demo_users import DEMO_PASSWORD

pytestmark = pytest.mark.django_db
PERSONAS = [None, "hbg-agare", "hbg-samordnare", "hbg-soc", "hbg-analytiker", "hbg-handlaggare", "hbg-lasare", "hst-agare"]
PAGES_PER_PERSONA = 45
SKIP = re.compile(r"logout|/admin/|\.(pdf|docx|xlsx|csv|html|json|yaml|zip|svg|png)(\?|$)|/download|/delete|/static/")
LINK = re.compile(r'href="(/[^"#]*)"')
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.IGNORECASE)
ON_HANDLER = re.compile(r"\son[a-z]+=\"", re.IGNORECASE)


@pytest.fixture(autouse=True)
def demo_rounds(db):
    from lika.followup.demo import ensure_demo_rounds

    ensure_demo_rounds(timezone.localdate())


def kind(path: str) -> str:
    return re.sub(r"\d+", "N", path.split("?")[0])


def walk(client: Client):
    seen, queue = set(), deque(["/", "/my/", "/en/", "/followup/", "/audit/"])
    while queue and len(seen) < PAGES_PER_PERSONA:
        path = queue.popleft()
        if kind(path) in seen or SKIP.search(path):
            continue
        seen.add(kind(path))
        response = client.get(path)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        yield path, response
        queue.extend(LINK.findall(response.content.decode()))


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p or "anonymous")
def test_every_page_kind_has_the_headers_and_nothing_inline(persona):
    client = Client()
    if persona:
        assert client.login(username=persona, password=DEMO_PASSWORD)
    checked = 0
    for path, response in walk(client):
        csp = response.get("Content-Security-Policy", "")
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, path
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, path
        assert response["X-Content-Type-Options"] == "nosniff", path
        assert response["Referrer-Policy"] == "same-origin", path
        assert "camera=()" in response["Permissions-Policy"], path
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), (path, INLINE_SCRIPT.search(html).group(0))
        assert not INLINE_STYLE.search(html), (path, html[INLINE_STYLE.search(html).start() - 80 :][:200])
        assert not ON_HANDLER.search(html), (path, ON_HANDLER.search(html).group(0))
        checked += 1
    print(persona, checked)
    assert checked >= (3 if persona is None else 12)


def test_the_report_as_one_html_file_keeps_its_styles_by_hash_only(client_for):
    client = client_for("hbg-agare")
    response = client.get("/reports/helsingborg-lika-2023/report.html")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "'sha256-" in csp and "unsafe-inline" not in csp
