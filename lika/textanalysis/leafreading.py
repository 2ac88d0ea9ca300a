"""Reading a text against a plan's own leaves (measures, strategies): each leaf is a theme made
from its own words.

A leaf's words are the keys (lemmas and compound parts, lemmas.py) of its title and description,
without function words and the words every plan uses ("arbeta", "utveckla", "kommun"). Each
word weighs by how few leaves use it (inverse document frequency over the plan's leaves), so
"valdeltagande" (one strategy) says more than "barn" (a third of them). A passage addresses a
leaf when the words it shares with the leaf weigh at least `threshold` and, unless one of them
is the leaf's own (used by no other leaf) and long enough to be specific, there are at least two.

The plan owner refines a leaf with `extra` words (which count as the leaf's own) and `removed`
words. Plain data in, plain data out: no Django here.
"""

import math
import re
from dataclasses import dataclass, field

from .lemmas import analyse, detect_language, lemma, term_lemmas

# Function words and the words of every plan: they say nothing about which leaf a passage serves.
STOP_WORDS = frozenset(
    ["och", "att", "det", "som", "är", "för", "på", "med", "av", "vi", "till", "inte", "har", "den", "ett", "de", "ska", "kan", "vår", "våra", "också", "om", "så", "eller", "en", "i", "från", "under", "över", "genom", "mellan", "mot", "efter", "före", "utan", "inom", "kring", "där", "här", "när", "hur", "vad", "vilka", "vilken", "vilket", "all", "alla", "allt", "andra", "annan", "annat", "både", "bland", "samt", "sin", "sina", "sitt", "egen", "egna", "även", "mer", "mest", "fler", "flest", "många", "olik", "olika", "nya", "ny", "bra", "god", "stor", "liten", "få", "hel", "helt", "ha", "bli", "vara", "göra", "ge", "gå", "se", "finnas", "behöva", "behov", "kommun", "kommunen", "kommunal", "halmstad", "helsingborg", "stad", "staden", "förvaltning", "bolag", "nämnd", "verksamhet", "arbete", "arbeta", "arbetssätt", "insats", "insatser", "åtgärd", "utveckla", "utveckling", "stärka", "stärkt", "öka", "ökad", "ökat", "aktiv", "aktivt", "säkra", "säkerställa", "fokus", "särskild", "särskilt", "form", "skede", "del", "delar", "detta", "dessa", "denna", "sätt", "bidra", "skapa", "verka", "gemensam", "gemensamt", "tillsammans", "samverkan", "samverka", "samordna", "exempel", "bland", "kunna", "skola", "även", "tid", "år", "viktig", "ta", "också", "deras", "dess", "dem", "oss", "man", "människa", "person", "upp", "inför", "röra", "använda", "the", "and", "of", "to", "in", "for", "with", "on", "by", "as", "or", "a", "an", "be", "is", "are", "we", "our", "will", "this", "that", "it"]
)


@dataclass(frozen=True)
class Leaf:
    code: str
    text: str
    extra: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class LeafTheme:
    key: str


@dataclass
class LeafThemes:
    """Every leaf's words with their weights, ready to read passages with. Shaped like a
    Vocabulary where the scorecard needs it (`themes`, `present_min_passages`)."""

    words: dict[str, dict[str, float]]  # leaf code -> word -> weight
    own: dict[str, frozenset[str]]  # leaf code -> words no other leaf uses
    threshold: float
    relative: float = 0.8
    order: tuple[str, ...] = ()
    problems: list[str] = field(default_factory=list)
    present_min_passages: int = 2
    added: dict[str, frozenset[str]] = field(default_factory=dict)  # leaf code -> the plan owner's words

    @property
    def themes(self) -> tuple[LeafTheme, ...]:
        return tuple(LeafTheme(code) for code in self.order)


def content_keys(text: str, lang: str = "sv") -> set[str]:
    keys: set[str] = set()
    for token in analyse(text, lang):
        if lemma(token.surface.lower(), lang) in STOP_WORDS:
            continue
        keys |= {key for key in token.keys if len(key) > 2 and key not in STOP_WORDS}
    return keys


