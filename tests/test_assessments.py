"""Impact assessments as the case officer, the plan owner, the analyst and the public meet them."""

import datetime
import io

import pytest
from conftest import EOP
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from docx import Document

from lika.assessments import actions
from lika.assessments.demo import ensure_demo_assessments
from lika.assessments.models import Assessment, AssessmentState, TemplateVersion
from lika.organisations.access import access_for
from lika.organisations.demo_users import DEMO_PASSWORD
from lika.organisations.models import Membership, Municipality, OrganisationUnit, Role

pytestmark = pytest.mark.django_db
OFFICER = "hbg-handlaggare"
MEASURE_2 = f"/helsingborg/documents/{EOP}/nodes/2/"


@pytest.fixture
def demo():
    ensure_demo_assessments()
    return {a.title: a for a in Assessment.objects.all()}


def start(client, template="barnets_basta", case_number="02345/2026", **extra):
    unit = OrganisationUnit.objects.get(key="stadsbyggnadsforvaltningen")
    data = {
        "template": template,
        "title": "Detaljplan för Oceanhamnen, etapp 5",
        "case_number": case_number,
        "unit": unit.pk,
        "decision_body": "Stadsbyggnadsnämnden",
        "decision_date": "2026-03-19",
        "language": "sv",
        "measure": actions.settings_for(Municipality.objects.get(slug="helsingborg")).default_measure_id or "",
        **extra,
    }
    return client.post("/assessments/new/", data)


def step_form(client, pk, step):
    """The step's form as a browser would send it back unchanged: the version it was read at."""
    page = client.get(f"/assessments/{pk}/steps/{step}/").content.decode()
    return hidden_fields(page)


def hidden_fields(page: str) -> dict:
    """Every field of the step's form as the browser sends it back (the version and the answers shown)."""
    from tests.concurrency_load import form_fields

    return form_fields(page)


def answer(client, pk, step, answers, *, base=None):
    data = dict(base if base is not None else step_form(client, pk, step))
    for key, value in answers.items():
        data[key.replace(".", "__")] = value
    return client.post(f"/assessments/{pk}/steps/{step}/", data)


CHILD_ANSWERS = {
    "screening": {"screening.affects_children": "yes", "screening.which_children": "Barn som går till skolan i Oceanhamnen."},
    "rights": {"rights.articles": ["article_2", "article_3", "article_12"], "rights.rights_description": "Trygga skolvägar."},
    "evidence": {
        "evidence.knowledge": "Stadens BKA-modell och trafikräkningar.",
        "evidence.children_heard": "yes",
        "evidence.how_heard": "Planpromenader med 30 gymnasieelever.",
    },
    "weighing": {
        "weighing.alternatives": "Två gatusträckningar.",
        "weighing.weighing": "Barnens trygghet vägdes mot parkeringsplatser; barnens trygghet vägde tyngst.",
    },
}


def test_a_case_officer_completes_a_child_impact_assessment_and_the_plan_owner_sees_it_counted_for_measure_2(client_for, demo):
    officer = client_for(OFFICER)
    assert '<a href="/assessments/">Konsekvensanalyser</a>' in officer.get("/").content.decode()
    assert '<a href="/en/assessments/">Impact assessments</a>' in officer.get("/en/").content.decode()
    assert "/assessments/" not in client_for("hbg-kultur").get("/").content.decode()  # a reporter has no use for it
    response = start(officer)
    assert response.status_code == 302
    assessment = Assessment.objects.get(case_number="02345/2026")
    assert assessment.measure.code == "2" and assessment.state == AssessmentState.DRAFT
    pk = assessment.pk
    for step, answers in CHILD_ANSWERS.items():
        response = answer(officer, pk, step, answers)
        assert response.status_code == 302, response.content.decode()[:2000]
    response = officer.post(f"/assessments/{pk}/complete/")
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.COMPLETED

    docx = officer.get(f"/assessments/{pk}/section.docx?language=sv")
    assert docx["Content-Disposition"] == 'attachment; filename="konsekvenser-02345-2026.docx"'
    texts = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    assert "Konsekvenser för barn" in texts
    assert "Planpromenader med 30 gymnasieelever." in texts
    english = Document(io.BytesIO(officer.get(f"/assessments/{pk}/section.docx?language=en").content))
    assert "Consequences for children" in [p.text for p in english.paragraphs]

    owner = client_for("hbg-agare")
    page = owner.get(MEASURE_2).content.decode()
    assert "Konsekvensanalyser för åtgärd 2" in page
    assert "Impact assessments for measure 2" in owner.get(f"/en{MEASURE_2}").content.decode()
    assert "Konsekvensanalyser för åtgärd 2" not in client_for("hbg-kultur").get(MEASURE_2).content.decode()
    counts = owner.get("/en/assessments/follow-up/units.csv").content.decode("utf-8-sig").splitlines()
    assert counts[0].startswith("Unit,Year,Decisions with an assessment")
    assert "Urban Planning and Technical Services Department,2026,1,0,1,0,0,0 %" in counts
    assert "Urban Planning and Technical Services Department,2025,3,1,1,1,1,33 %" in counts


