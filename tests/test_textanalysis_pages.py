"""The business-plan analysis pages: upload, scorecard, units × themes, vocabulary, as each persona sees them."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from lika.organisations.models import Municipality, OrganisationUnit
from lika.textanalysis.demo import ensure_demo_business_plans
from lika.textanalysis.models import BusinessPlan, PlanVocabulary, ThemeScore
from tests.concurrency_load import post_form

GOOD_2025 = (
    "Verksamhetsplan 2025\n\nVi ska förebygga diskriminering och arbeta för lika möjligheter i alla verksamheter.\n\n"
    "All statistik ska vara könsuppdelad och analyseras utifrån kön och ålder.\n\f"
    "Barnkonventionen är lag och barnets bästa ska utredas i varje ärende.\n\nDiskrimineringsgrunderna ska finnas med i analysen.\n"
)


@pytest.fixture
def demo_plans(db):
    list(ensure_demo_business_plans())
    return BusinessPlan.objects.filter(municipality__slug="helsingborg")


def _unit(key):
    return OrganisationUnit.objects.get(municipality__slug="helsingborg", key=key)


def _docx_bytes(paragraphs):
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_only_analysts_and_plan_owners_reach_the_pages(client_for, demo_plans):
    plan = demo_plans.first()
    for user in ("hbg-analytiker", "hbg-agare"):
        assert client_for(user).get("/business-plans/").status_code == 200, user
        assert client_for(user).get(f"/business-plans/plans/{plan.pk}/").status_code == 200, user
    for user in ("hbg-soc", "hbg-lasare", "hbg-samordnare"):
        assert client_for(user).get("/business-plans/").status_code == 404, user
    assert client_for(None).get("/business-plans/").status_code == 302
    # Halmstad's plan owner may analyse Halmstad's plans, never Helsingborg's.
    assert client_for("hst-agare").get(f"/business-plans/plans/{plan.pk}/").status_code == 404
    assert 'href="/business-plans/"' in client_for("hbg-analytiker").get("/").content.decode()
    assert 'href="/business-plans/"' not in client_for("hbg-soc").get("/").content.decode()


def test_a_batch_upload_keeps_the_good_files_and_names_each_bad_one(client_for, db):
    client = client_for("hbg-analytiker")
    encrypted = _encrypted_pdf()
    response = client.post(
        "/en/business-plans/upload/",
        {
            "year": 2025,
            "file_1": SimpleUploadedFile("plan.txt", GOOD_2025.encode()),
            "unit_1": str(_unit("socialforvaltningen").pk),
            "file_2": SimpleUploadedFile("kultur.docx", b"PK\x03\x04 not really a zip"),
            "unit_2": str(_unit("kulturforvaltningen").pk),
            "file_3": SimpleUploadedFile("scan.pdf", encrypted),
            "unit_3": str(_unit("miljoforvaltningen").pk),
            "more": [
                SimpleUploadedFile("stadsbyggnadsforvaltningen-2025.docx", _docx_bytes(["Vi genomför medborgardialoger så att de boende får påverka utformningen."])),
                SimpleUploadedFile("okand-enhet.txt", b"Text om lika m\xc3\xb6jligheter."),
            ],
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "kultur.docx</strong>: The Word document (DOCX) is corrupt" in html
    assert "scan.pdf</strong>: The PDF is encrypted with a password" in html
    assert "okand-enhet.txt</strong>: No unit chosen, and none could be recognised from the file name." in html
    stored = {p.unit.key: p for p in BusinessPlan.objects.filter(year=2025).select_related("unit")}
    assert set(stored) == {"socialforvaltningen", "stadsbyggnadsforvaltningen"}
    assert stored["socialforvaltningen"].page_count == 2
    scores = {s.theme: s.status for s in stored["socialforvaltningen"].scores.all()}
    assert scores["discrimination"] == "present" and scores["childrens_rights"] == "mentioned" and scores["accessibility"] == "absent"
    assert stored["stadsbyggnadsforvaltningen"].file_type == "docx"


def test_uploading_again_replaces_the_plan_for_that_unit_and_year(client_for, db):
    client = client_for("hbg-agare")
    unit = _unit("socialforvaltningen")
    for text in (GOOD_2025, "Vi ska korta handläggningstiderna."):
        response = client.post("/business-plans/upload/", {"year": 2024, "file_1": SimpleUploadedFile("p.txt", text.encode()), "unit_1": str(unit.pk)})
        assert response.status_code == 302
    plans = BusinessPlan.objects.filter(unit=unit, year=2024)
    assert plans.count() == 1
    assert ThemeScore.objects.filter(plan=plans.get(), passages__gt=0).count() == 0


def test_files_over_the_limit_are_refused_before_they_are_read(client_for, db, settings):
    settings.LIKA_BUSINESS_PLAN_MAX_BYTES = 1000
    response = client_for("hbg-analytiker").post(
        "/en/business-plans/upload/",
        {"year": 2025, "file_1": SimpleUploadedFile("big.txt", b"lika " * 400), "unit_1": str(_unit("socialforvaltningen").pk)},
    )
    assert "big.txt</strong>: The file is 0.0 MB; the limit is 0 MB." in response.content.decode() or "big.txt</strong>: The file is" in response.content.decode()
    assert not BusinessPlan.objects.filter(year=2025).exists()


def test_the_scorecard_quotes_passages_with_pages_and_highlights_the_words(client_for, demo_plans):
    plan = demo_plans.get(year=2025, unit__key="socialforvaltningen")
    html = client_for("hbg-analytiker").get(f"/en/business-plans/plans/{plan.pk}/").content.decode()
    assert "<h1>" in html and html.count("<h1") == 1
    assert "<mark>Barnkonventionen</mark>" in html
    assert "Page 2" in html  # the children's-rights passages are on page 2
    assert 'Matched: <span lang="sv">barnets bästa, barnkonventionen, barnrättsbaserat</span>' in html
    assert "<mark>komma till tals</mark>" not in html.split('id="theme-childrens_rights"')[1].split("</section>")[0]
    assert '<q lang="sv"><mark>Barnkonventionen</mark>' in html
    assert "Children&#x27;s rights" in html or "Children's rights" in html


def test_units_by_themes_shows_the_change_from_the_year_before(client_for, demo_plans, django_assert_max_num_queries):
    client = client_for("hbg-analytiker")
    client.get("/")
    with django_assert_max_num_queries(11):
        html = client.get("/en/business-plans/years/2025/").content.decode()
    assert "newly present" in html and "Culture Department" in html
    # More plans must not mean more queries: the same bound with two more units.
    for key in ("miljoforvaltningen", "arbetsmarknadsforvaltningen"):
        client.post("/business-plans/upload/", {"year": 2025, "file_1": SimpleUploadedFile("m.txt", GOOD_2025.encode()), "unit_1": str(_unit(key).pk)})
    with django_assert_max_num_queries(11):
        html = client.get("/en/business-plans/years/2025/").content.decode()
    assert _unit("miljoforvaltningen").name in html and _unit("arbetsmarknadsforvaltningen").name in html


def test_the_table_downloads_as_csv_and_xlsx(client_for, demo_plans):
    client = client_for("hbg-analytiker")
    csv_text = client.get("/en/business-plans/years/2025/table.csv").content.decode("utf-8-sig")
    header = csv_text.splitlines()[0]
    assert header == "Unit,Theme,Passages,Status,Passages 2023,Status 2023,Change"
    assert "Culture Department,Accessibility," in csv_text
    rows = list(load_workbook(io.BytesIO(client.get("/en/business-plans/years/2025/table.xlsx").content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Unit" and len(rows) == 1 + 4 * 20


def test_plan_owners_edit_the_vocabulary_and_plans_are_read_again(client_for, demo_plans):
    owner = client_for("hbg-agare")
    page = owner.get("/en/business-plans/vocabulary/").content.decode()
    assert "textarea" in page and "diskrimin*" in page
    assert "textarea" not in client_for("hbg-analytiker").get("/en/business-plans/vocabulary/").content.decode()
    assert client_for("hbg-analytiker").post("/en/business-plans/vocabulary/", {"text": "x"}).status_code == 404
    bad = owner.post("/en/business-plans/vocabulary/", {"text": "themes:\n  - key: Bad Key\n    name: {sv: X}\n"}).content.decode()
    assert "vocabulary.yaml:2: themes[0].key: must be lower-case letters" in bad
    assert not PlanVocabulary.objects.exists()
    text = "themes:\n  - key: barnen\n    name: {sv: Barnen, en: The children}\n    terms:\n      sv: [barn]\n"
    response = post_form(owner, "/en/business-plans/vocabulary/", {"text": text})
    assert response.status_code == 302
    vocabulary = PlanVocabulary.objects.get()
    assert vocabulary.version == 1
    plan = demo_plans.get(year=2025, unit__key="socialforvaltningen")
    assert set(plan.scores.values_list("theme", flat=True)) == {"barnen"}
    assert plan.scores.get().status == "present"
    owner.post("/en/business-plans/vocabulary/", {"reset": "1"})
    assert plan.scores.count() == 20 and PlanVocabulary.objects.get().version == 2


def test_deleting_a_plan(client_for, demo_plans):
    plan = demo_plans.get(year=2023, unit__key="kulturforvaltningen")
    assert client_for("hbg-lasare").post(f"/business-plans/plans/{plan.pk}/delete/").status_code == 404
    assert client_for("hbg-analytiker").post(f"/business-plans/plans/{plan.pk}/delete/").status_code == 302
    assert not BusinessPlan.objects.filter(pk=plan.pk).exists()


def test_the_index_does_not_query_per_plan(client_for, demo_plans, django_assert_max_num_queries):
    client = client_for("hbg-analytiker")
    client.get("/")
    with django_assert_max_num_queries(10):
        html = client.get("/en/business-plans/?year=2025").content.decode()
    assert "Social Services Department" in html and "Health and Social Care Department" in html


def test_loading_the_demo_plans_twice_changes_nothing(demo_plans):
    count = demo_plans.count()
    assert count == 8
    assert list(ensure_demo_business_plans()) == [
        "business plans of Helsingborgs stad are already loaded",
        "business plans of Halmstads kommun are already loaded",
    ]
    assert demo_plans.count() == count


def _encrypted_pdf():
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("hemligt", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_follow_up_report_includes_the_business_plan_summary(demo_plans):
    from django.utils import translation

    from lika.textanalysis.summary import report_figures

    municipality = Municipality.objects.get(slug="helsingborg")
    with translation.override("en"):
        found = report_figures(municipality, 2025, "en")
    assert found.year == 2025
    assert found.sentences[0] == "4 business plans for 2025 were read."
    assert any(sentence.startswith("Present in more plans than in 2023:") for sentence in found.sentences)
    assert found.coverage.columns == ["Theme", "Present", "Mentioned in passing", "Absent", "Present 2023"]
    assert len(found.coverage.rows) == 20 and "<svg" in found.figure.svg
    assert report_figures(municipality, 2019, "en") is None


def test_a_large_batch_is_read_by_the_worker_with_progress_and_the_outcome_on_the_job_page(client_for, db):
    from django.core.management import call_command

    from lika.jobs.models import Job

    client = client_for("hbg-analytiker")
    more = [
        SimpleUploadedFile("socialforvaltningen-2025.txt", GOOD_2025.encode()),
        SimpleUploadedFile("kulturforvaltningen-2025.txt", GOOD_2025.encode()),
        SimpleUploadedFile("miljoforvaltningen-2025.docx", b"PK\x03\x04 not really a zip"),
        *[SimpleUploadedFile(f"okand-{n}.txt", b"Text om lika m\xc3\xb6jligheter.") for n in range(4)],
    ]
    response = client.post("/business-plans/upload/", {"year": 2025, "more": more}, follow=True)
    html = response.content.decode()
    job = Job.objects.get(name="textanalysis.store_plans")
    assert response.redirect_chain[-1][0] == f"/jobs/{job.pk}/"
    assert "De 7 filerna läses i bakgrunden" in html and "I kö" in html and "Ingen bakgrundsprocess körs" in html
    assert not BusinessPlan.objects.filter(year=2025).exists()  # nothing is read in the request
    # The job's box follows the job without a reload (static/lika/job-progress.js), until it is finished.
    assert 'data-job-state data-finished="false" aria-live="polite"' in html and "lika/job-progress" in html
    call_command("worker", "--batch", verbosity=0)
    job.refresh_from_db()
    assert (job.state, job.progress, job.owner.username) == ("done", 100, "hbg-analytiker")
    html = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "2 planer lästa och sparade." in html and 'data-finished="true"' in html
    assert "miljoforvaltningen-2025.docx: Word-dokumentet (DOCX) är skadat" in html
    assert "okand-3.txt: Ingen verksamhet vald" in html
    assert {p.unit.key for p in BusinessPlan.objects.filter(year=2025)} == {"socialforvaltningen", "kulturforvaltningen"}
    from django.core.files.storage import default_storage

    assert not default_storage.exists(job.kwargs["files"][0]["path"])  # the kept uploads are gone


def test_the_import_command_shows_its_progress(db, tmp_path):
    from django.core.management import CommandError, call_command

    for key in ("socialforvaltningen", "kulturforvaltningen", "miljoforvaltningen", "stadsbyggnadsforvaltningen", "okand-enhet"):
        (tmp_path / f"{key}-2024.txt").write_text(GOOD_2025, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 of 5 files were not stored"):
        call_command("businessplans", "import", str(tmp_path), "--year", "2024", "--municipality", "helsingborg", "--workers", "1", stdout=out, stderr=err)
    assert " 80 % 4 of 5 files read" in err.getvalue() and "100 % 5 of 5 files read" in err.getvalue()
    assert "socialforvaltningen-2024.txt: stored as socialforvaltningen 2024" in out.getvalue()
    assert "okand-enhet-2024.txt: not stored: No unit chosen" in out.getvalue()
