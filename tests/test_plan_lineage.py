"""The lineage graph on plain data: ancestors and cycles."""

from lika.plans.lineage import ancestors, find_cycle, would_cycle


def test_ancestors_follow_every_predecessor_of_merges():
    graph = {5: [3, 4], 3: [1], 4: [2], 1: [], 2: []}
    assert ancestors([5], graph) == {1, 2, 3, 4, 5}


def test_a_predecessor_that_comes_from_the_node_itself_would_make_a_cycle():
    graph = {3: [1], 1: [], 2: [3]}
    assert would_cycle(3, [2], graph)
    assert not would_cycle(3, [1], graph)


def test_find_cycle_names_the_nodes_going_round():
    assert find_cycle({"a": ["b"], "b": ["c"], "c": ["a"]}) in (["a", "b", "c", "a"], ["b", "c", "a", "b"], ["c", "a", "b", "c"])
    assert find_cycle({"a": ["b", "c"], "b": ["d"], "c": ["d"], "d": []}) is None
