"""The assessment templates and the consequence section, as plain data (no database)."""

import io
from pathlib import Path

import pytest
from docx import Document

from lika.assessments import section
from lika.assessments.templatefile import Perspective, Text, parse_template, slots
from lika.lib.yamlfile import FileProblems

TEMPLATES = Path(__file__).resolve().parent.parent / "lika" / "assessments" / "default_templates"
GROUNDS = [
    Perspective("sex", Text("Kön", "Sex")),
    Perspective("gender_identity", Text("Könsidentitet eller könsuttryck", "Gender identity or expression")),
    Perspective("ethnicity", Text("Etnisk tillhörighet", "Ethnic origin")),
    Perspective("religion", Text("Religion eller annan trosuppfattning", "Religion or other belief")),
    Perspective("disability", Text("Funktionsnedsättning", "Disability")),
    Perspective("sexual_orientation", Text("Sexuell läggning", "Sexual orientation")),
    Perspective("age", Text("Ålder", "Age")),
    Perspective("socioeconomic", Text("Socioekonomi", "Socioeconomic status")),
    Perspective("child_rights", Text("Barnets rättigheter", "Rights of the child")),
]
MATTER = section.Matter("Ny hållplats", "01587/2025", "Stadsbyggnadsförvaltningen", "Stadsbyggnadsnämnden", "16 oktober 2025")


def template(name):
    return parse_template((TEMPLATES / name).read_text(encoding="utf-8"), name)


def test_the_equal_opportunity_template_asks_about_risks_for_every_ground_socioeconomics_and_children():
    equal = template("lika-mojligheter.yaml")
    risk_keys = [s.key for s in slots(equal, GROUNDS) if s.question.risk]
    assert risk_keys == [f"grounds.{p.key}.risk" for p in GROUNDS]
    asked = {s.key for s in slots(equal, GROUNDS)}
    for key in ("reach.reached", "reach.not_reached", "involvement.involved", "consequences.doing_nothing",
                "consequences.short_term", "consequences.long_term", "consequences.mitigation", "consequences.follow_up"):
        assert key in asked


def test_the_child_template_names_the_conventions_four_principles_and_asks_whether_children_were_heard():
    child = template("barnets-basta.yaml")
    articles = next(s.question for s in slots(child, GROUNDS) if s.key == "rights.articles")
    keys = [c.key for c in articles.choices]
    assert {"article_2", "article_3", "article_6", "article_12"} <= set(keys)
    assert "Artikel 12" in articles.choices[keys.index("article_12")].label.sv
    asked = {s.key for s in slots(child, GROUNDS)}
    assert {"evidence.children_heard", "weighing.alternatives", "weighing.weighing", "weighing.compensating"} <= asked


def test_the_gender_template_follows_the_three_rs_and_ends_in_action():
    gender = template("jamstalldhet-3r.yaml")
    assert [s.key for s in gender.steps] == ["screening", "representation", "resources", "realia", "action"]
    assert gender.steps[2].title.en == "Resources"


def test_every_default_template_speaks_swedish_and_english_throughout():
    for name in ("lika-mojligheter.yaml", "barnets-basta.yaml", "jamstalldhet-3r.yaml"):
        for slot in slots(template(name), GROUNDS):
            assert slot.question.text.sv and slot.question.text.en, slot.key
            assert slot.step.title.sv and slot.step.title.en


def test_a_broken_template_file_lists_every_problem_with_its_line():
    text = """key: my_template
kind: equal_opportunity
name: {sv: Min mall}
section_title: {sv: Konsekvenser, en: Consequences}
steps:
- key: first
  title: {sv: Första, en: First}
  questions:
  - key: q
    type: essay
    text: {sv: Fråga, en: Question}
  - key: q
    type: text
    text: {sv: Fråga igen, en: Question again}
    colour: red
"""
    with pytest.raises(FileProblems) as caught:
        parse_template(text, "mall.yaml")
    lines = caught.value.lines()
    assert "mall.yaml:3: name.en: the English text is missing" in lines
    assert any(line.startswith("mall.yaml:10: steps[0].questions[0].type: must be one of text") for line in lines)
    assert any("mall.yaml:12" in line and "'q' is used twice" in line for line in lines)
    assert any("mall.yaml:15: steps[0].questions[1].colour: unknown field" in line for line in lines)


def test_a_risk_flag_on_a_text_question_is_refused():
    text = """key: t
kind: other
name: {sv: T, en: T}
section_title: {sv: K, en: C}
steps:
- key: s
  title: {sv: S, en: S}
  questions:
  - {key: q, type: text, risk: true, text: {sv: F, en: Q}}
"""
    with pytest.raises(FileProblems, match="only a yes/no question can mark a risk"):
        parse_template(text)


def test_missing_lists_every_required_answer_at_once_ground_by_ground():
    equal = template("lika-mojligheter.yaml")
    answers = {"screening.affects_residents": "yes", "grounds.sex.risk": "no", "grounds.age.risk": "maybe"}
    gaps = [s.key for s in section.missing(equal, GROUNDS, answers)]
    assert "screening.affects_residents" not in gaps
    assert "grounds.sex.risk" not in gaps
    assert "grounds.age.risk" in gaps  # "maybe" is not one of the answers
    assert "screening.affects_staff" in gaps and "consequences.follow_up" in gaps
    assert len([k for k in gaps if k.startswith("grounds.")]) == 8
    assert "grounds.age.description" not in gaps  # optional


