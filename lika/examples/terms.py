"""The words of the example bank: what an example is found by, and what a query asks for.

Both sides use the business-plan reading's Swedish machinery (textanalysis/lemmas.py): a word's
lemma, and for a compound the signature of its parts ("planpromenader" -> "plan+promenad"), so
"barnkonsekvensanalysen" finds "barnkonsekvensanalyser" and "planpromenad" finds
"planpromenader", on SQLite and PostgreSQL alike (the index is rows of terms, not an engine's
full-text search). A query word is never split into its parts: "barn" would then find every
compound with "barn" in it. Plain data in and out; no Django.
"""

from functools import lru_cache

from lika.textanalysis.lemmas import PART_RE, compound_base, compound_split, lemma

from .stopwords import STOP_WORDS

MAX_QUERY = 200  # characters read of a query
MAX_WORDS = 8
SIMILAR_CHARS = 4000  # characters of a text read for suggestions


@lru_cache(maxsize=200_000)
def word_terms(word: str, lang: str = "sv") -> frozenset[str]:
    """The terms one lower-case word is indexed and searched by."""
    base = lemma(word, lang)
    terms = {word, base}
    parts = compound_split(base) or compound_split(word)
    if parts:
        terms.add(compound_base(word))
        terms.add("+".join(parts))
    return frozenset(term for term in terms if len(term) <= 100)


def text_terms(text: str, lang: str = "sv") -> set[str]:
    """Every term a text is found by: each word's terms and, for hyphenated words, each part's."""
    terms: set[str] = set()
    for word in PART_RE.findall(text.lower()):
        terms |= word_terms(word, lang)
    return terms


def query_words(
    query: str, lang: str = "sv", *, max_words: int | None = MAX_WORDS, max_chars: int = MAX_QUERY
) -> tuple[list[tuple[str, frozenset[str]]], bool]:
    """[(word, its terms)] of a query, without stop words; and whether the query was cut short.
    Quotes, operators and punctuation are not syntax here: they are dropped. `max_words=None`:
    every word of the first `max_chars` characters (a suggestion reads a whole text)."""
    if max_words is None:
        max_chars = max(max_chars, SIMILAR_CHARS)
    cut = len(query) > max_chars
    words = []
    seen = set()
    for word in PART_RE.findall(query[:max_chars].lower()):
        if word in STOP_WORDS or lemma(word, lang) in STOP_WORDS or len(word) < 2:
            continue
        if word not in seen:
            seen.add(word)
            words.append((word, word_terms(word, lang)))
    if max_words is None:
        return words, cut
    return words[:max_words], cut or len(words) > max_words


def snippet(text: str, terms: set[str], width: int = 90, lang: str = "sv") -> list[tuple[str, bool]] | None:
    """The text around the first word found by any of `terms`, cut into (piece, is_match), or None."""
    import re

    matches = [m for m in re.finditer(r"[^\W\d_]+", text) if word_terms(m.group().lower(), lang) & terms]
    if not matches:
        return None
    first = matches[0]
    start = max(0, first.start() - width)
    end = min(len(text), first.end() + width)
    pieces: list[tuple[str, bool]] = [("…" if start else "", False)]
    position = start
    for match in matches:
        if match.start() < start or match.end() > end:
            continue
        pieces.append((text[position : match.start()], False))
        pieces.append((match.group(), True))
        position = match.end()
    pieces.append((text[position:end] + ("…" if end < len(text) else ""), False))
    return [piece for piece in pieces if piece[0]]
