"""The example bank (issue 17): every example of the follow-up found by Swedish word forms and
compounds, on the public page only approved examples of published rounds."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from lika.examples import terms

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo_rounds(db):
    from lika.followup.demo import ensure_demo_rounds

    ensure_demo_rounds(timezone.localdate())


def test_word_forms_and_compounds_meet():
    found = terms.text_terms("Modell för barnkonsekvensanalyser i fysisk planering. Vi gick planpromenader.")
    for query in ("barnkonsekvensanalysen", "barnkonsekvensanalys", "planpromenad", "planpromenaderna", "planeringen"):
        (word, alternatives), = terms.query_words(query)[0]
        assert alternatives & found, query
    (_word, alternatives), = terms.query_words("barn")[0]
    assert not alternatives & found  # a query word is not split: "barn" does not find every compound


def test_the_public_page_finds_the_urban_planning_child_impact_model(client):
    html = client.get("/helsingborg/examples/?q=barnkonsekvensanalysen").content.decode()
    assert "<h1>Goda exempel</h1>" in html
    assert "Modell för barnkonsekvensanalyser (BKA) i fysisk planering" in html
    assert "Stadsbyggnadsförvaltningen" in html
    assert "<mark>barnkonsekvensanalyser</mark>" in html


def test_the_unpublished_demo_round_is_found_by_the_plan_owner_only(client, client_for):
    query = "?q=jobbcoacher+Drottninghög"
    assert "Jobbcoacher på plats i Drottninghög" not in client.get(f"/helsingborg/examples/{query}").content.decode()
    assert "Jobbcoacher på plats i Drottninghög" in client_for("hbg-agare").get(f"/examples/{query}").content.decode()
    assert "Jobbcoacher på plats i Drottninghög" not in client_for("hst-agare").get(f"/examples/{query}").content.decode()


def test_filters_narrow_the_search(client):
    from lika.organisations.models import OrganisationUnit

    unit = OrganisationUnit.objects.get(municipality__slug="helsingborg", key="stadsbyggnadsforvaltningen")
    every = client.get("/helsingborg/examples/?q=barn").content.decode()
    only = client.get(f"/helsingborg/examples/?q=barn&unit={unit.pk}&has_learning=on").content.decode()
    assert only.count("<li>\n    <h3>") < every.count("<li>\n    <h3>")
    assert "Stadsbyggnadsförvaltningen" in only


@pytest.mark.parametrize("query", ["och att", "!!! ??? ...", '"" AND OR NOT *', "x" * 10_000, "barn " * 2_000, "planpromenad " * 3_000])
def test_odd_searches_get_a_clear_answer_never_an_error(client, query):
    response = client.get("/helsingborg/examples/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "för vanliga" in html or "bara de första orden" in html or "exempel" in html


def test_the_command_line_gives_what_the_public_page_gives(capsys):
    call_command("examples", "search", "barnkonsekvensanalysen", "--public", "--format", "json")
    out = json.loads(capsys.readouterr().out)
    assert [e["title"] for e in out["examples"]] == ["Modell för barnkonsekvensanalyser (BKA) i fysisk planering"]
    assert out["examples"][0]["round"] == "helsingborg-lika-2023"
    call_command("examples", "search", "jobbcoacher", "--public")
    assert capsys.readouterr().out.strip() == "0 examples"
    call_command("examples", "search", "jobbcoacher")
    assert "Demo: Jobbcoacher på plats i Drottninghög" in capsys.readouterr().out
    with pytest.raises(CommandError, match="too common"):
        call_command("examples", "search", "och att")


def test_an_edited_example_is_found_by_its_new_words(client_for):
    from lika.followup.models import Example

    owner = client_for("hbg-agare")
    assert "Jobbcoacher" in owner.get("/examples/?q=jobbcoacher").content.decode()
    example = Example.objects.get(title__startswith="Demo: Jobbcoacher")
    example.title = "Demo: Studiecirklar i Drottninghög"
    example.what_was_done = "Studiecirklar på arabiska."
    example.save()
    assert "Studiecirklar i Drottninghög" in owner.get("/examples/?q=studiecirklarna").content.decode()
    assert "Studiecirklar i Drottninghög" not in owner.get("/examples/?q=jobbcoacher").content.decode()


def test_the_public_documents_page_and_the_menu_lead_to_the_examples(client, client_for):
    assert 'href="/helsingborg/examples/"' in client.get("/helsingborg/").content.decode()
    assert 'href="/examples/"' in client_for("hbg-kultur").get("/my/").content.decode()


@pytest.fixture
def care_reporter(client_for):
    """A reporter of the care department, whose submission in the open 2025 round is a draft (measure 4)."""
    from django.contrib.auth import get_user_model

    from lika.organisations.models import Membership, OrganisationUnit, Role

    unit = OrganisationUnit.objects.get(municipality__slug="helsingborg", key="vard-och-omsorgsforvaltningen")
    user = get_user_model().objects.create_user("vof-rapportor", password="lika-demo")
    Membership.objects.create(user=user, municipality=unit.municipality, role=Role.REPORTER, unit=unit)
    return client_for("vof-rapportor")


FORM = "/followup/helsingborg-lika-2025/units/vard-och-omsorgsforvaltningen/measures/4/examples/new/"


def test_the_example_form_suggests_what_others_did_for_the_measure(care_reporter):
    html = care_reporter.get(FORM).content.decode()
    assert "Andra som gjort något liknande" in html
    assert 'data-similar-url="/examples/similar/?report=' in html
    assert "lika/suggest.js" in html and "<script>" not in html
    # Examples of measure 4 from the approved 2023 round, by other units.
    assert html.count('<li>\n    <h3>') >= 1


def test_suggestions_follow_the_words_and_show_only_what_the_reporter_may_see(care_reporter):
    from lika.followup.models import MeasureReport

    report = MeasureReport.objects.get(submission__round__identifier="helsingborg-lika-2025",
                                       submission__unit__key="vard-och-omsorgsforvaltningen", measure__code="4")
    url = f"/examples/similar/?report={report.pk}&text="
    html = care_reporter.get(url + "barnkonsekvensanalysen fysisk planering").content.decode()
    assert "Modell för barnkonsekvensanalyser (BKA) i fysisk planering" in html
    assert "<mark>barnkonsekvensanalyser</mark>" in html
    # The unpublished 2025 round's examples are not for a reporter of another unit.
    assert "Jobbcoacher" not in care_reporter.get(url + "jobbcoacher drottninghög").content.decode()
    # Another unit's report, or nonsense, is not found.
    other = MeasureReport.objects.filter(submission__round__identifier="helsingborg-lika-2025").exclude(pk=report.pk).first()
    assert care_reporter.get(f"/examples/similar/?report={other.pk}&text=barn").status_code == 404
    assert care_reporter.get("/examples/similar/?report=x").status_code == 404
    assert care_reporter.get(url + "och att " + "x" * 10_000).status_code == 200


def test_suggestions_are_two_queries_however_many_examples(care_reporter, django_assert_max_num_queries):
    from lika.examples.search import refresh, similar

    refresh()
    with django_assert_max_num_queries(3):
        result = similar("barnkonsekvensanalys fysisk planering dialog barn", None)
    assert result.examples