def test_completing_with_answers_missing_lists_every_one_of_them(client_for, demo):
    officer = client_for(OFFICER)
    start(officer, template="lika_mojligheter")
    pk = Assessment.objects.get(case_number="02345/2026").pk
    answer(officer, pk, "screening", {"screening.affects_residents": "yes"})
    response = officer.post(f"/en/assessments/{pk}/complete/")
    assert response.status_code == 400
    page = response.content.decode()
    assert "18 required answers are missing" in page
    for text in ("Does the matter affect staff?", "Which groups are affected, and how?", "Age: Is there a risk?", "How and when will the consequences be followed up?"):
        assert text in page.replace("&#x27;", "'").replace(" – ", ": ")
    assert f'href="/en/assessments/{pk}/steps/grounds/#q-grounds-age-risk"' in page
    assert Assessment.objects.get(pk=pk).state == AssessmentState.DRAFT


def test_a_case_number_in_the_wrong_format_is_refused_with_the_expected_format(client_for, demo):
    response = start(client_for(OFFICER), case_number="2026-345")
    page = response.content.decode()
    assert response.status_code == 200
    assert "2026-345" in page and "00488/2023" in page
    assert not Assessment.objects.filter(case_number="2026-345").exists()


def test_two_people_saving_the_same_answer_the_second_is_told_and_nothing_is_lost(client_for, demo):
    User = get_user_model()
    colleague = User.objects.create_user("hbg-handlaggare-2", password=DEMO_PASSWORD, first_name="Kim", last_name="Kollega")
    municipality = Municipality.objects.get(slug="helsingborg")
    unit = OrganisationUnit.objects.get(key="stadsbyggnadsforvaltningen")
    Membership.objects.create(user=colleague, municipality=municipality, role=Role.CASE_OFFICER, unit=unit)
    first, second = client_for(OFFICER), client_for("hbg-handlaggare-2")
    start(first)
    pk = Assessment.objects.get(case_number="02345/2026").pk
    form_first = step_form(first, pk, "screening")
    form_second = step_form(second, pk, "screening")
    assert answer(first, pk, "screening", {"screening.which_children": "Skolbarn."}, base=form_first).status_code == 302
    response = answer(
        second, pk, "screening", {"screening.which_children": "Förskolebarn.", "screening.affects_children": "yes"}, base=form_second
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Hedda Handläggare" in page and "Skolbarn." in page and "Förskolebarn." in page
    values = actions.answer_values(Assessment.objects.get(pk=pk))
    assert values["screening.which_children"] == "Skolbarn."  # not overwritten silently
    assert "screening.affects_children" not in values  # nothing of the stale save is written...
    assert 'value="yes" checked' in page  # ...and every answer of the second person stays in the form
    # Saving again from the form the conflict showed keeps the second person's answer, knowingly.
    hidden = hidden_fields(page)
    assert answer(second, pk, "screening", {"screening.which_children": "Förskolebarn.", "screening.affects_children": "yes"}, base=hidden).status_code == 302
    assert actions.answer_values(Assessment.objects.get(pk=pk))["screening.which_children"] == "Förskolebarn."
    history = first.get(f"/assessments/{pk}/history/").content.decode()
    assert "Skolbarn." in history and "Förskolebarn." in history and "Kim Kollega" in history


def test_marking_as_not_relevant_needs_a_reason_and_counts_as_screened_out(client_for, demo):
    officer = client_for(OFFICER)
    start(officer, template="jamstalldhet_3r")
    pk = Assessment.objects.get(case_number="02345/2026").pk
    response = officer.post(f"/en/assessments/{pk}/not-relevant/", {"reason": "  "})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert Assessment.objects.get(pk=pk).state == AssessmentState.DRAFT
    officer.post(f"/assessments/{pk}/not-relevant/", {"reason": "Ärendet gäller bara ett tekniskt avtal."})
    assessment = Assessment.objects.get(pk=pk)
    assert assessment.state == AssessmentState.SCREENED_OUT
    section = officer.get(f"/en/assessments/{pk}/section/?language=en").content.decode()
    assert "not considered relevant" in section and "Ärendet gäller bara ett tekniskt avtal." in section
    rows = client_for("hbg-analytiker").get("/assessments/follow-up/units.csv").content.decode("utf-8-sig").splitlines()
    assert any(row.startswith("Stadsbyggnadsförvaltningen,2026,1,0,0,1,1,100 %") for row in rows)


def test_only_the_units_case_officers_and_plan_owners_edit_others_read_or_see_nothing(client_for, demo):
    draft = demo["Detaljplan för Oceanhamnen, etapp 4"]
    step = f"/assessments/{draft.pk}/steps/screening/"
    assert client_for(OFFICER).get(step).status_code == 200
    assert client_for("hbg-agare").get(step).status_code == 200
    analyst = client_for("hbg-analytiker")
    assert analyst.get(f"/assessments/{draft.pk}/").status_code == 200
    assert analyst.get(step).status_code == 404
    assert analyst.post(step, {"screening__which_children": "x"}).status_code == 404
    assert client_for("hbg-soc").get(f"/assessments/{draft.pk}/").status_code == 404  # a reporter
    assert client_for("hbg-soc").get("/assessments/").status_code == 404
    assert client_for("hst-agare").get(f"/assessments/{draft.pk}/").status_code == 404  # another municipality
    # A case officer at another unit sees neither the assessment nor it in the list.
    User = get_user_model()
    other = User.objects.create_user("soc-handlaggare", password=DEMO_PASSWORD)
    Membership.objects.create(
        user=other,
        municipality=Municipality.objects.get(slug="helsingborg"),
        role=Role.CASE_OFFICER,
        unit=OrganisationUnit.objects.get(key="socialforvaltningen"),
    )
    stranger = client_for("soc-handlaggare")
    assert stranger.get(f"/assessments/{draft.pk}/").status_code == 404
    assert "Oceanhamnen" not in stranger.get("/assessments/").content.decode()
    # ... and cannot start one for Stadsbyggnadsförvaltningen by editing the form.
    response = start(stranger)
    assert response.status_code == 200 and not Assessment.objects.filter(case_number="02345/2026").exists()


def test_a_unit_from_another_municipality_is_refused(demo):
    officer = get_user_model().objects.get(username=OFFICER)
    helsingborg = Municipality.objects.get(slug="helsingborg")
    halmstad_unit = OrganisationUnit.objects.filter(municipality__slug="halmstad").first()
    version = actions.current_versions(helsingborg)[0]
    details = actions.MatterDetails("X", "01111/2026", halmstad_unit, "KS", "2026-01-01", "sv", None)
    with translation.override("en"), pytest.raises(actions.ActionRefused, match="The unit belongs to another municipality"):
        actions.start(access_for(officer), helsingborg, version, details, officer)


def test_the_public_sees_only_published_assessments_without_the_names_of_those_who_wrote_them(client, demo):
    published = demo["Detaljplan för Oceanhamnen, etapp 3"]
    internal = demo["Ombyggnad av busshållplatsen vid Knutpunkten"]
    draft = demo["Detaljplan för Oceanhamnen, etapp 4"]
    listing = client.get("/helsingborg/assessments/").content.decode()
    assert "etapp 3" in listing and "Knutpunkten" not in listing and "etapp 4" not in listing
    page = client.get(f"/helsingborg/assessments/{published.pk}/").content.decode()
    assert "Konsekvenser för barn" in page and "planpromenader" in page
    assert "Hedda" not in page and "Handläggare" not in page and "section.docx" not in page
    assert client.get(f"/helsingborg/assessments/{internal.pk}/").status_code == 404
    assert client.get(f"/helsingborg/assessments/{draft.pk}/").status_code == 404
    assert client.get(f"/halmstad/assessments/{published.pk}/").status_code == 404
    assert client.get(f"/assessments/{published.pk}/").status_code == 302  # internal page: log in first


def test_reopening_unpublishes_and_a_draft_cannot_be_published(client_for, demo):
    officer = client_for(OFFICER)
    published = demo["Detaljplan för Oceanhamnen, etapp 3"]
    officer.post(f"/assessments/{published.pk}/reopen/")
    published.refresh_from_db()
    assert published.state == AssessmentState.DRAFT and not published.published
    officer.post(f"/assessments/{published.pk}/publish/", {"published": "1"})
    published.refresh_from_db()
    assert not published.published


def test_the_plan_owner_edits_a_template_as_a_new_version_and_started_assessments_keep_theirs(client_for, demo):
    owner = client_for("hbg-agare")
    draft = demo["Detaljplan för Oceanhamnen, etapp 4"]
    version = TemplateVersion.objects.filter(template__key="barnets_basta", template__municipality__slug="helsingborg").get()
    changed = version.source.replace("Har barn fått komma till tals?", "Har barn och unga fått komma till tals?")
    url = "/assessments/templates/barnets_basta/"
    response = owner.post(url, {**hidden_fields(owner.get(url).content.decode()), "source": changed})
    assert response.status_code == 302
    newest = TemplateVersion.objects.filter(template__key="barnets_basta", template__municipality__slug="helsingborg").order_by("-number").first()
    assert newest.number == 2
    draft.refresh_from_db()
    assert draft.template_version_id == version.pk
    assert "Har barn fått komma till tals?" in owner.get(f"/assessments/{draft.pk}/steps/evidence/").content.decode()
    started = start(client_for(OFFICER))
    assert started.status_code == 302
    assert Assessment.objects.get(case_number="02345/2026").template_version_id == newest.pk
    # A broken file changes nothing and says where it is wrong.
    response = owner.post(
        f"/en{url}", {**hidden_fields(owner.get(url).content.decode()), "source": changed.replace("type: yes_no\n", "type: yesno\n", 1)}
    )
    assert response.status_code == 400
    assert "barnets_basta.yaml:" in response.content.decode() and "must be one of text" in response.content.decode()
    assert TemplateVersion.objects.filter(template__key="barnets_basta", template__municipality__slug="helsingborg").count() == 2
    # Others may read the template but not change it.
    officer = client_for(OFFICER)
    assert officer.get("/assessments/templates/barnets_basta/").status_code == 200
    assert officer.post("/assessments/templates/barnets_basta/", {"source": changed}).status_code == 404


def test_the_command_line_writes_the_section_counts_and_checks_template_files(demo, tmp_path, capsys):
    published = demo["Detaljplan för Oceanhamnen, etapp 3"]
    out = tmp_path / "bka.docx"
    call_command("assessments", "section", str(published.pk), "--format", "docx", "--out", str(out), "--language", "en")
    assert "Consequences for children" in [p.text for p in Document(str(out)).paragraphs]
    html = tmp_path / "bka.html"
    call_command("assessments", "section", str(published.pk), "--format", "html", "--out", str(html))
    assert '<html lang="sv">' in html.read_text(encoding="utf-8")
    call_command("assessments", "summary", "--municipality", "helsingborg", "--format", "json", "--language", "en")
    printed = capsys.readouterr().out
    assert '"Decisions with an assessment": 3' in printed
    broken = tmp_path / "broken.yaml"
    broken.write_text("key: x\nkind: nonsense\n", encoding="utf-8")
    with pytest.raises(CommandError, match="broken.yaml:2: kind: must be one of"):
        call_command("assessments", "template", "import", str(broken), "--municipality", "helsingborg")


def test_the_list_and_the_follow_up_need_the_same_number_of_queries_for_many_assessments(client_for, demo):
    owner = client_for("hbg-agare")

    def count(path):
        with CaptureQueriesContext(connection) as queries:
            assert owner.get(path).status_code == 200
        return len(queries)

    before = {path: count(path) for path in ("/assessments/", "/assessments/follow-up/", MEASURE_2)}
    officer = get_user_model().objects.get(username=OFFICER)
    access = access_for(officer)
    helsingborg = Municipality.objects.get(slug="helsingborg")
    unit = OrganisationUnit.objects.get(key="stadsbyggnadsforvaltningen")
    version = actions.current_versions(helsingborg)[0]
    measure = actions.settings_for(helsingborg).default_measure
    for n in range(15):
        details = actions.MatterDetails(f"Ärende {n}", f"0{n + 3000}/2026", unit, "SBN", "2026-02-01", "sv", measure)
        made = actions.start(access, helsingborg, version, details, officer)
        actions.screen_out(access, made, "Inte relevant.", officer)
    after = {path: count(path) for path in before}
    assert after == before


def test_the_rounds_analysis_counts_the_assessments_decided_in_its_period(client_for, demo):
    from django.utils import timezone

    from lika.followup.demo import ensure_demo_rounds

    ensure_demo_rounds(timezone.localdate())
    page = client_for("hbg-agare").get("/en/followup/helsingborg-lika-2025/analysis/").content.decode()
    assert "Impact assessments of decisions" in page
    assert "serving the plan&#x27;s measures (2)" in page or "serving the plan's measures (2)" in page
    assert "Urban Planning and Technical Services Department" in page.split("Impact assessments of decisions")[1].split("</table>")[0]
    assert "Impact assessments of decisions" not in client_for("hbg-kultur").get("/en/followup/helsingborg-lika-2025/analysis/").content.decode()


def test_the_municipalitys_public_page_links_to_the_published_assessments(client):
    page = client.get("/helsingborg/").content.decode()
    assert 'href="/helsingborg/assessments/"' in page


def test_an_analyst_is_not_offered_to_start_an_assessment(client_for, demo):
    analyst = client_for("hbg-analytiker")
    response = analyst.get("/assessments/templates/barnets_basta/")
    assert response.status_code == 200 and "/assessments/new/" not in response.content.decode()
    assert "/assessments/new/" not in analyst.get("/assessments/").content.decode()
    assert analyst.get("/assessments/new/").status_code == 404
    assert "/assessments/new/" in client_for(OFFICER).get("/assessments/templates/barnets_basta/").content.decode()


def test_a_units_report_on_the_measure_tells_how_many_of_its_decisions_had_an_assessment(demo):
    from django.template import Context, Template

    from lika.followup.models import FollowUpRound
    from lika.plans.models import Node

    round_ = FollowUpRound(period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 12, 31))
    unit = OrganisationUnit.objects.get(key="stadsbyggnadsforvaltningen")
    measure = Node.objects.get(document__identifier=EOP, code="2")
    template = Template("{% load lika_assessments %}{% unit_measure_assessments round unit measure %}")
    with translation.override("en"):
        shown = template.render(Context({"round": round_, "unit": unit, "measure": measure}))
        assert "Between 2025-01-01 and 2025-12-31, 3 decisions of the unit had an impact assessment serving measure 2 (1 screened out" in shown
        other = OrganisationUnit.objects.get(key="socialforvaltningen")
        assert template.render(Context({"round": round_, "unit": other, "measure": measure})).strip() == ""
