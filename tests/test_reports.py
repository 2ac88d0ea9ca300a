"""The follow-up report of a round: on the web, as files, on the public pages and from the command line."""

import io
import zipfile

import docx
import pypdf
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from lika.followup.models import Example, FollowUpRound, MeasureReport
from lika.reports.models import RoundReport
from lika.reports.textsfile import FileProblems, export_texts, import_texts
from tests.concurrency_load import post_form
from tests.conftest import DEMO

pytestmark = pytest.mark.django_db
PUBLISHED = "helsingborg-lika-2023"
OPEN = "helsingborg-lika-2025"


@pytest.fixture(autouse=True)
def demo(db):
    from lika.followup.demo import ensure_demo_rounds
    from lika.reports.demo import ensure_demo_report_texts

    ensure_demo_rounds(timezone.localdate())
    ensure_demo_report_texts()


def test_the_plan_owner_sees_the_2023_report_with_its_texts_figures_and_every_example(client_for):
    html = client_for("hbg-agare").get(f"/reports/{PUBLISHED}/").content.decode()
    assert "<h1>" in html and "Plan för lika möjligheter 2022–2025: Uppföljning 2023" in html
    assert "Beredningen för livskvalitet är politisk referensgrupp" in html  # the 2023 report's own words
    assert "Figur 1. Exempel per åtgärd" in html
    assert html.count("<h5>") == 39  # every approved example in the appendix
    assert "Bilaga 1: Exempel på insatser utifrån Plan för lika möjligheter 2022–2025" in html
    assert "Åtgärder utan exempel: 11, 13, 17." in html
    assert "2023-10-12" in html  # dated as the 2023 report


def test_the_report_is_in_english_with_the_swedish_texts_marked_as_swedish(client_for):
    html = client_for("hbg-agare").get(f"/en/reports/{PUBLISHED}/").content.decode()
    assert "1 Introduction" in html and "Figure 1. Examples per measure" in html
    assert '<p class="report-body" lang="sv">Plan för lika möjligheter 2022-2025 är Helsingborgs stads' in html


def test_who_may_see_and_write_the_report(client_for):
    assert client_for("hbg-samordnare").get(f"/reports/{PUBLISHED}/").status_code == 200
    assert client_for("hbg-samordnare").get(f"/reports/{PUBLISHED}/texts/").status_code == 404
    assert client_for("hbg-kultur").get(f"/reports/{PUBLISHED}/").status_code == 404
    assert client_for("hbg-kultur").get(f"/reports/{PUBLISHED}/report.pdf").status_code == 404
    assert client_for("hst-agare").get(f"/reports/{PUBLISHED}/").status_code == 404  # another municipality
    assert client_for(None).get(f"/reports/{PUBLISHED}/").status_code == 302  # to the login page
    assert client_for("hbg-agare").get(f"/reports/{PUBLISHED}/report.exe").status_code == 404


def test_the_plan_owner_writes_a_section_and_the_report_shows_it(client_for):
    owner = client_for("hbg-agare")
    assert "Write the report texts" in owner.get(f"/en/reports/{OPEN}/").content.decode()
    assert "Write the report texts" not in client_for("hbg-samordnare").get(f"/en/reports/{OPEN}/").content.decode()
    response = post_form(
        owner,
        f"/reports/{OPEN}/texts/",
        {"language": "sv", "conclusions": "Vi behöver mer stöd till åtgärd 11.\n\nSärskilt till bolagen."},
    )
    assert response.status_code == 302
    html = owner.get(f"/reports/{OPEN}/").content.decode()
    assert "Vi behöver mer stöd till åtgärd 11." in html and "Särskilt till bolagen." in html
    assert "Avsnittet är inte skrivet än." in html  # the other sections say they are missing
    assert RoundReport.objects.get(round__identifier=OPEN).updated_by.username == "hbg-agare"


