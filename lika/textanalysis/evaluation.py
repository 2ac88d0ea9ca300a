"""Precision and recall of the theme matcher on a labelled set of passages.

The set is a YAML file (bench/data/textanalysis_eval.yaml) with `passages:`,
each with `text` and `themes` (the keys a careful reader gives it; [] for a
hard negative). A passage counts as found for a theme when the matcher gives
the theme to the passage as a whole.
"""

from dataclasses import dataclass

from lika.lib.yamlfile import parse_yaml

from .matcher import match_text
from .vocabulary import Vocabulary


@dataclass(frozen=True)
class ThemeResult:
    key: str
    labelled: int
    found: int
    true_positives: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.labelled if self.labelled else 1.0


def load_set(text: str, filename: str = "eval.yaml", *, heldout_only: bool = False) -> list[tuple[str, frozenset[str]]]:
    """(text, themes) of every passage; with heldout_only, only those written after the vocabulary was tuned."""
    data = parse_yaml(text, filename)
    return [(p["text"], frozenset(p.get("themes") or ())) for p in data["passages"] if p.get("heldout") or not heldout_only]


def evaluate(passages: list[tuple[str, frozenset[str]]], vocabulary: Vocabulary):
    """Per theme results, and the disagreements as (text, missed themes, extra themes)."""
    counts = {key: [0, 0, 0] for key in vocabulary.keys}
    disagreements = []
    for text, labels in passages:
        unknown = labels - set(counts)
        if unknown:
            raise ValueError(f"unknown theme {sorted(unknown)} in passage {text[:60]!r}")
        found = set(match_text(text, vocabulary)[0])
        for key in labels:
            counts[key][0] += 1
        for key in found:
            counts[key][1] += 1
        for key in found & labels:
            counts[key][2] += 1
        if found != labels:
            disagreements.append((text, sorted(labels - found), sorted(found - labels)))
    return [ThemeResult(key, *values) for key, values in counts.items()], disagreements
