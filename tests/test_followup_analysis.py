"""The analysis of a follow-up round, on small hand-built rounds, without a database."""

import copy
import json
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lika.followup.analysis import (
    NOT_REPORTED,
    STATUS_KEYS,
    STATUSES,
    AnalysisInputError,
    Example,
    Measure,
    PerspectiveInfo,
    Report,
    RoundData,
    Unit,
    analyse,
    compare,
    summary,
)

MEASURES = (
    Measure("M1", "Första", "A1", "Område ett"),
    Measure("M2", "Andra", "A1", "Område ett"),
    Measure("M3", "Tredje", "A2", "Område två"),
    Measure("M4", "Fjärde", "A2", "Område två"),
)
UNITS = (
    Unit("soc", "Socialförvaltningen"),
    Unit("kul", "Kulturförvaltningen"),
    Unit("ab", "Arbetsmarknadsförvaltningen"),
    Unit("ald", "Äldreförvaltningen"),
    Unit("fri", "Fritidsförvaltningen"),
    Unit("ost", "Östra skolan"),  # neither responsible nor with examples: left out everywhere
)
PERSPECTIVES = (
    PerspectiveInfo("kon", "Kön"),
    PerspectiveInfo("alder", "Ålder"),
    PerspectiveInfo("funk", "Funktionsnedsättning"),
    PerspectiveInfo("socioekonomi", "Socioekonomisk status"),
)


def example(unit, measure, related=(), perspectives=(), effects=False, learning=False):
    return Example(unit, measure, tuple(related), tuple(perspectives), effects, learning)


def make_round(**changes) -> RoundData:
    data = RoundData(
        measures=MEASURES,
        units=UNITS,
        perspectives=PERSPECTIVES,
        responsible={
            "M1": frozenset({"soc", "kul"}),
            "M2": frozenset({"soc"}),
            "M3": frozenset({"kul", "ab"}),
            "M4": frozenset({"ab", "ald"}),
        },
        submitted_units=frozenset({"soc", "kul"}),
        reports=(
            Report("soc", "M1", "under_way"),
            Report("soc", "M2", ""),  # submitted without a status
            Report("kul", "M1", "planned"),
            Report("kul", "M3", "ordinary_operations"),
            Report("ab", "M3", "not_started"),  # ab has not submitted: a draft does not count
            Report("soc", "M3", "planned"),  # soc does not implement M3: not a responsible pair
        ),
        examples=(
            example("soc", "M1", ["M2"], ["kon", "alder"], effects=True),
            example("soc", "M1", [], ["kon"], effects=True, learning=True),
            example("kul", "M3", ["M1", "M3"], []),  # lists its own measure as related
            example("fri", "M2", [], ["alder", "funk", "kon"]),  # fri implements nothing
        ),
    )
    return replace(data, **changes)


@pytest.fixture
def result():
    return analyse(make_round())


# --- Figures -----------------------------------------------------------------


def test_examples_per_measure_count_the_primary_measure_in_plan_order(result):
    assert result.total_examples == 4
    assert list(result.examples_per_measure.items()) == [("M1", 2), ("M2", 1), ("M3", 1), ("M4", 0)]


def test_an_example_touches_each_measure_once(result):
    assert result.examples_touching_measure == {"M1": 3, "M2": 2, "M3": 1, "M4": 0}


def test_examples_per_area(result):
    assert list(result.examples_per_area.items()) == [("A1", 3), ("A2", 1)]
    assert result.area_titles == {"A1": "Område ett", "A2": "Område två"}


def test_examples_per_unit_by_count_then_name(result):
    # Units that implement something or have examples; Swedish order puts Ä after the rest.
    assert list(result.examples_per_unit.items()) == [("soc", 2), ("fri", 1), ("kul", 1), ("ab", 0), ("ald", 0)]


def test_heatmap(result):
    assert result.heatmap_units == ["ab", "fri", "kul", "soc", "ald"]
    assert len(result.heatmap) == len(MEASURES) * len(result.heatmap_units)
    nonzero = {cell: count for cell, count in result.heatmap.items() if count}
    assert nonzero == {("M1", "soc"): 2, ("M3", "kul"): 1, ("M2", "fri"): 1}
    assert result.missing_cells == {("M1", "kul"), ("M2", "soc"), ("M3", "ab"), ("M4", "ab"), ("M4", "ald")}


