"""A steering document's leaves as themes to read business plans against (leafreading.py),
with the plan owner's refinements. The Django side of the plain engine."""

from lika.plans.models import SteeringDocument
from lika.plans.queries import measure_nodes

from .leafreading import Leaf, LeafThemes, build


class NothingToReadAgainst(Exception):
    """The document cannot be read against: it has no leaves."""


def document_leaves(document: SteeringDocument, refinements: dict | None = None) -> list[Leaf]:
    refinements = refinements or {}
    leaves = []
    for node in measure_nodes(document):
        extra, removed = refinements.get(node.code, ((), ()))
        leaves.append(Leaf(node.code, f"{node.title_sv}\n{node.body_sv}", tuple(extra), tuple(removed)))
    return leaves


def leaf_themes(document: SteeringDocument, refinements: dict | None = None) -> LeafThemes:
    leaves = document_leaves(document, refinements)
    if not leaves:
        raise NothingToReadAgainst(f"{document.identifier} has no measures or strategies to read a business plan against")
    return build(leaves)