def test_the_section_names_the_grounds_with_risks_and_leaves_out_what_was_not_answered():
    equal = template("lika-mojligheter.yaml")
    answers = {f"grounds.{p.key}.risk": "no" for p in GROUNDS}
    answers.update({
        "grounds.disability.risk": "yes",
        "grounds.disability.description": "Tillfälliga gångvägar blir svåra med rullstol.",
        "grounds.ethnicity.risk": "unsure",
        "screening.groups": "Äldre och personer med funktionsnedsättning.",
    })
    built = section.build_section(equal, GROUNDS, answers, MATTER, "sv")
    assert built.title == "Konsekvenser för lika möjligheter"
    assert "Risks were found for: Funktionsnedsättning." in built.summary
    assert "It is not clear whether there are risks for: Etnisk tillhörighet." in built.summary
    grounds = next(p for p in built.parts if p.heading == "Risker, grund för grund")
    assert ("Funktionsnedsättning", "Finns det en risk? Yes\n\nTillfälliga gångvägar blir svåra med rullstol.") in grounds.items
    assert ("Etnisk tillhörighet", "Finns det en risk? Don't know") in grounds.items
    assert "Kön" in grounds.note and "Funktionsnedsättning" not in grounds.note
    headings = [p.heading for p in built.parts]
    assert "Delaktighet" not in headings  # nothing answered there
    assert ("Case number", "01587/2025") in built.facts


def test_the_section_in_english_uses_the_templates_english_words():
    child = template("barnets-basta.yaml")
    answers = {"screening.affects_children": "yes", "rights.articles": "article_3\narticle_12", "evidence.children_heard": "no"}
    built = section.build_section(child, GROUNDS, answers, MATTER, "en")
    assert built.title == "Consequences for children"
    rights = next(p for p in built.parts if p.heading == "The rights of the child")
    question, answer = rights.items[0]
    assert question == "Which rights are concerned?"
    assert answer.startswith("Article 3 – the best interests") and "; Article 12" in answer
    evidence = next(p for p in built.parts if p.heading == "Evidence")
    assert ("Have children been heard?", "No") in evidence.items


def test_a_screened_out_assessment_says_so_with_the_reason_and_nothing_else():
    gender = template("jamstalldhet-3r.yaml")
    matter = section.Matter("Taxa", "00912/2025", "SBF", "SBN", "22 maj 2025", screened_out_reason="En indexuppräkning.")
    built = section.build_section(gender, GROUNDS, {"screening.affects_people": "no"}, matter, "sv")
    assert built.summary == ("The assessment was not considered relevant for this matter.", "Reason: En indexuppräkning.")
    assert built.parts == ()


def test_the_docx_fragment_holds_the_section_in_words_heading_styles():
    equal = template("lika-mojligheter.yaml")
    answers = {"grounds.age.risk": "yes", "grounds.age.description": "Äldre når inte hållplatsen.\n\nSärskilt vintertid.",
               "consequences.follow_up": "Efter ett halvår."}
    built = section.build_section(equal, GROUNDS, answers, MATTER, "sv")
    document = Document(io.BytesIO(section.render_docx(built, "Helsingborgs stad")))
    styled = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Heading 2", "Konsekvenser för lika möjligheter") in styled
    assert ("Heading 3", "Konsekvenser och åtgärder") in styled
    texts = [text for _style, text in styled]
    assert "Äldre når inte hållplatsen." in texts and "Särskilt vintertid." in texts
    assert document.tables[0].rows[1].cells[1].text == "01587/2025"
    assert document.core_properties.language == "sv-SE"


def test_summarise_counts_decisions_per_unit_and_year_with_the_share_screened_out():
    counted = [
        section.Counted("SBF", 2025, "child_rights", False, (), ()),
        section.Counted("SBF", 2025, "equal_opportunity", False, ("age", "disability"), tuple(p.key for p in GROUNDS)),
        section.Counted("SBF", 2025, "gender", True, (), ()),
        section.Counted("SBF", 2025, "gender", True, (), ()),
        section.Counted("SOF", 2024, "equal_opportunity", False, ("age",), tuple(p.key for p in GROUNDS)),
    ]
    kinds = [("equal_opportunity", "EO"), ("child_rights", "CR"), ("gender", "G")]
    per_unit, risks = section.summarise(counted, kinds, GROUNDS, "en")
    assert per_unit.columns == ["Unit", "Year", "Decisions with an assessment", "EO", "CR", "G", "Screened out", "Share screened out"]
    assert per_unit.rows[0] == ["SOF", 2024, 1, 1, 0, 0, 0, "0 %"]
    assert per_unit.rows[1] == ["SBF", 2025, 4, 1, 1, 2, 2, "50 %"]
    assert per_unit.rows[2] == ["All units", "", 5, 2, 1, 2, 2, "40 %"]
    assert risks.rows[0] == ["Age", 2, 2, "100 %"]
    assert risks.rows[1] == ["Disability", 1, 2, "50 %"]
    assert risks.rows[-1][1] == 0