def test_perspectives(result):
    assert list(result.examples_per_perspective.items()) == [("kon", 3), ("alder", 2), ("funk", 1), ("socioekonomi", 0)]
    assert result.examples_without_perspective == 1
    assert result.intersectional == 2
    assert result.share_intersectional == 0.5


def test_gaps_with_few_as_one(result):
    assert result.measures_without_examples == ["M4"]
    assert result.measures_with_few_examples == ["M3"]
    assert result.perspectives_without_examples == ["socioekonomi"]
    assert result.perspectives_with_few_examples == ["funk"]


def test_gaps_with_few_as_two():
    result = analyse(make_round(), few=2)
    assert result.measures_without_examples == ["M4"]
    assert result.measures_with_few_examples == ["M2", "M3"]
    assert result.perspectives_with_few_examples == ["alder", "funk"]


def test_few_as_zero_lists_no_few():
    result = analyse(make_round(), few=0)
    assert result.measures_with_few_examples == []
    assert result.perspectives_with_few_examples == []


def test_effects_and_learning(result):
    assert (result.with_effects, result.share_with_effects) == (2, 0.5)
    assert (result.with_learning, result.share_with_learning) == (1, 0.25)


def test_status_counts_over_responsible_pairs(result):
    assert list(result.status_counts) == [*STATUSES, NOT_REPORTED]
    assert result.status_counts == {
        "not_started": 0,
        "planned": 1,
        "under_way": 1,
        "ordinary_operations": 1,
        "not_reported": 4,  # soc M2 without status, ab M3 and M4 (draft), ald M4 (nothing)
    }


def test_units_without_submission_are_names_in_swedish_order(result):
    assert result.units_without_submission == ["Arbetsmarknadsförvaltningen", "Äldreförvaltningen"]


def test_duplicate_perspectives_on_an_example_count_once():
    data = make_round(examples=(example("soc", "M1", [], ["kon", "kon"]),))
    result = analyse(data)
    assert result.examples_per_perspective["kon"] == 1
    assert result.intersectional == 0


def test_a_round_without_examples():
    result = analyse(make_round(examples=()))
    assert result.total_examples == 0
    assert (result.share_with_effects, result.share_with_learning, result.share_intersectional) == (0.0, 0.0, 0.0)
    assert result.measures_without_examples == ["M1", "M2", "M3", "M4"]
    assert result.measures_with_few_examples == []
    assert result.perspectives_without_examples == ["kon", "alder", "funk", "socioekonomi"]
    assert set(result.examples_per_measure.values()) == {0}
    assert set(result.examples_per_area.values()) == {0}
    assert result.heatmap_units == ["ab", "kul", "soc", "ald"]
    assert set(result.examples_per_unit.values()) == {0}
    responsible = {(code, key) for code, keys in make_round().responsible.items() for key in keys}
    assert result.missing_cells == responsible


def test_an_empty_round():
    data = RoundData((), (), (), {}, frozenset(), (), ())
    result = analyse(data)
    assert result.total_examples == 0
    assert result.examples_per_measure == {}
    assert result.status_counts == dict.fromkeys(STATUS_KEYS, 0)
    assert json.dumps(summary(result))


def test_summary_is_json_ready_and_rounds_shares():
    data = make_round(examples=make_round().examples[:3])
    text = json.dumps(summary(analyse(data)))
    figures = json.loads(text)
    assert figures["share_with_effects"] == 0.667
    assert figures["share_with_learning"] == 0.333
    assert figures["share_intersectional"] == 0.333
    assert figures["examples_per_measure"] == {"M1": 2, "M2": 0, "M3": 1, "M4": 0}
    assert figures["examples_per_perspective"] == {"kon": 2, "alder": 1, "funk": 0, "socioekonomi": 0}
    assert figures["units_without_submission"] == ["Arbetsmarknadsförvaltningen", "Äldreförvaltningen"]
    for key in (
        "total_examples",
        "examples_touching_measure",
        "examples_per_area",
        "status_counts",
        "measures_without_examples",
        "perspectives_without_examples",
    ):
        assert key in figures


