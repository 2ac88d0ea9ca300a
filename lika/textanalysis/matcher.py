"""Passages and the themes they touch, and the scorecard of a plan.

`passages(text)` cuts a page into passages: paragraphs (lines joined, broken
hyphenation repaired), long ones split into groups of sentences, and
heading-like short lines kept as headings. `match_pages(pages, vocabulary)`
looks for every theme's terms in every passage and returns the passages that
touch at least one theme, with the words that matched ("why it matched") and
their offsets for highlighting.

`scorecard(found, vocabulary)`: a theme is *present* in a plan when at least
`present_min_passages` passages (default 2) touch it or a heading does; it is
*mentioned in passing* with one passage that is not a heading; otherwise
*absent*.
"""

import re
from dataclasses import dataclass, field

from .lemmas import Token, analyse, detect_language
from .vocabulary import Vocabulary

PRESENT = "present"
MENTIONED = "mentioned"
ABSENT = "absent"

MAX_PASSAGE = 700
SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9\"“(])")


@dataclass
class Passage:
    page: int
    text: str
    heading: bool = False
    themes: dict = field(default_factory=dict)  # theme key -> sorted list of matched words
    spans: dict = field(default_factory=dict)  # theme key -> sorted (start, end) of its matched words

    def as_dict(self) -> dict:
        return {"page": self.page, "text": self.text, "heading": self.heading, "themes": self.themes, "spans": self.spans}


def _is_heading(line: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= 10
        and len(line) <= 80
        and line[-1] not in ".,;:!?"
        and (line[0].isupper() or line[0].isdigit())
        and any(c.isalpha() for c in line)
    )


def _paragraphs(text: str) -> list[tuple[str, bool]]:
    """(paragraph, is_heading) in order."""
    out: list[tuple[str, bool]] = []
    current: list[str] = []

    def flush():
        if current:
            joined = ""
            for line in current:
                if joined.endswith("-") and line[:1].islower() and not joined.endswith(" -"):
                    joined = joined[:-1] + line
                else:
                    joined = f"{joined} {line}" if joined else line
            out.append((re.sub(r"\s+", " ", joined).strip(), False))
            current.clear()

    lines = [line.strip() for line in text.replace("\r", "").split("\n")]
    blank_runs = sum(1 for line in lines if not line)
    # PDF text often has a blank line after every line: then blank lines do not end paragraphs.
    blank_is_break = blank_runs < 0.75 * max(1, sum(1 for line in lines if line))
    for index, line in enumerate(lines):
        if not line:
            if blank_is_break:
                flush()
            continue
        next_line = next((candidate for candidate in lines[index + 1 :] if candidate), "")
        after_sentence = not current or current[-1][-1:] in ".!?:"
        if _is_heading(line) and after_sentence and (not next_line or next_line[:1].isupper() or next_line[:1].isdigit()):
            flush()
            out.append((line, True))
            continue
        current.append(line)
        if line[-1] in ".!?" and len(line) < 60:
            flush()
    flush()
    return out


def passages(text: str, page: int = 1) -> list[Passage]:
    result = []
    for paragraph, heading in _paragraphs(text):
        if heading or len(paragraph) <= MAX_PASSAGE:
            result.append(Passage(page, paragraph, heading))
            continue
        group = ""
        for sentence in SENTENCE_RE.split(paragraph):
            if group and len(group) + len(sentence) > MAX_PASSAGE * 0.6:
                result.append(Passage(page, group))
                group = sentence
            else:
                group = f"{group} {sentence}" if group else sentence
        if group:
            result.append(Passage(page, group))
    return result


class _Index:
    """A passage's tokens, each with its keys plus the vocabulary's prefix patterns ("diskrimin*") they match."""

    def __init__(self, tokens: list[Token], vocabulary: Vocabulary):
        cache = vocabulary.expansions
        prefixes = vocabulary.prefixes
        self.keys = []
        self.positions: dict[str, list[int]] = {}
        for position, token in enumerate(tokens):
            expanded = cache.get(token.keys)
            if expanded is None:
                found = {p for p in prefixes if any(k.startswith(p[:-1]) for k in token.keys)}
                expanded = token.keys | found if found else token.keys
                if len(cache) < 200_000:
                    cache[token.keys] = expanded
            self.keys.append(expanded)
            for key in expanded:
                self.positions.setdefault(key, []).append(position)

    def find(self, pattern: tuple[str, ...]) -> list[tuple[int, int]]:
        """Token index ranges [i, j) where the pattern occurs."""
        starts = self.positions.get(pattern[0])
        if not starts:
            return []
        n = len(pattern)
        if n == 1:
            return [(i, i + 1) for i in starts]
        last = len(self.keys)
        return [(i, i + n) for i in starts if i + n <= last and all(pattern[k] in self.keys[i + k] for k in range(1, n))]


