"""A steering document's leaves as themes to read business plans against (leafreading.py),
with the plan owner's refinements. The Django side of the plain engine."""

import hashlib
import json
from dataclasses import dataclass

from django.db.models import Q

from lika.plans.models import DocumentKind, DocumentStatus, SteeringDocument
from lika.plans.queries import measure_nodes

from .leafreading import (
    Leaf,
    LeafThemes,
    build,
    parse_refinements,
    with_added,
    without_set_aside,
)
from .leafreading import match_text as leaf_match


class NothingToReadAgainst(Exception):
    """The document cannot be read against: it has no leaves."""


def document_leaves(document: SteeringDocument, refinements: dict | None = None) -> list[Leaf]:
    """The document's leaves, each with the text of the area or ambition above it as context."""
    refinements = refinements or {}
    by_id = {node.pk: node for node in document.nodes.all()}
    leaves = []
    for node in measure_nodes(document):
        extra, removed = refinements.get(node.code, ((), ()))
        parent = by_id.get(node.parent_id)
        context = f"{parent.title_sv}\n{parent.body_sv}" if parent else ""
        leaves.append(Leaf(node.code, f"{node.title_sv}\n{node.body_sv}", tuple(extra), tuple(removed), context))
    return leaves


def leaf_codes(document: SteeringDocument) -> list[str]:
    return [node.code for node in measure_nodes(document)]


def words_in_force(document: SteeringDocument):
    """The latest LeafWords of the document, or None."""
    from .models import LeafWords

    return LeafWords.objects.filter(document=document).order_by("-version").first()


def refinements_in_force(document: SteeringDocument) -> dict:
    words = words_in_force(document)
    if words is None:
        return {}
    return parse_refinements(words.text, [node.code for node in measure_nodes(document)])[0]


def leaf_themes(document: SteeringDocument, refinements: dict | None = None) -> LeafThemes:
    """The document's leaves as themes, with the plan owner's words in force (or `refinements`)."""
    if refinements is None:
        refinements = refinements_in_force(document)
    leaves = document_leaves(document, refinements)
    if not leaves:
        raise NothingToReadAgainst(f"{document.identifier} has no measures or strategies to read a business plan against")
    return build(leaves)


def themes_digest(themes: LeafThemes) -> str:
    """A fingerprint of what a plan is read with: the items' words and weights, the plan owner's
    words, the threshold. It changes when the plan's items or words change, and when a new version
    of Lika reads differently."""
    shape = {
        "words": {code: sorted((word, round(weight, 6)) for word, weight in themes.words[code].items()) for code in themes.order},
        "own": {code: sorted(themes.own.get(code, ())) for code in themes.order},
        "added": {code: sorted(words) for code, words in themes.added.items()},
        "threshold": round(themes.threshold, 6),
        "relative": themes.relative,
    }
    return hashlib.sha256(json.dumps(shape, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()[:32]


def documents_to_read_against(municipality) -> list[SteeringDocument]:
    """The adopted plans a municipality's business plans are read against (not programmes: their
    focus areas are followed up through the plans under them)."""
    return list(
        SteeringDocument.objects.filter(municipality=municipality, status=DocumentStatus.ADOPTED)
        .filter(Q(kind=DocumentKind.PLAN))
        .order_by("identifier")
    )


def read_pages(pages: list, themes: LeafThemes, set_aside: set[tuple[str, str]] = frozenset(), added: list = ()) -> tuple[list, list]:
    """(passages, scores) of stored pages against a document's leaves, without the passages the
    plan owner set aside ((leaf code, passage digest) pairs) and with those added ((leaf code, page, text))."""
    from .matcher import match_pages, scorecard

    found = [p.as_dict() for p in match_pages([(n, t) for n, t in pages], themes, leaf_match)]
    passages = with_added(without_set_aside(found, set_aside), list(added))
    return passages, [[s.key, s.status, s.count, s.in_heading] for s in scorecard(passages, themes)]


@dataclass(frozen=True)
class LeafLabel:
    """A leaf as a column of the units × themes table."""

    key: str
    name: str

    def label(self, language: str) -> str:
        return f"{self.key} {self.name}"


def leaf_labels(document: SteeringDocument, language: str) -> list[LeafLabel]:
    from lika.core.localized import localized

    return [LeafLabel(node.code, localized(node, "title", language)) for node in measure_nodes(document)]
