"""Attachments go out as downloads with a safe type, only to those who may see them; too large uploads are refused plainly."""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from lika.audit.models import AuditEntry, Kind
from lika.followup.models import Attachment, Example, MeasureReport

pytestmark = pytest.mark.django_db
OPEN = "helsingborg-lika-2025"
BASE = f"/followup/{OPEN}"


@pytest.fixture(autouse=True)
def demo_rounds(db, settings, tmp_path):
    from lika.followup.demo import ensure_demo_rounds

    settings.MEDIA_ROOT = tmp_path
    ensure_demo_rounds(timezone.localdate())


def stored(content_type: str, name: str, data: bytes) -> tuple[Attachment, str]:
    from django.test import Client

    from lika.organisations.demo_users import DEMO_PASSWORD

    reporter = Client()
    reporter.login(username="hbg-kultur", password=DEMO_PASSWORD)
    reporter.post(f"{BASE}/units/kulturforvaltningen/start/")
    report = MeasureReport.objects.filter(
        submission__round__identifier=OPEN, submission__unit__key="kulturforvaltningen", measure__code="6"
    ).get()
    example = Example.objects.create(measure_report=report, title="Test", what_was_done="x")
    attachment = Attachment(example=example, original_name=name, content_type=content_type, size=len(data))
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    report = example.measure_report
    url = f"{BASE}/units/{report.submission.unit.key}/measures/{report.measure.code}/examples/{example.pk}/attachments/{attachment.pk}/"
    return attachment, url


def test_a_stored_html_attachment_is_a_download_never_a_page(client_for):
    _, url = stored("text/html", "evil.html", b"<script>alert(1)</script>")
    response = client_for("hbg-kultur").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert newest_download().note.startswith(url)


def newest_download():
    return AuditEntry.objects.filter(kind=Kind.DOWNLOAD).order_by("-id").first()


def test_an_svg_attachment_is_a_download_too(client_for):
    _, url = stored("image/svg+xml", "chart.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>")
    response = client_for("hbg-kultur").get(url)
    assert response["Content-Type"] == "application/octet-stream" and response["Content-Disposition"].startswith("attachment")


def test_a_pdf_keeps_its_type_as_a_download(client_for):
    _, url = stored("application/pdf", "rapport.pdf", b"%PDF-1.7\n")
    response = client_for("hbg-kultur").get(url)
    assert response["Content-Type"] == "application/pdf" and response["Content-Disposition"].startswith("attachment")


def test_another_units_reporter_cannot_download_it(client_for):
    _, url = stored("application/pdf", "rapport.pdf", b"%PDF-1.7\n")
    assert client_for("hbg-soc").get(url).status_code in (403, 404)
    assert client_for(None).get(url).status_code in (302, 403, 404)


def test_a_200_mb_upload_is_refused_plainly_before_it_is_read(client_for):
    client = client_for("hbg-kultur")
    response = client.generic(
        "POST",
        f"{BASE}/units/kulturforvaltningen/measures/6/examples/new/",
        b"x" * 10,
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert "<h1>Filen är för stor</h1>" in html and "200.0 MB" in html.replace(",", ".")
