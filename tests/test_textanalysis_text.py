"""Lemmas, compounds, the vocabulary file and the matcher: the plain modules of the business-plan analysis."""

from pathlib import Path

import pytest

from lika.lib.yamlfile import FileProblems
from lika.textanalysis.evaluation import evaluate, load_set
from lika.textanalysis.lemmas import analyse, compound_parts, detect_language
from lika.textanalysis.matcher import ABSENT, MENTIONED, PRESENT, highlight_parts, match_pages, match_text, passages, scorecard
from lika.textanalysis.vocabulary import default_vocabulary, load_vocabulary

EVAL = Path(__file__).resolve().parent.parent / "bench" / "data" / "textanalysis_eval.yaml"


def keys(word):
    return analyse(word, "sv")[0].keys


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("diskrimineringsgrunderna", {"diskriminering", "grund"}),
        ("könsuppdelad", {"kön"}),
        ("funktionsnedsättningar", {"funktionsnedsättning"}),
        ("icke-diskriminerande", {"icke", "diskriminera"}),
        ("åldersdiskriminering", {"ålder", "diskriminering"}),
        ("barnrättsperspektivet", {"barn", "rätt", "perspektiv"}),
        ("jämställdhetsintegreringsarbetet", {"jämställdhet", "integrering", "arbete"}),
        ("rättigheter", {"rättighet"}),
    ],
)
def test_inflection_and_compounds_give_the_lemmas_of_the_parts(word, expected):
    assert expected <= keys(word)


def test_short_and_simple_words_are_not_split():
    assert compound_parts("behov") == ()
    assert keys("kön") == {"kön"}


def test_english_possessives_and_language_detection():
    assert detect_language("We will make sure that the service is accessible to all residents.") == "en"
    assert detect_language("Vi ska se till att verksamheten är tillgänglig för alla invånare.") == "sv"
    assert "child" in analyse("children's rights", "en")[0].keys


def test_a_match_says_why_and_where():
    themes, spans = match_text("All statistik ska vara könsuppdelad.", default_vocabulary())
    assert themes["disaggregated_statistics"] == ["könsuppdelad", "statistik"]
    assert themes["ground_sex"] == ["könsuppdelad"]
    text = "All statistik ska vara könsuppdelad."
    assert [piece for piece, hit in highlight_parts(text, spans["disaggregated_statistics"]) if hit] == ["statistik", "könsuppdelad"]
    assert [piece for piece, hit in highlight_parts(text, spans["ground_sex"]) if hit] == ["könsuppdelad"]


@pytest.mark.parametrize(
    "text",
    [
        "Kön till bygglov har minskat och handläggningstiden är fyra veckor.",
        "Underhållet prioriteras efter byggnadernas ålder och skick.",
        "Handlingarna finns tillgängliga på webbplatsen från måndag.",
        "För att nå målen i budgeten krävs lägre kostnader.",
        "Ränteläget påverkar nämndens ekonomi.",
    ],
)
def test_a_word_in_another_sense_touches_no_theme(text):
    assert match_text(text, default_vocabulary())[0] == {}


def test_a_longer_term_wins_over_an_exclusion():
    themes, _spans = match_text("Svaren skiljer sig mellan åldersgrupper och kön till exempel.", default_vocabulary())
    assert "ground_sex" in themes


def test_passages_repair_pdf_line_breaks_and_keep_headings():
    page = "Lika möjligheter\n\nVi ska arbeta mot diskri-\n\nminering i alla\n\nverksamheter.\n\n"
    found = passages(page, 3)
    assert [(p.heading, p.text) for p in found] == [(True, "Lika möjligheter"), (False, "Vi ska arbeta mot diskriminering i alla verksamheter.")]
    assert all(p.page == 3 for p in found)


def test_scorecard_present_mentioned_absent():
    vocabulary = default_vocabulary()
    pages = [
        (1, "Barnkonventionen\n\nBarnets bästa ska utredas.\n"),
        (2, "Vi ska motverka diskriminering i mötet med invånarna.\n\nDiskrimineringsgrunderna ska finnas med i analysen.\n"),
        (3, "Lokalerna ska vara tillgänglighetsanpassade.\n"),
    ]
    scores = {s.key: s for s in scorecard(match_pages(pages, vocabulary), vocabulary)}
    assert scores["discrimination"].status == PRESENT and scores["discrimination"].pages == (2,)
    assert scores["childrens_rights"].status == PRESENT and scores["childrens_rights"].in_heading
    assert scores["accessibility"].status == MENTIONED and scores["accessibility"].count == 1
    assert scores["ground_religion"].status == ABSENT


def test_the_default_vocabulary_has_every_theme_of_the_issue():
    assert len(default_vocabulary().themes) == 20
    assert {"discrimination", "ground_sex", "ground_gender_identity", "ground_ethnicity", "ground_religion", "ground_disability",
            "ground_sexual_orientation", "ground_age", "socioeconomics", "childrens_rights", "gender_equality", "different_needs",
            "reach", "participation", "disaggregated_statistics", "accessibility", "inclusive_communication",
            "q_prevent_discrimination", "q_missing_groups", "q_influence"} == set(default_vocabulary().keys)


def test_vocabulary_problems_name_their_lines():
    text = (
        "present_min_passages: 0\n"
        "themes:\n"
        "  - key: ok\n"
        "    name: {sv: Bra}\n"
        "    terms: {sv: [bra]}\n"
        "  - key: ok\n"
        "    name: {sv: Igen}\n"
        "    terms: {de: [gut], sv: ['di*skr']}\n"
        "    colour: red\n"
        "  - key: tom\n"
        "    name: {sv: Tom}\n"
    )
    with pytest.raises(FileProblems) as caught:
        load_vocabulary(text, "v.yaml")
    lines = caught.value.lines()
    assert "v.yaml:1: present_min_passages: must be a whole number of 1 or more" in lines
    assert "v.yaml:6: themes[1].key: the key 'ok' is used by another theme" in lines
    assert "v.yaml:8: themes[1] (ok).terms.de: unknown language; use sv or en" in lines
    assert any(line.startswith("v.yaml:8: themes[1] (ok).terms.sv[0]: a * may only end a word") for line in lines)
    assert "v.yaml:9: themes[1].colour: unknown field; use key, name, description, terms, near or exclude" in lines
    assert "v.yaml:10: themes[2] (tom): needs at least one term or near rule" in lines


def test_broken_yaml_names_the_line():
    with pytest.raises(FileProblems) as caught:
        load_vocabulary("themes:\n  - key: a\n   name: [\n", "v.yaml")
    assert caught.value.lines()[0].startswith("v.yaml:3: not valid YAML")


def test_evaluation_meets_the_target_on_every_theme_with_ten_passages():
    passages_ = load_set(EVAL.read_text(encoding="utf-8"), EVAL.name)
    results, _disagreements = evaluate(passages_, default_vocabulary())
    assert len(passages_) >= 200 and sum(1 for _t, labels in passages_ if not labels) >= 25
    for result in results:
        assert result.labelled >= 10, result.key
        assert result.precision >= 0.8 and result.recall >= 0.8, result
