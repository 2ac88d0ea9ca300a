"""Words as Lika compares them: tokens, lower case, lemmas and the parts of Swedish compounds.

`analyse(text)` gives the tokens of a text with their character offsets and,
for each, the set of *keys* it can match: its lemma (simplemma, Swedish or
English), the lemmas of the parts of a hyphenated word ("icke-diskriminerande"
-> icke, diskriminera) and of a Swedish compound ("diskrimineringsgrunderna"
-> diskrimineringsgrund, diskriminering, grund; "könsuppdelad" -> kön,
uppdela). A term of the vocabulary matches a token when the term's lemma is one
of the token's keys, so inflection and compounding do not hide a theme.

Compound splitting is deliberately simple: a word of eight letters or more is
split where both the modifier (three letters or more, with or without a linking
-s- or -e-) and the head (four letters or more) are words simplemma knows; the
longest modifier wins and the modifier is split again (three parts at most).
Results are cached per word, which is what makes 20 plans of 40 pages fast.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import simplemma

WORD_RE = re.compile(r"[^\W\d_]+(?:\+?[-–][^\W\d_]+|\+)*(?:['’]s\b)?", re.UNICODE)
POSSESSIVE_RE = re.compile(r"['’]s$")
PART_RE = re.compile(r"[^\W\d_]+", re.UNICODE)

SV_MARKERS = frozenset("och att det som är för på med av vi till inte har den ett de ska kan vår våra också om så eller".split())
EN_MARKERS = frozenset("the and of to is we for in that with are our be will on this by as or it not".split())


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    surface: str
    keys: frozenset[str]


def detect_language(text: str) -> str:
    """'sv' or 'en', from the share of common function words; Swedish when unsure."""
    words = [w.lower() for w in PART_RE.findall(text[:4000])]
    sv = sum(1 for w in words if w in SV_MARKERS)
    en = sum(1 for w in words if w in EN_MARKERS)
    return "en" if en > sv else "sv"


@lru_cache(maxsize=200_000)
def lemma(word: str, lang: str) -> str:
    return simplemma.lemmatize(word, lang=lang).lower()


def warm_up() -> None:
    """Load the Swedish and English word lists and the synonym lexicon now (about 2 s) instead of
    in someone's request. The web server does it once before it starts its workers, which then
    share them."""
    from .related import lexicon

    lemma("barnen", "sv")
    lemma("children", "en")
    lexicon()


@lru_cache(maxsize=200_000)
def _known(word: str) -> bool:
    return len(word) >= 3 and simplemma.is_known(word, lang="sv")


@lru_cache(maxsize=200_000)
def compound_parts(word: str, depth: int = 0) -> tuple[str, ...]:
    """The lemmas of the parts of a Swedish compound, or () when it cannot be split."""
    if len(word) < 7 or depth > 1:
        return ()
    for cut in range(len(word) - 4, 2, -1):
        modifier, head = word[:cut], word[cut:]
        if not _known(head):
            continue
        candidates = [modifier]
        if modifier[-1] in "se" and len(modifier) > 3:
            candidates.insert(0, modifier[:-1])
        for candidate in candidates:
            inner = compound_parts(candidate, depth + 1)
            if _known(candidate):
                return (lemma(candidate, "sv"), *inner, lemma(head, "sv"))
            if inner:
                return (*inner, lemma(head, "sv"))
    return ()


@lru_cache(maxsize=200_000)
def word_keys(word: str, lang: str) -> frozenset[str]:
    """Every key a (lower-case) word can match: its lemma, its hyphen parts, its compound parts."""
    keys = {word, lemma(word, lang)}
    parts = [p for p in PART_RE.findall(word)]
    if len(parts) > 1:
        for part in parts:
            keys |= word_keys(part, lang)
    elif lang == "sv":
        base = lemma(word, lang)
        keys.update(compound_parts(base) or compound_parts(word))
    return frozenset(keys)


def analyse(text: str, lang: str | None = None) -> list[Token]:
    """The word tokens of a text, each with its offsets and keys."""
    lang = lang or detect_language(text)
    return [
        Token(m.start(), m.end(), m.group(), word_keys(POSSESSIVE_RE.sub("", m.group().lower()).rstrip("+"), lang))
        for m in WORD_RE.finditer(text)
    ]


def term_lemmas(term: str, lang: str) -> tuple[str, ...]:
    """A vocabulary term as the lemmas to look for; a trailing * keeps a prefix ("diskrimin*")."""
    out = []
    for word in term.lower().split():
        word = POSSESSIVE_RE.sub("", word)
        if word.endswith("*"):
            out.append(word)
        else:
            parts = PART_RE.findall(word)
            out.append(lemma(word, lang) if len(parts) == 1 else word.rstrip("+"))
    return tuple(out)