def match_text(text: str, vocabulary: Vocabulary, lang: str | None = None) -> tuple[dict, list]:
    """{theme key: sorted matched words}, and {theme key: sorted (start, end) offsets of those words}."""
    lang = lang or detect_language(text)
    tokens = analyse(text, lang)
    if not tokens:
        return {}, {}
    index = _Index(tokens, vocabulary)
    themes: dict = {}
    spans: dict = {}
    for theme in vocabulary.themes:
        hits: list[list[tuple[int, int]]] = []  # each: the spans of one hit, the first one decisive
        for _label, pattern in theme.terms.get(lang, ()):
            hits.extend([h] for h in index.find(pattern))
        for rule in theme.near.get(lang, ()):
            anchors = [h for pattern in rule.words for h in index.find(pattern)]
            if not anchors:
                continue
            partners = [h for pattern in rule.with_ for h in index.find(pattern)]
            for start, end in anchors:
                close = [p for p in partners if p[0] < end + rule.within and p[1] > start - rule.within and p != (start, end)]
                if close:
                    hits.append([(start, end), *close])
        if not hits:
            continue
        excluded = [h for pattern in theme.exclude.get(lang, ()) for h in index.find(pattern)]
        if excluded:
            # A hit inside an exclusion does not count, unless the hit is the longer phrase.
            hits = [
                h
                for h in hits
                if not any(h[0][0] < e[1] and h[0][1] > e[0] and not (h[0][0] <= e[0] and h[0][1] >= e[1] and h[0] != e) for e in excluded)
            ]
        if not hits:
            continue
        words = set()
        offsets = set()
        for hit in hits:
            for start, end in hit:
                words.add(" ".join(t.surface for t in tokens[start:end]).lower())
                offsets.add((tokens[start].start, tokens[end - 1].end))
        themes[theme.key] = sorted(words)
        spans[theme.key] = sorted(offsets)
    return themes, spans


def pages_language(pages: list) -> str:
    """'sv' or 'en' for a plan's [(number, text), ...], from the start of its first pages."""
    return detect_language(" ".join(text[:2000] for _n, text in pages[:5]))


def match_pages(pages: list[tuple[int, str]], vocabulary: Vocabulary, match=None) -> list[Passage]:
    """The passages of a plan that touch at least one theme, in page order. `match` reads one
    passage (default: against a vocabulary; leafreading.match_text reads against a plan's leaves)."""
    match = match or match_text
    lang = pages_language(pages)
    found = []
    for number, text in pages:
        for passage in passages(text, number):
            passage.themes, passage.spans = match(passage.text, vocabulary, lang)
            if passage.themes:
                found.append(passage)
    return found


@dataclass(frozen=True)
class ThemeScore:
    key: str
    status: str
    count: int
    pages: tuple[int, ...]
    in_heading: bool


def theme_status(count: int, in_heading: bool, minimum: int, heading_is_enough: bool = True) -> str:
    if count >= minimum or (heading_is_enough and in_heading and count):
        return PRESENT
    return MENTIONED if count else ABSENT


def scorecard(found: list, vocabulary: Vocabulary) -> list[ThemeScore]:
    """Per theme of the vocabulary, in its order: status, passage count, pages, whether a heading touches it.

    `found` holds Passage objects or their dicts.
    """
    out = []
    plain = [p if isinstance(p, dict) else p.as_dict() for p in found]
    for theme in vocabulary.themes:
        hits = [p for p in plain if theme.key in p["themes"]]
        in_heading = any(p["heading"] for p in hits)
        status = theme_status(len(hits), in_heading, vocabulary.present_min_passages, getattr(vocabulary, "heading_is_enough", True))
        out.append(ThemeScore(theme.key, status, len(hits), tuple(sorted({p["page"] for p in hits})), in_heading))
    return out


def highlight_parts(text: str, spans) -> list[tuple[str, bool]]:
    """The text cut into (piece, is_match) for rendering with <mark>."""
    parts = []
    position = 0
    for start, end in sorted(tuple(s) for s in spans):
        if start < position:
            continue
        if start > position:
            parts.append((text[position:start], False))
        parts.append((text[start:end], True))
        position = end
    if position < len(text):
        parts.append((text[position:], False))
    return parts
