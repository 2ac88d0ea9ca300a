"""The plan diff on plain data, without a database."""

import pytest

from lika.plans.diff import DiffInputError, Item, as_data, as_text, diff, word_diff

OLD = [
    Item("a1", "A", None, "Area A"),
    Item("m1", "1", "a1", "Measure one", body_sv="We shall do this.", implements=frozenset({"Soc"})),
    Item("m2", "2", "a1", "Measure two", implements=frozenset({"Kultur"})),
    Item("a2", "B", None, "Area B"),
    Item("m3", "3", "a2", "Measure three", implements=frozenset({"Soc"}), dropped_reason="Done."),
]


def new_version():
    return [
        Item("n-a1", "A", None, "Area A", derived_from="a1"),
        Item("n-m1", "1", "n-a1", "Measure one", body_sv="We shall do that now.", implements=frozenset({"Soc", "Kultur"}), derived_from="m1"),
        Item("n-a2", "B", None, "Area B", derived_from="a2"),
        Item("n-m2", "2", "n-a2", "Measure two", implements=frozenset({"Kultur"}), derived_from="m2"),
        Item("n-m4", "4", "n-a2", "Measure four", implements=frozenset({"Fritid"})),
    ]


def test_added_removed_changed_and_moved_are_matched_by_lineage():
    result = diff(OLD, new_version())
    assert [i.code for i in result.added] == ["4"]
    assert [(i.code, i.dropped_reason) for i in result.removed] == [("3", "Done.")]
    assert [(c.new.code, [ch.field for ch in c.changes]) for c in result.changed] == [("1", ["body_sv", "implements"])]
    assert [(m.new.code, m.old_parent, m.new_parent) for m in result.moved] == [("2", "A", "B")]


def test_responsibilities_gained_and_lost_per_unit():
    result = diff(OLD, new_version())
    assert result.gained == {"Kultur": [("implements", "1")], "Fritid": [("implements", "4")]}
    assert result.lost == {"Soc": [("implements", "3")]}


def test_a_renumbered_node_is_matched_by_lineage_not_by_code():
    new = [Item("x", "9", None, "Area A", derived_from="a1")]
    result = diff(OLD[:1], new)
    assert not result.added and not result.removed
    assert [(ch.field, ch.old, ch.new) for ch in result.changed[0].changes] == [("code", "A", "9")]


def test_without_lineage_nodes_are_matched_by_code():
    new = [Item(i.key + "-copy", i.code, (i.parent + "-copy") if i.parent else None, i.title_sv, body_sv=i.body_sv, implements=i.implements) for i in OLD]
    assert diff(OLD, new).is_empty


def test_a_split_measure_is_reported_and_both_parts_continue_it():
    new = [
        Item("x", "1", None, "One", body_sv="We shall do this.", implements=frozenset({"Soc"}), derived_from="m1"),
        Item("y", "1b", None, "One, second half", implements=frozenset({"Kultur"}), derived_from="m1"),
    ]
    old = [Item("m1", "1", None, "One", body_sv="We shall do this.", implements=frozenset({"Soc"}))]
    result = diff(old, new)
    assert [(s.old.code, [i.code for i in s.news]) for s in result.split] == [("1", ["1", "1b"])]
    assert not result.added and not result.removed and not result.merged
    # Soc implemented all of measure 1; the second part went to Kultur instead.
    assert result.gained == {"Kultur": [("implements", "1b")]}
    assert result.lost == {"Soc": [("implements", "1b")]}
    assert "split    1 → 1, 1b" in as_text(result, "old", "new")
    assert as_data(result)["split"] == [{"code": "1", "into": ["1", "1b"]}]


def test_merged_measures_are_reported_and_their_units_carry_on():
    old = [Item(i.key, i.code, None, i.title_sv, implements=i.implements) for i in OLD[1:3]]
    new = [Item("x", "1", None, "One and two", implements=frozenset({"Soc", "Kultur"}), derived_from="m1", also_from=("m2",))]
    result = diff(old, new)
    assert [(m.new.code, [i.code for i in m.olds]) for m in result.merged] == [("1", ["1", "2"])]
    assert not result.removed and not result.added
    assert result.gained == {} and result.lost == {}
    assert "merged   1, 2 → 1 One and two" in as_text(result, "old", "new")
    assert as_data(result)["merged"] == [{"code": "1", "from": ["1", "2"]}]
    assert not result.is_empty


def test_a_key_given_twice_is_refused_with_a_message():
    with pytest.raises(DiffInputError, match="appears twice"):
        diff(OLD, [Item("x", "1", None, "One"), Item("x", "2", None, "Two")])


def test_word_level_differences():
    assert word_diff("We shall do this.", "We shall do that now.") == [
        ("same", "We shall do "),
        ("removed", "this."),
        ("added", "that now."),
    ]


def test_text_and_json_output_name_every_change():
    result = diff(OLD, new_version())
    text = as_text(result, "old", "new")
    assert "added    4 Measure four" in text
    assert "removed  3 Measure three (reason: Done.)" in text
    assert "changed  1 Measure one" in text
    assert "moved    2: under A → under B" in text
    data = as_data(result)
    assert data["changed"][0]["fields"]["implements"] == [["Soc"], ["Kultur", "Soc"]]
    assert as_text(diff(OLD, OLD), "a", "b").endswith("no differences in the nodes\n")