def test_a_form_with_a_wrong_language_saves_nothing(client_for):
    response = post_form(client_for("hbg-agare"), f"/reports/{OPEN}/texts/", {"language": "de", "conclusions": "x"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not RoundReport.objects.filter(round__identifier=OPEN).exists()


def test_the_docx_download_opens_in_word_terms(client_for):
    response = client_for("hbg-agare").get(f"/reports/{PUBLISHED}/report.docx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert 'filename="helsingborg-lika-2023-sv.docx"' in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "1 Inledning" and headings[-1].startswith("Bilaga 1")
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        header = "".join(package.read(n).decode() for n in package.namelist() if n.startswith("word/header"))
    assert "Helsingborgs stad" in header and "00488/2023" in header
    assert len(document.inline_shapes) == 6  # the six charts


def test_the_pdf_is_tagged_with_its_language_and_title(client_for):
    response = client_for("hbg-agare").get(f"/en/reports/{PUBLISHED}/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    pdf = pypdf.PdfReader(io.BytesIO(response.content))
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert pdf.metadata.title == "Equal Opportunities Plan 2022–2025: Follow-up 2023"
    text = "".join(page.extract_text() for page in pdf.pages[:3])
    assert "Helsingborgs stad" in text and "00488/2023" in text


def test_examples_not_yet_approved_count_in_the_figures_but_stay_out_of_the_appendix(client_for):
    report = MeasureReport.objects.filter(submission__round__identifier=PUBLISHED, examples__isnull=False).first()
    left_out = set(report.examples.values_list("title", flat=True))
    MeasureReport.objects.filter(pk=report.pk).update(review_state="pending")
    html = client_for("hbg-agare").get(f"/reports/{PUBLISHED}/").content.decode()
    assert html.count("<h5>") == 39 - len(left_out)
    assert f"{len(left_out)} inskickade exempel är inte godkända än" in html
    assert "med 39 exempel" in html


def test_a_published_report_is_public_and_nothing_else_is(client_for):
    anonymous = client_for(None)
    listing = anonymous.get("/helsingborg/reports/").content.decode()
    assert PUBLISHED in listing and OPEN not in listing
    assert anonymous.get(f"/helsingborg/reports/{PUBLISHED}/").status_code == 200
    assert anonymous.get(f"/helsingborg/reports/{OPEN}/").status_code == 404
    assert anonymous.get(f"/helsingborg/reports/{OPEN}/report.pdf").status_code == 404
    assert anonymous.get(f"/halmstad/reports/{PUBLISHED}/").status_code == 404  # not Halmstad's
    docx_file = anonymous.get(f"/helsingborg/reports/{PUBLISHED}/report.docx")
    assert docx_file.status_code == 200 and docx_file.content[:2] == b"PK"


def test_unpublishing_a_round_takes_its_report_off_the_public_pages(client_for):
    FollowUpRound.objects.filter(identifier=PUBLISHED).update(state="closed")
    assert client_for(None).get(f"/helsingborg/reports/{PUBLISHED}/").status_code == 404


def test_the_command_writes_each_format_with_progress(tmp_path):
    for file_format in ("docx", "html"):
        out = tmp_path / f"report.{file_format}"
        err = io.StringIO()
        call_command("report", PUBLISHED, "--format", file_format, "--out", str(out), stderr=err)
        assert out.stat().st_size > 10_000
        assert "report: collecting the figures" in err.getvalue() and f"report: wrote {out}" in err.getvalue()
    assert "<h1>Plan för lika möjligheter 2022–2025: Uppföljning 2023</h1>" in (tmp_path / "report.html").read_text()


def test_the_command_names_what_is_wrong():
    with pytest.raises(CommandError, match="no round or programme 'nope'; the rounds are: .*helsingborg-lika-2023"):
        call_command("report", "nope", "--format", "pdf", "--out", "x.pdf")
    with pytest.raises(CommandError, match="a PDF file needs --out FILE"):
        call_command("report", PUBLISHED, "--format", "pdf")


def test_texts_round_trip_through_the_file_and_a_broken_file_changes_nothing(tmp_path):
    report = RoundReport.objects.get(round__identifier=PUBLISHED)
    text = export_texts(report)
    demo_file = (DEMO / "helsingborg-uppfoljning-2023-rapporttexter.yaml").read_text(encoding="utf-8")
    assert "\nversion: v1." in text  # the version it was saved at (docs/report-texts.md); the demo file has none
    unversioned = "\n".join(line for line in text.split("\n") if not line.startswith("version: "))
    assert unversioned.split("\nformat:", 1)[1] == demo_file.split("\nformat:", 1)[1]  # the same texts, byte for byte
    before = report.conclusions
    broken = text.replace("format: lika-report-texts/1", "format: lika-report-texts/9").replace("conclusions:", "slutsats:")
    with pytest.raises(FileProblems) as problem:
        import_texts(broken, "texter.yaml")
    lines = "\n".join(problem.value.lines())
    assert "texter.yaml:2: format: expected 'lika-report-texts/1'" in lines
    assert "sections.slutsats: unknown field" in lines
    report.refresh_from_db()
    assert report.conclusions == before


def test_the_public_report_page_shows_edited_texts_at_once_though_it_is_cached(client_for):
    anonymous = client_for(None)
    first = anonymous.get(f"/helsingborg/reports/{PUBLISHED}/").content.decode()
    assert "Beredningen för livskvalitet är politisk referensgrupp" in first
    texts = RoundReport.objects.get(round__identifier=PUBLISHED)
    texts.conclusions = "Ändrad slutsats efter publiceringen."
    texts.save()
    again = anonymous.get(f"/helsingborg/reports/{PUBLISHED}/").content.decode()
    assert "Ändrad slutsats efter publiceringen." in again
    english = anonymous.get(f"/en/helsingborg/reports/{PUBLISHED}/").content.decode()
    assert "Figure 1. Examples per measure" in english  # each language its own page
