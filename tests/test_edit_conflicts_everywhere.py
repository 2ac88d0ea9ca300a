"""The same conflict check on every form that edits an existing record, and the conflict page's choices.

Each case is a form a user edits: the report texts, a node of a draft revision, the plan's
easy-to-read summary, an impact assessment's matter and one of its steps. For each: a stale
save is refused and nothing is written, a fresh save goes through, a missing or tampered
version counts as stale, a conflict page that is itself saved stale is detected again; and
on the conflict page the user keeps theirs, takes the stored text, or chooses per field,
without retyping.
"""

from dataclasses import dataclass
from typing import Callable

import pytest
from django.utils import timezone

from lika.assessments.models import Assessment
from lika.organisations.models import OrganisationUnit
from lika.plans.models import Node, SteeringDocument
from lika.reports.models import RoundReport
from lika.textanalysis.models import PlanVocabulary
from tests.concurrency_load import form_fields
from tests.conftest import EOP, HALMSTAD

pytestmark = pytest.mark.django_db
OPEN = "helsingborg-lika-2025"
NEW = "helsingborg-lika-mojligheter-2026"


@dataclass
class Case:
    user: str
    url: str
    field: str  # the posted name of a text field
    other: str  # another text field of the same form
    read: Callable[[str], str]  # the stored value of a posted field name


def _report_texts(client_for):
    from lika.followup.demo import ensure_demo_rounds

    ensure_demo_rounds(timezone.localdate())

    def read(name):
        texts = RoundReport.objects.filter(round__identifier=OPEN).first()
        return getattr(texts, name) if texts else ""

    return Case("hbg-agare", f"/reports/{OPEN}/texts/", "conclusions", "introduction", read)


def _node(client_for):
    owner = client_for("hbg-agare")
    owner.post(
        f"/helsingborg/documents/{EOP}/revise/",
        {"identifier": NEW, "title_sv": "Plan 2026–2029", "valid_from": "2026-01-01", "valid_to": "2029-12-31"},
    )
    return Case(
        "hbg-agare", f"/helsingborg/documents/{NEW}/nodes/2/edit/", "body_sv", "body_en",
        lambda name: getattr(Node.objects.get(document__identifier=NEW, code="2"), name),
    )


def _easy_read(client_for):
    return Case(
        "hst-agare", f"/halmstad/documents/{HALMSTAD}/easy-to-read/edit/", "sv", "en",
        lambda name: getattr(SteeringDocument.objects.get(identifier=HALMSTAD), f"easy_read_{name}"),
    )


def _assessment(client_for):
    from lika.assessments.demo import ensure_demo_assessments

    ensure_demo_assessments()
    unit = OrganisationUnit.objects.get(key="stadsbyggnadsforvaltningen")
    client_for("hbg-handlaggare").post("/assessments/new/", {
        "template": "barnets_basta", "title": "Detaljplan Oceanhamnen", "case_number": "02345/2026", "unit": unit.pk,
        "decision_body": "Stadsbyggnadsnämnden", "decision_date": "2026-03-19", "language": "sv",
    })
    return Assessment.objects.get(case_number="02345/2026")


def _area_easy_read(client_for):
    return Case(
        "hbg-agare", f"/helsingborg/documents/{EOP}/nodes/4.2/easy-to-read/edit/", "sv", "en",
        lambda name: getattr(Node.objects.get(document__identifier=EOP, code="4.2"), f"easy_read_{name}"),
    )


def _matter(client_for):
    pk = _assessment(client_for).pk
    return Case("hbg-handlaggare", f"/assessments/{pk}/matter/", "title", "decision_body",
                lambda name: getattr(Assessment.objects.get(pk=pk), name))


def _step(client_for):
    assessment = _assessment(client_for)

    def read(name):
        return dict(assessment.answers.values_list("key", "value")).get(name.replace("__", "."), "")

    return Case("hbg-handlaggare", f"/assessments/{assessment.pk}/steps/evidence/",
                "evidence__knowledge", "evidence__how_heard", read)


CASES = {"report texts": _report_texts, "plan node": _node, "easy to read": _easy_read, "area easy to read": _area_easy_read,
         "matter": _matter, "step": _step}


@pytest.fixture(params=list(CASES))
def case(request, client_for):
    return CASES[request.param](client_for)


