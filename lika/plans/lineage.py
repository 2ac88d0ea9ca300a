"""A node's lineage as a plain graph, without Django.

Each node names the nodes of earlier versions it continues: one when it is
kept or changed, several when measures were merged into it, and two nodes name
the same one when a measure was split. The lineage must never go round in a
circle: a node cannot, through its predecessors, come from itself.
"""

from collections.abc import Iterable, Mapping


def ancestors(start: Iterable[int], predecessors: Mapping[int, Iterable[int]]) -> set[int]:
    """Every node reachable from `start` by following predecessors, `start` included."""
    seen: set[int] = set()
    todo = list(start)
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        todo.extend(predecessors.get(current, ()))
    return seen


def would_cycle(node: int, new_predecessors: Iterable[int], predecessors: Mapping[int, Iterable[int]]) -> bool:
    """True when giving `node` these predecessors would make it come from itself."""
    return node in ancestors(new_predecessors, predecessors)


def find_cycle(predecessors: Mapping[int | str, Iterable[int | str]]) -> list | None:
    """One cycle in the graph as a list of nodes (first repeated at the end), or None."""
    state: dict = {}  # node -> "open" while on the path, "done" after
    for root in predecessors:
        if root in state:
            continue
        path: list = [root]
        iterators = [iter(predecessors.get(root, ()))]
        state[root] = "open"
        while iterators:
            step = next(iterators[-1], None)
            if step is None:
                state[path.pop()] = "done"
                iterators.pop()
                continue
            if state.get(step) == "open":
                return path[path.index(step):] + [step]
            if step not in state:
                state[step] = "open"
                path.append(step)
                iterators.append(iter(predecessors.get(step, ())))
    return None