def test_the_input_is_not_modified():
    responsible = {"M1": {"soc", "kul"}, "M2": {"soc"}, "M3": {"kul", "ab"}, "M4": {"ab", "ald"}}
    data = make_round(responsible=responsible, submitted_units={"soc", "kul"})
    before = copy.deepcopy(data)
    result = analyse(data)
    summary(result)
    compare(result, analyse(make_round(examples=())))
    assert data == before
    assert responsible == before.responsible


def test_the_result_does_not_share_lists_with_the_summary(result):
    figures = summary(result)
    figures["measures_without_examples"].append("X")
    figures["examples_per_measure"]["M1"] = 99
    assert result.measures_without_examples == ["M4"]
    assert result.examples_per_measure["M1"] == 2


# --- Validation --------------------------------------------------------------

BAD_ROUNDS = [
    (
        {"examples": (example("soc", "M9"),)},
        "example 1 (unit 'soc', measure 'M9'): measure 'M9' is not among the plan's measures",
    ),
    (
        {"examples": (example("soc", "M1"), example("soc", "M1", ["M2", "X"]))},
        "example 2 (unit 'soc', measure 'M1'), related measures: measure 'X' is not among the plan's measures",
    ),
    (
        {"examples": (example("soc", "M1", [], ["kon", "religion"]),)},
        "perspective 'religion' is not among the perspectives",
    ),
    ({"examples": (example("nobody", "M1"),)}, "unit 'nobody' is not among the units"),
    ({"reports": (Report("soc", "M7", "planned"),)}, "report 1 (unit 'soc', measure 'M7'): measure 'M7'"),
    ({"reports": (Report("ghost", "M1", "planned"),)}, "unit 'ghost' is not among the units"),
    ({"reports": (Report("soc", "M1", "done"),)}, "status 'done' is not allowed"),
    ({"reports": (Report("soc", "M1", "planned"), Report("soc", "M1", "under_way"))}, "more than once"),
    ({"responsible": {"M1": frozenset({"ghost"})}}, "responsible units of measure 'M1': unit 'ghost'"),
    ({"responsible": {"M8": frozenset({"soc"})}}, "responsible units: measure 'M8'"),
    ({"submitted_units": frozenset({"ghost"})}, "submitted units: unit 'ghost' is not among the units"),
    ({"measures": (*MEASURES, Measure("M1", "Igen", "A1", "Område ett"))}, "duplicate measure code 'M1'"),
    ({"units": (*UNITS, Unit("soc", "Igen"))}, "duplicate unit key 'soc'"),
    ({"perspectives": (*PERSPECTIVES, PerspectiveInfo("kon", "Igen"))}, "duplicate perspective key 'kon'"),
]


@pytest.mark.parametrize(("changes", "message"), BAD_ROUNDS)
def test_contradictions_are_named(changes, message):
    with pytest.raises(AnalysisInputError) as raised:
        analyse(make_round(**changes))
    assert message in str(raised.value)
    assert isinstance(raised.value, ValueError)


@pytest.mark.parametrize("few", [-1, 1.5, True, "2"])
def test_few_must_be_a_whole_number(few):
    with pytest.raises(AnalysisInputError, match="few must be"):
        analyse(make_round(), few=few)


# --- Comparison --------------------------------------------------------------


def test_compare_rounds():
    previous_data = make_round(
        measures=(MEASURES[0], Measure("M0", "Borttagen", "A0", "Gammalt område")),
        responsible={"M1": frozenset({"soc"}), "M0": frozenset({"kul"})},
        submitted_units=frozenset({"soc"}),
        reports=(Report("soc", "M1", "planned"),),
        examples=(
            example("soc", "M0", [], ["kon"], effects=True, learning=True),
            example("soc", "M0", [], ["socioekonomi", "kon"], learning=True),
        ),
    )
    current, previous = analyse(make_round()), analyse(previous_data)
    delta = compare(current, previous)
    assert delta.total_examples == 2
    # M0 only in the previous round; M2-M4 only in the current one.
    assert delta.examples_per_measure == {"M1": 2, "M2": 1, "M3": 1, "M4": 0, "M0": -2}
    assert list(delta.examples_per_measure) == ["M1", "M2", "M3", "M4", "M0"]
    assert delta.examples_per_perspective == {"kon": 1, "alder": 2, "funk": 1, "socioekonomi": -1}
    assert delta.share_with_effects == pytest.approx(0.5 - 0.5)
    assert delta.share_with_learning == pytest.approx(0.25 - 1.0)
    assert delta.share_intersectional == pytest.approx(0.5 - 0.5)
    assert delta.status_counts == {
        "not_started": 0,
        "planned": 0,
        "under_way": 1,
        "ordinary_operations": 1,
        "not_reported": 3,
    }