def open_form(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return form_fields(response.content.decode())


def saved(response) -> bool:
    return response.status_code == 302


def refused(response) -> bool:
    return response.status_code in (200, 409) and "conflict-heading" in response.content.decode()


def two_tabs(client_for, case):
    tab_a, tab_b = client_for(case.user), client_for(case.user)
    return tab_a, tab_b, open_form(tab_a, case.url), open_form(tab_b, case.url)


def test_a_fresh_save_goes_through(client_for, case):
    tab = client_for(case.user)
    assert saved(tab.post(case.url, {**open_form(tab, case.url), case.field: "Färsk text."}))
    assert case.read(case.field) == "Färsk text."


def test_a_stale_save_is_refused_with_both_texts_and_nothing_written(client_for, case):
    tab_a, tab_b, form_a, form_b = two_tabs(client_for, case)
    assert saved(tab_a.post(case.url, {**form_a, case.field: "A skrev först."}))
    response = tab_b.post(case.url, {**form_b, case.field: "B skrev sent."})
    assert refused(response)
    page = response.content.decode()
    assert "A skrev först." in page and "B skrev sent." in page
    assert case.read(case.field) == "A skrev först."


@pytest.mark.parametrize("version", ["", "v1.forged", None])
def test_a_missing_or_tampered_version_counts_as_stale(client_for, case, version):
    tab = client_for(case.user)
    form = open_form(tab, case.url)
    before = case.read(case.field)
    if version is None:
        del form["version"]
    else:
        form["version"] = [version]
    assert refused(tab.post(case.url, {**form, case.field: "Utan giltig version."}))
    assert case.read(case.field) == before


def test_a_conflict_page_saved_stale_is_detected_again(client_for, case):
    tab_a, tab_b, form_a, form_b = two_tabs(client_for, case)
    assert saved(tab_a.post(case.url, {**form_a, case.field: "A först."}))
    conflict_page = form_fields(tab_b.post(case.url, {**form_b, case.field: "B."}).content.decode())
    assert saved(tab_a.post(case.url, {**open_form(tab_a, case.url), case.field: "A igen."}))
    assert refused(tab_b.post(case.url, conflict_page))
    assert case.read(case.field) == "A igen."


def test_changes_to_different_fields_merge_by_themselves(client_for, case):
    tab_a, tab_b, form_a, form_b = two_tabs(client_for, case)
    assert saved(tab_a.post(case.url, {**form_a, case.field: "A:s fält."}))
    assert saved(tab_b.post(case.url, {**form_b, case.other: "B:s fält."}))
    assert (case.read(case.field), case.read(case.other)) == ("A:s fält.", "B:s fält.")


def conflict_on_both_fields(client_for, case):
    """Tab A saved both fields, tab B (stale) changed both: B's conflict page, as B's browser sends it back."""
    tab_a, tab_b, form_a, form_b = two_tabs(client_for, case)
    assert saved(tab_a.post(case.url, {**form_a, case.field: "A1", case.other: "A2"}))
    response = tab_b.post(case.url, {**form_b, case.field: "B1", case.other: "B2"})
    assert refused(response)
    return tab_b, form_fields(response.content.decode())


def test_keep_mine_in_every_field(client_for, case):
    tab, page = conflict_on_both_fields(client_for, case)
    assert saved(tab.post(case.url, {**page, "conflict_all": "mine"}))
    assert (case.read(case.field), case.read(case.other)) == ("B1", "B2")


def test_take_the_stored_text_in_every_field(client_for, case):
    tab, page = conflict_on_both_fields(client_for, case)
    assert saved(tab.post(case.url, {**page, "conflict_all": "stored"}))
    assert (case.read(case.field), case.read(case.other)) == ("A1", "A2")


def test_choose_per_field_without_retyping(client_for, case):
    tab, page = conflict_on_both_fields(client_for, case)
    assert page[f"choice__{case.field}"] == ["mine"]  # keeping one's own text is the default
    assert saved(tab.post(case.url, {**page, f"choice__{case.other}": "stored"}))
    assert (case.read(case.field), case.read(case.other)) == ("B1", "A2")


def test_the_vocabulary_saved_from_a_stale_form_is_refused(client_for):
    url = "/business-plans/vocabulary/"
    tab_a, tab_b = client_for("hbg-agare"), client_for("hbg-agare")
    form_a, form_b = open_form(tab_a, url), open_form(tab_b, url)
    mine = "themes:\n  - key: barnen\n    name: {sv: Barnen}\n    terms:\n      sv: [barn]\n"
    theirs = "themes:\n  - key: unga\n    name: {sv: Unga}\n    terms:\n      sv: [ung]\n"
    assert saved(tab_a.post(url, {**form_a, "text": mine}))
    response = tab_b.post(url, {**form_b, "text": theirs})
    assert refused(response) and "key: unga" in response.content.decode()
    assert PlanVocabulary.objects.get().text.strip() == mine.strip()
    again = {name: value for name, value in form_fields(response.content.decode()).items() if name != "reset"}  # the other form's
    assert saved(tab_b.post(url, {**again, "text": theirs}))
    assert PlanVocabulary.objects.get().text.strip() == theirs.strip()


def test_a_texts_file_saved_before_a_change_in_the_web_is_refused_by_the_command(client_for, tmp_path):
    from django.core.management import CommandError, call_command

    _report_texts(client_for)
    path = tmp_path / "texter.yaml"
    call_command("report", OPEN, "--save-texts", str(path))
    assert "version: v1." in path.read_text(encoding="utf-8")
    owner = client_for("hbg-agare")
    assert saved(owner.post(f"/reports/{OPEN}/texts/", {**open_form(owner, f"/reports/{OPEN}/texts/"), "conclusions": "Från webben."}))
    path.write_text(path.read_text(encoding="utf-8").replace("conclusions: ''", "conclusions: Från filen."), encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("report", OPEN, "--load-texts", str(path))
    assert "the texts were changed in Lika since this file was saved" in str(refused.value) and "texter.yaml:5: version:" in str(refused.value)
    assert RoundReport.objects.get(round__identifier=OPEN).conclusions == "Från webben."
    # Saved again, changed and loaded: it goes through; without a version line, a file replaces the texts knowingly.
    call_command("report", OPEN, "--save-texts", str(path))
    path.write_text(path.read_text(encoding="utf-8").replace("Från webben.", "Från filen."), encoding="utf-8")
    call_command("report", OPEN, "--load-texts", str(path))
    assert RoundReport.objects.get(round__identifier=OPEN).conclusions == "Från filen."


def test_an_assessment_template_saved_from_a_stale_page_is_refused(client_for):
    from lika.assessments.demo import ensure_demo_assessments
    from lika.assessments.models import TemplateVersion

    ensure_demo_assessments()
    url = "/assessments/templates/barnets_basta/"
    tab_a, tab_b = client_for("hbg-agare"), client_for("hbg-agare")
    form_a, form_b = open_form(tab_a, url), open_form(tab_b, url)
    source = form_a["source"][0]
    theirs = source.replace("Har barn fått komma till tals?", "Har barn och unga fått komma till tals?")
    mine = source.replace("Har barn fått komma till tals?", "Har barnen hörts?")
    assert saved(tab_a.post(url, {**form_a, "source": theirs}))
    response = tab_b.post(url, {**form_b, "source": mine})
    assert refused(response) and "Har barnen hörts?" in response.content.decode()
    versions = TemplateVersion.objects.filter(template__key="barnets_basta", template__municipality__slug="helsingborg")
    assert versions.count() == 2 and "Har barn och unga" in versions.order_by("-number").first().source
    assert saved(tab_b.post(url, {**form_fields(response.content.decode()), "source": mine}))  # knowingly, as version 3
    assert "Har barnen hörts?" in versions.order_by("-number").first().source


def test_readability_targets_saved_from_a_stale_page_are_refused_and_other_kinds_merge(client_for):
    from lika.organisations.models import ReadabilityTarget

    url = "/readability/targets/"
    tab_a, tab_b = client_for("hbg-agare"), client_for("hbg-agare")
    form_a, form_b = open_form(tab_a, url), open_form(tab_b, url)
    assert saved(tab_a.post(url, {**form_a, "example": "35", "plan_text": "45"}))
    assert refused(tab_b.post(url, {**form_b, "example": "50"}))
    assert ReadabilityTarget.objects.get(municipality__slug="helsingborg", kind="example").target == 35
    assert saved(tab_b.post(url, {**form_b, "easy_read": "28"}))  # another kind: both land
    targets = dict(ReadabilityTarget.objects.filter(municipality__slug="helsingborg").values_list("kind", "target"))
    assert (targets["example"], targets["plan_text"], targets["easy_read"]) == (35, 45, 28)
