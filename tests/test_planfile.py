"""The plan file format, read and written without a database."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lika.lib.yamlfile import FileProblems
from lika.plans import planfile
from tests.conftest import DEMO

MINIMAL = """\
format: lika-plan/1
municipality:
  code: '9999'
  slug: testkommun
  name: Testkommun
units:
- key: socialforvaltningen
  kind: department
  name:
    sv: Socialförvaltningen
document:
  identifier: test-plan
  kind: plan
  status: adopted
  title:
    sv: Testplan
  valid_from: '2024-01-01'
  valid_to: '2026-12-31'
  levels:
  - name:
      sv: Område
    plural:
      sv: Områden
  - name:
      sv: Åtgärd
    plural:
      sv: Åtgärder
  nodes:
  - code: '1'
    parent: null
    title:
      sv: Första området
  - code: '1.1'
    parent: '1'
    title:
      sv: En åtgärd
    responsibilities:
    - role: implements
      unit: socialforvaltningen
"""


def problems_of(text):
    with pytest.raises(FileProblems) as caught:
        planfile.read_plan_file(text, "plan.yaml")
    return caught.value.lines()


def test_a_minimal_plan_is_read_with_its_tree():
    plan = planfile.read_plan_file(MINIMAL)
    assert plan.document.valid_from == date(2024, 1, 1)
    assert plan.node_depths() == {"1": 1, "1.1": 2}
    assert plan.document.nodes[1].responsibilities[0].unit == "socialforvaltningen"


def test_an_unknown_unit_is_named_with_its_line():
    lines = problems_of(MINIMAL.replace("unit: socialforvaltningen", "unit: socialforvaltning"))
    assert lines == [
        "plan.yaml:39: nodes[1].responsibilities[0].unit: unknown unit 'socialforvaltning'; "
        "the file's units are: socialforvaltningen"
    ]


def test_a_duplicated_code_is_refused():
    text = MINIMAL.replace("- code: '1.1'\n    parent: '1'", "- code: '1'\n    parent: null")
    assert any("the code '1' is already used on line 29" in line for line in problems_of(text))


def test_a_missing_title_is_refused():
    text = MINIMAL.replace("    title:\n      sv: En åtgärd\n", "")
    assert any("nodes[1].title: is missing" in line for line in problems_of(text))


def test_a_node_that_is_its_own_parent_is_refused():
    text = MINIMAL.replace("parent: '1'", "parent: '1.1'")
    assert any("cannot be its own parent" in line for line in problems_of(text))


def test_a_node_under_its_own_descendant_is_refused():
    text = MINIMAL.replace("  - code: '1'\n    parent: null", "  - code: '1'\n    parent: '1.1'")
    assert any("the parents form a loop" in line for line in problems_of(text))


def test_a_reversed_validity_period_is_refused():
    text = MINIMAL.replace("valid_to: '2026-12-31'", "valid_to: '2023-12-31'")
    assert problems_of(text) == [
        "plan.yaml:18: document.valid_to: the validity period ends (2023-12-31) before it starts (2024-01-01)"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [("'2024-13-01'", "is not a real date"), ("'1 januari 2024'", "is not a date written YYYY-MM-DD"), ("2024-02-30", "is not a real date")],
)
def test_a_wrong_date_is_named(value, message):
    lines = problems_of(MINIMAL.replace("valid_from: '2024-01-01'", f"valid_from: {value}"))
    assert len(lines) == 1 and lines[0].startswith("plan.yaml:17: document.valid_from:") and message in lines[0]


def test_nodes_deeper_than_the_named_levels_are_refused():
    text = MINIMAL + "  - code: '1.1.1'\n    parent: '1.1'\n    title:\n      sv: För djupt\n"
    assert any("depth 3, but the document names only 2 levels" in line for line in problems_of(text))


def test_broken_yaml_names_the_line():
    lines = problems_of(MINIMAL.replace("  name: Testkommun", "  name: [Testkommun"))
    assert len(lines) == 1 and lines[0].startswith("plan.yaml:") and "not valid YAML" in lines[0]


def test_a_key_written_twice_is_refused_rather_than_silently_overwritten():
    lines = problems_of(MINIMAL.replace("  name: Testkommun", "  name: Testkommun\n  name: Annan"))
    assert lines == ["plan.yaml:6: name: the key 'name' appears twice"]


def test_unknown_fields_and_goals_outside_1_to_17_are_refused():
    text = MINIMAL.replace("      sv: En åtgärd\n", "      sv: En åtgärd\n    goals: [3, 18]\n    colour: red\n")
    lines = problems_of(text)
    assert any("goals[1]: 18 is not an Agenda 2030 goal" in line for line in lines)
    assert any("nodes[1].colour: unknown field" in line for line in lines)


def test_every_problem_is_reported_at_once():
    text = MINIMAL.replace("unit: socialforvaltningen", "unit: nobody").replace("kind: plan", "kind: wish")
    lines = problems_of(text)
    assert len(lines) == 2


def test_reading_does_not_change_the_text_it_was_given():
    text = str(MINIMAL)
    planfile.read_plan_file(text)
    assert text == MINIMAL


@pytest.mark.parametrize("name", ["helsingborg-lika-mojligheter-2022", "halmstad-inkluderande-kommunen-2020"])
def test_demo_files_are_written_back_byte_for_byte(name):
    text = (DEMO / f"{name}.yaml").read_text(encoding="utf-8")
    assert planfile.write_plan_file(planfile.read_plan_file(text)) == text


# Property: whatever plan we build, writing then reading gives the same plan.
texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=40)
multiline = st.lists(texts, max_size=4).map(lambda lines: "\n".join(lines))


@st.composite
def plans(draw):
    codes = draw(st.lists(st.from_regex(r"[0-9]{1,2}(\.[0-9]{1,2})?", fullmatch=True), min_size=1, max_size=8, unique=True))
    nodes = []
    for index, code in enumerate(codes):
        parent = draw(st.sampled_from([None, *codes[:index]])) if index else None
        nodes.append(
            planfile.Node(
                code=code,
                parent=parent,
                title=planfile.Text(sv=draw(texts.filter(lambda t: t.strip())), en=draw(texts)),
                body=planfile.Text(sv=draw(multiline), en=draw(multiline)),
                goals=draw(st.lists(st.integers(1, 17), unique=True, max_size=3)),
            )
        )
    raw = planfile.PlanFile(
        municipality=planfile.Municipality(code="1234", slug="x", name=draw(texts.filter(lambda t: t.strip()))),
        units=[],
        document=planfile.Document(
            identifier="p",
            kind="plan",
            status="draft",
            title=planfile.Text(sv="T"),
            valid_from=date(2020, 1, 1),
            levels=[planfile.Level(planfile.Text("L"), planfile.Text("Ls"))] * 8,
            nodes=nodes,
        ),
    )
    # What reading keeps: cleaned text. Normalise the drawn plan the same way.
    return planfile.read_plan_file(planfile.write_plan_file(raw))


@settings(max_examples=60, deadline=None)
@given(plans())
def test_writing_and_reading_a_plan_round_trips(plan):
    text = planfile.write_plan_file(plan)
    again = planfile.read_plan_file(text)
    assert planfile.write_plan_file(again) == text
    assert again == plan