def build(leaves: list[Leaf], *, threshold: float = 2.2, relative: float = 0.8, lang: str = "sv") -> LeafThemes:
    """The themes of a plan's leaves. Problems (a leaf without usable words) are listed, not raised."""
    raw = {}
    problems = []
    for leaf in leaves:
        keys = content_keys(leaf.text, lang) | {term_lemmas(word, lang)[-1] for word in leaf.extra}
        keys -= {lemma for word in leaf.removed for lemma in term_lemmas(word, lang)}
        if not keys:
            problems.append(leaf.code)
        raw[leaf.code] = keys
    count = max(len(raw), 1)
    frequency: dict[str, int] = {}
    for keys in raw.values():
        for key in keys:
            frequency[key] = frequency.get(key, 0) + 1
    extra = {leaf.code: {term_lemmas(word, lang)[-1] for word in leaf.extra} for leaf in leaves}
    # The plan owner's own words are decisive on their own: they weigh the whole threshold.
    words = {
        code: {key: threshold if key in extra[code] else math.log(1 + count / frequency[key]) for key in keys}
        for code, keys in raw.items()
    }
    own = {code: frozenset(k for k in keys if frequency[k] == 1 and (len(k) >= 7 or k in extra[code])) for code, keys in raw.items()}
    added = {code: frozenset(keys) for code, keys in extra.items() if keys}
    return LeafThemes(words, own, threshold, relative, tuple(leaf.code for leaf in leaves), problems, added=added)


SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")


def match_text(text: str, themes: LeafThemes, lang: str | None = None) -> tuple[dict, dict]:
    """{leaf code: sorted matched words}, {leaf code: sorted (start, end) offsets}, as matcher.match_text.

    Read sentence by sentence: a passage often serves several leaves, one per sentence."""
    lang = lang or detect_language(text)
    found: dict = {}
    spans: dict = {}
    start = 0
    for end in [m.start() for m in SENTENCE_END.finditer(text)] + [len(text)]:
        words, offsets = _match_sentence(text[start:end], themes, lang)
        for code in words:
            found[code] = sorted(set(found.get(code, [])) | set(words[code]))
            spans[code] = sorted(set(spans.get(code, [])) | {(a + start, b + start) for a, b in offsets[code]})
        start = end
    return found, spans


def _match_sentence(text: str, themes: LeafThemes, lang: str) -> tuple[dict, dict]:
    tokens = analyse(text, lang)
    positions: dict[str, list[int]] = {}
    for index, token in enumerate(tokens):
        for key in token.keys:
            positions.setdefault(key, []).append(index)
    scores = {}
    for code in themes.order:
        weights = themes.words[code]
        shared = [key for key in weights if key in positions]
        if not shared:
            continue
        specific = any(key in themes.own[code] for key in shared)
        if len(shared) < 2 and not specific:
            continue
        scores[code] = (sum(weights[key] for key in shared), shared)
    best = max((value for value, _shared in scores.values()), default=0)
    found: dict = {}
    spans: dict = {}
    for code, (value, shared) in scores.items():
        decisive = any(key in themes.added.get(code, ()) for key in shared)
        if not decisive and (value < themes.threshold or value < themes.relative * best):
            continue
        hits = sorted({i for key in shared for i in positions[key]})
        found[code] = sorted({tokens[i].surface.lower() for i in hits})
        spans[code] = sorted({(tokens[i].start, tokens[i].end) for i in hits})
    return found, spans


def gettext_noop(message: str) -> str:
    """Marks a message for translation (makemessages finds it); the caller translates."""
    return message


def parse_refinements(text: str, codes: list[str], lang: str = "sv") -> tuple[dict, list[tuple[str, dict]]]:
    """The plan owner's words per leaf, one line per leaf: `1.1.3 +ordförråd +sagostund -unga`.

    Returns ({code: (added, removed)}, problems); a problem is (message, values), the message
    naming its line, for the caller to translate. A word every plan uses cannot be added: it
    would make the leaf match everything."""
    refinements: dict[str, tuple[list, list]] = {}
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.split("#", 1)[0].split()
        if not parts:
            continue
        code, words = parts[0].rstrip(":"), parts[1:]
        if code not in codes:
            problems.append((gettext_noop("line %(line)s: %(code)s is not one of the plan's items"), {"line": number, "code": code}))
            continue
        added, removed = refinements.setdefault(code, ([], []))
        for word in words:
            sign, bare = word[:1], word[1:].strip(",;").lower()
            values = {"line": number, "code": code, "word": bare or word}
            if sign not in "+-" or not bare:
                values["word"] = word
                problems.append((gettext_noop("line %(line)s: write each word as +word (look for it) or -word (do not), not %(word)s"), values))
            elif sign == "+" and (lemma(bare, lang) in STOP_WORDS or len(bare) < 3):
                problems.append((gettext_noop("line %(line)s: %(word)s is too common to add: it would make %(code)s match almost every text"), values))
            else:
                (added if sign == "+" else removed).append(bare)
    return refinements, problems
