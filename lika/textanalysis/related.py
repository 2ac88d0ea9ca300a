"""Related words for reading a text against a plan's leaves: synonyms from Viggo Kann's Swedish
synonym lexicon (data/synonyms_sv.tsv.gz, see data/README.md) and derivations of the same stem
("delaktig"/"delaktighet", "inkludera"/"inkludering"/"inkluderande").

The lexicon is read on first use and kept (about 16 000 headwords; tens of milliseconds), so
nothing is loaded when Lika starts. Relations are made symmetric: the lexicon often lists a
pair one way only. Plain Python: no Django here.
"""

import gzip
from functools import lru_cache
from pathlib import Path

import simplemma

from .lemmas import lemma

LEXICON_PATH = Path(__file__).with_name("data") / "synonyms_sv.tsv.gz"
TERMS_PATH = Path(__file__).with_name("data") / "municipal_terms_sv.yaml"

# A word with more neighbours than MAX_NEIGHBOURS has many senses or is general ("göra", "hel");
# its synonyms would make a leaf match texts about something else.
MIN_LENGTH = 5

# Derivations of one stem, (ending, ending it may take instead): from a derived word to its
# stem ("delaktighet" -> "delaktig", "inkludering"/"inkluderande" -> "inkludera",
# "kartläggning" -> "kartlägga"), and from a stem to the derived words of the same sense only
# where the ending says what the stem is (a verb in -era, an adjective in -ig, -lig, -isk).
DERIVATIONS = (
    ("het", ""),
    ("ering", "era"),
    ("erande", "era"),
    ("ning", "a"),
    ("era", "ering"),
    ("era", "erande"),
    ("ig", "ighet"),
    ("isk", "iskhet"),
)
MAX_NEIGHBOURS = 8

@lru_cache(maxsize=1)
def lexicon() -> dict[str, frozenset[str]]:
    """Headword -> its single-word synonyms, both directions, lower case."""
    graph: dict[str, set[str]] = {}
    with gzip.open(LEXICON_PATH, "rt", encoding="utf-8") as lines:
        for line in lines:
            head, _tab, rest = line.rstrip("\n").partition("\t")
            head = head.lower()
            if " " in head:
                continue
            for word in rest.lower().split("|"):
                if word and " " not in word and word != head:
                    graph.setdefault(head, set()).add(word)
                    graph.setdefault(word, set()).add(head)
    return {word: frozenset(neighbours) for word, neighbours in graph.items()}


@lru_cache(maxsize=1)
def term_groups() -> dict[str, frozenset[str]]:
    """Word (as a key: itself and its lemma) -> the other words of its groups in the municipal
    term list (data/municipal_terms_sv.yaml), as keys."""
    import yaml

    groups = yaml.safe_load(TERMS_PATH.read_text(encoding="utf-8"))
    out: dict[str, set[str]] = {}
    for group in groups:
        keys = [{word, lemma(word, "sv")} for word in group["words"]]
        for index, own in enumerate(keys):
            mates = {_base(word, "sv") for other, word in enumerate(group["words"]) if other != index}
            for key in own:
                out.setdefault(key, set()).update(mates - own)
    return {key: frozenset(mates) for key, mates in out.items()}


@lru_cache(maxsize=50_000)
def municipal_terms(word: str, lang: str = "sv") -> frozenset[str]:
    """The words the municipal term list groups with a word ("pensionär" with "äldre")."""
    return term_groups().get(word, frozenset()) if lang == "sv" else frozenset()


@lru_cache(maxsize=50_000)
def synonyms(word: str, lang: str = "sv") -> frozenset[str]:
    """The lemmas of a word's synonyms, without general words; empty for a general word."""
    if lang != "sv":
        return frozenset()
    graph = lexicon()
    neighbours = graph.get(word, frozenset())
    if len(neighbours) > MAX_NEIGHBOURS:
        return frozenset()
    return frozenset(
        _base(other, lang) for other in neighbours if len(other) >= MIN_LENGTH and len(graph.get(other, ())) <= MAX_NEIGHBOURS
    )


def _base(word: str, lang: str) -> str:
    """A lexicon word as a key: its lemma, as a text's words are compared by theirs, except where the
    lemmatiser makes a known word into another one ("följd" -> "följa"); "klubb" -> "klubba" is kept,
    since the text's "klubbar" has the lemma "klubba" too."""
    base = lemma(word, lang)
    return word if simplemma.is_known(word, lang=lang) and not base.startswith(word) else base


@lru_cache(maxsize=50_000)
def derivations(word: str, lang: str = "sv") -> frozenset[str]:
    """Words of the same stem that the lemmatiser keeps apart, when they are known Swedish words."""
    if lang != "sv" or len(word) < MIN_LENGTH:
        return frozenset()
    found = set()
    for ending, other in DERIVATIONS:
        if word.endswith(ending):
            candidate = word[: len(word) - len(ending)] + other
            if candidate != word and len(candidate) >= MIN_LENGTH and simplemma.is_known(candidate, lang=lang):
                found.add(candidate)
    found.discard(word)
    return frozenset(found)
