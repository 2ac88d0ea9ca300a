"""LIX wherever a public text is written, with the target the plan owner sets per kind of text."""

import pytest

from lika.lib.readability import DEFAULT_TARGETS, meets_target, readability
from lika.organisations.models import ReadabilityTarget
from tests.concurrency_load import post_form
from tests.test_assessments import demo, step_form  # noqa: F401  (fixture)
from tests.test_plan_revision import NEW, start

pytestmark = pytest.mark.django_db
TARGETS = "/readability/targets/"
HARD = (
    "Kommunstyrelsen konstaterar sammanfattningsvis att verksamhetsplaneringens uppföljningsarbete "
    "behöver vidareutvecklas, systematiseras och kvalitetssäkras genom förvaltningsövergripande samordning."
)


def test_the_target_is_met_at_or_below_it():
    easy = readability("Jag heter Anna. Jag bor i en liten stad.")
    assert meets_target(easy, 30) is True
    assert meets_target(readability(HARD), 60) is False
    assert meets_target(readability(""), 30) is None  # no figure, no verdict


def test_the_plan_owner_sets_a_target_and_the_writers_see_it(client_for):
    owner = client_for("hbg-agare")
    page = owner.get(TARGETS).content.decode()
    assert "<h1>" in page and 'value="40"' in page  # the default for examples
    data = {**DEFAULT_TARGETS, "example": 35}
    assert post_form(owner, TARGETS, data).status_code == 302
    assert ReadabilityTarget.objects.get(municipality__slug="helsingborg", kind="example").target == 35
    # Another municipality keeps the defaults.
    assert not ReadabilityTarget.objects.filter(municipality__slug="halmstad").exists()


def test_a_target_out_of_range_is_refused_and_nothing_saved(client_for):
    owner = client_for("hbg-agare")
    response = owner.post(TARGETS, {**DEFAULT_TARGETS, "example": 5, "plan_text": 50})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not ReadabilityTarget.objects.exists()


def test_only_the_plan_owner_sets_targets(client_for):
    assert client_for("hbg-samordnare").get(TARGETS).status_code == 403
    assert client_for("hbg-samordnare").post(TARGETS, DEFAULT_TARGETS).status_code == 403
    assert client_for(None).get(TARGETS).status_code == 302  # to the login page
    assert not ReadabilityTarget.objects.exists()


def test_editing_a_plan_text_shows_its_lix_level_longest_sentences_and_target(client_for):
    owner = client_for("hbg-agare")
    start(owner)
    post_form(owner, TARGETS, {**DEFAULT_TARGETS, "plan_text": 30})
    body = HARD + " Vi gör det nu. Alla hjälper till."
    html = owner.post(f"/helsingborg/documents/{NEW}/nodes/2/edit/", {"title_sv": "", "body_sv": body}).content.decode()
    assert 'id="id_body_sv_lix"' in html
    assert "mycket svår" in html or "svår" in html
    assert "Mål för plantexter" in html and "LIX 30" in html and "över målet" in html
    assert "Längsta meningarna" in html and "14 ord:" in html  # the first sentence, hand-counted


def test_an_assessment_text_answer_shows_its_lix(client_for, demo):  # noqa: F811
    draft = demo["Detaljplan för Oceanhamnen, etapp 4"]
    officer = client_for("hbg-handlaggare")
    data = step_form(officer, draft.pk, "screening")
    data["screening__which_children"] = "Barn som går till skolan. De går över gatan varje dag."
    data["save"] = "1"
    officer.post(f"/assessments/{draft.pk}/steps/screening/", data)
    html = officer.get(f"/assessments/{draft.pk}/steps/screening/").content.decode()
    assert 'id="q-screening-which-children_lix"' in html and "LIX" in html
    assert "Mål för konsekvensavsnitt" in html


def test_the_box_is_measured_again_while_typing(client_for):
    owner = client_for("hbg-agare")
    html = owner.post("/readability/measure/", {"text": "Jag heter Anna. Jag bor i en liten stad.", "kind": "easy_read"}).content.decode()
    assert "LIX" in html and "mycket lätt" in html and "uppfyller det" in html
    assert owner.post("/readability/measure/", {"text": "x", "kind": "poem"}).status_code == 400
    assert client_for(None).post("/readability/measure/", {"text": "x", "kind": "example"}).status_code == 302


def test_bad_input_gets_a_figure_with_the_reason_or_says_why_there_is_none(client_for):
    """The writer's box for the bad inputs of the issue: one 400-word sentence, no sentence marks, empty, English."""
    owner = client_for("hbg-agare")

    def box(text):
        response = owner.post("/readability/measure/", {"text": text, "kind": "example"})
        assert response.status_code == 200
        return response.content.decode()

    long_sentence = box(" ".join(["vi", "arbetar", "tillsammans", "med", "föreningarna"] * 80) + ".")
    assert "LIX" in long_sentence and "mer än 40 ord" in long_sentence and "400.0 ord per mening" in long_sentence
    no_marks = box("Vi bjöd in föreningar\nDe kom till biblioteket och pratade om lika möjligheter i staden")
    assert "LIX" in no_marks and "punkt" in no_marks
    assert not box("   ").strip()  # nothing to measure: the box hides (the page shows it only with text)
    english = box("The city has worked with the associations and the library, and it was good for everyone who came.")
    assert "engelska" in english and "LIX" in english
    only_numbers = box("2023: 12, 2024: 15.")
    assert "inga ord" in only_numbers and "LIX går inte att mäta" in only_numbers and "Mål för" not in only_numbers


def test_the_help_page_lists_the_targets_of_the_writers_municipality(client, client_for):
    ReadabilityTarget.objects.create(municipality_id=_helsingborg_id(), kind="example", target=33)
    assert "<td>Exempel</td><td class=\"num\">40</td>" in client.get("/readability/").content.decode()  # the default
    page = client_for("hbg-kultur").get("/readability/").content.decode()
    assert "<td>Exempel</td><td class=\"num\">33</td>" in page and TARGETS not in page
    assert f'href="{TARGETS}"' in client_for("hbg-agare").get("/readability/").content.decode()


def _helsingborg_id():
    from lika.organisations.models import Municipality

    return Municipality.objects.get(slug="helsingborg").pk