def test_compare_with_itself_is_all_zero(result):
    delta = compare(result, result)
    assert delta.total_examples == 0
    assert set(delta.examples_per_measure.values()) == {0}
    assert set(delta.status_counts.values()) == {0}
    assert delta.share_with_effects == 0.0


# --- Properties --------------------------------------------------------------


@st.composite
def rounds(draw) -> RoundData:
    codes = draw(st.lists(st.sampled_from([f"M{n}" for n in range(8)]), unique=True, max_size=6))
    measures = tuple(Measure(code, f"Åtgärd {code}", area, f"Område {area}") for code, area in zip(codes, "ABACBC"))
    keys = draw(st.lists(st.sampled_from(["u1", "u2", "u3", "u4", "u5"]), unique=True, min_size=1, max_size=5))
    units = tuple(Unit(key, draw(st.sampled_from(["Ö", "A", "Å", "b", "B"]))) for key in keys)
    perspective_keys = draw(st.lists(st.sampled_from(["p1", "p2", "p3", "p4"]), unique=True, max_size=4))
    perspectives = tuple(PerspectiveInfo(key, key.upper()) for key in perspective_keys)
    some_units = st.frozensets(st.sampled_from(keys))
    implemented = draw(st.lists(st.sampled_from(codes), unique=True)) if codes else []
    responsible = {code: draw(some_units) for code in implemented}
    pairs = [(key, code) for key in keys for code in codes]
    reported = draw(st.lists(st.sampled_from(pairs), unique=True)) if pairs else []
    reports = tuple(Report(key, code, draw(st.sampled_from(("", *STATUSES)))) for key, code in reported)
    examples = ()
    if codes:
        examples = tuple(
            draw(
                st.lists(
                    st.builds(
                        Example,
                        unit=st.sampled_from(keys),
                        measure=st.sampled_from(codes),
                        related=st.lists(st.sampled_from(codes), max_size=3).map(tuple),
                        perspectives=st.lists(st.sampled_from(perspective_keys), max_size=4).map(tuple)
                        if perspective_keys
                        else st.just(()),
                        has_effects=st.booleans(),
                        has_learning=st.booleans(),
                    ),
                    max_size=12,
                )
            )
        )
    return RoundData(measures, units, perspectives, responsible, draw(some_units), reports, examples)


@settings(max_examples=200, deadline=None)
@given(data=rounds(), few=st.integers(min_value=0, max_value=3))
def test_figures_add_up(data, few):
    before = copy.deepcopy(data)
    result = analyse(data, few=few)
    assert data == before
    assert sum(result.examples_per_measure.values()) == result.total_examples == len(data.examples)
    assert sum(result.examples_per_area.values()) == result.total_examples
    assert sum(result.heatmap.values()) == result.total_examples
    assert sum(result.examples_per_unit.values()) == result.total_examples
    assert list(result.examples_touching_measure) == list(result.examples_per_measure)
    for code, count in result.examples_per_measure.items():
        assert result.examples_touching_measure[code] >= count
    for share in (result.share_with_effects, result.share_with_learning, result.share_intersectional):
        assert 0.0 <= share <= 1.0
    pairs = sum(len(keys) for keys in data.responsible.values())
    assert sum(result.status_counts.values()) == pairs
    assert list(result.status_counts) == list(STATUS_KEYS)
    assert len(result.missing_cells) <= pairs
    gaps = set(result.measures_without_examples) | set(result.measures_with_few_examples)
    assert not set(result.measures_without_examples) & set(result.measures_with_few_examples)
    assert gaps == {code for code, count in result.examples_touching_measure.items() if count <= few}
    assert json.loads(json.dumps(summary(result)))["total_examples"] == result.total_examples
    assert compare(result, result).total_examples == 0
