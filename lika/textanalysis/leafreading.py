"""Reading a text against a plan's own leaves (measures, strategies): each leaf is a theme made
from its own words.

A leaf's words are the keys (lemmas and compound parts, lemmas.py) of its title and description,
without function words, the words every plan uses ("arbeta", "utveckla", "kommun") and the words
of how any plan is run ("mål", "samtliga"). Each word weighs by how few leaves use it (inverse
document frequency over the plan's leaves), so "valdeltagande" (one strategy) says more than
"barn" (a third of them). The words of the leaf's area or ambition (`context`) weigh
CONTEXT_WEIGHT of that.

A sentence addresses a leaf when the words it shares with the leaf weigh at least `threshold`
(by default THRESHOLD_SHARE of a word of one leaf only; SHARED_WORDS_FACTOR times that unless one
shared word is the leaf's own and long enough to be specific), there are two of them unless one is
specific, and the leaf reaches `relative` of the sentence's best leaf. A word of the text counts
once, by its heaviest key; a key it shares only as a compound part weighs PART_FACTOR and is never
specific.

A leaf's theme is extended with *related* words (related.py): synonyms of its content words from
a Swedish synonym lexicon, derivations of the same stem, and the words the municipal term list
groups with them, each weighing RELATED_WEIGHT, DERIVED_WEIGHT or TERM_WEIGHT of the word it comes
from, so that a business plan saying the same thing in other words is found. A related word is
left out when another leaf uses it (decisions 0018, 0019).

The plan owner refines a leaf with `extra` words (decisive on their own) and `removed` words (own
or related). Plain data in, plain data out: no Django here.
"""

import hashlib
import math
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from . import related as related_words
from .lemmas import (
    PART_RE,
    POSSESSIVE_RE,
    analyse,
    compound_base,
    detect_language,
    lemma,
    term_lemmas,
)

# The words of how any plan or business plan is run, not of what it is about: a business plan says
# "mål", "indikator", "samtliga", "plan" whatever its subject. Not looked for in a leaf's own text,
# but the plan owner may still add one (parse_refinements refuses only COMMON_WORDS).
RUNNING_WORDS = ["mål", "målet", "indikator", "andel", "antal", "sig", "samma", "samtlig", "samtliga", "innan", "via", "plan", "plana", "planera", "planering", "hålla", "ordning", "situation", "fungera", "system", "process", "prioritera", "prioritering", "nivå", "resultat", "uppdrag", "budget", "ansvar", "rutin", "syfte", "genomföra", "förbättra", "minska", "ändra", "förändra", "innebära", "gälla", "ingå", "möjlighet", "förutsättning", "kontakt", "samband", "hand", "plats", "lokal", "lokaler", "intresse", "effektiv", "effektivare", "fortsätta", "nämnd", "nämnden", "styrelse", "enhet", "medarbetare", "personal", "chef", "område", "året", "del", "lägga", "följa", "ingen", "varje", "enda", "dels", "bland", "utifrån", "enligt", "tydlig", "tydligt", "långsiktig", "långsiktigt", "fram", "arbetet", "stadens", "kommunens", "stå", "står", "åter", "lite", "person", "personer", "leda"]
# Function words and the words of every plan: they say nothing about which leaf a passage serves.
COMMON_WORDS = frozenset(
    ["och", "att", "det", "som", "är", "för", "på", "med", "av", "vi", "till", "inte", "har", "den", "ett", "de", "ska", "kan", "vår", "våra", "också", "om", "så", "eller", "en", "i", "från", "under", "över", "genom", "mellan", "mot", "efter", "före", "utan", "inom", "kring", "där", "här", "när", "hur", "vad", "vilka", "vilken", "vilket", "all", "alla", "allt", "andra", "annan", "annat", "både", "bland", "samt", "sin", "sina", "sitt", "egen", "egna", "även", "mer", "mest", "fler", "flest", "många", "olik", "olika", "nya", "ny", "bra", "god", "stor", "liten", "få", "hel", "helt", "ha", "bli", "vara", "göra", "ge", "gå", "se", "finnas", "behöva", "behov", "kommun", "kommunen", "kommunal", "halmstad", "helsingborg", "stad", "staden", "förvaltning", "bolag", "nämnd", "verksamhet", "arbete", "arbeta", "arbetssätt", "insats", "insatser", "åtgärd", "utveckla", "utveckling", "stärka", "stärkt", "öka", "ökad", "ökat", "aktiv", "aktivt", "säkra", "säkerställa", "fokus", "särskild", "särskilt", "form", "skede", "del", "delar", "detta", "dessa", "denna", "sätt", "bidra", "skapa", "verka", "gemensam", "gemensamt", "tillsammans", "samverkan", "samverka", "samordna", "exempel", "bland", "kunna", "skola", "även", "tid", "år", "viktig", "ta", "också", "deras", "dess", "dem", "oss", "man", "människa", "person", "upp", "inför", "röra", "använda", "the", "and", "of", "to", "in", "for", "with", "on", "by", "as", "or", "a", "an", "be", "is", "are", "we", "our", "will", "this", "that", "it"]
)
STOP_WORDS = COMMON_WORDS | frozenset(RUNNING_WORDS)


@dataclass(frozen=True)
class Leaf:
    code: str
    text: str
    extra: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    context: str = ""  # the text of the area or ambition the leaf belongs to


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
    relative: float = 0.9  # RELATIVE
    order: tuple[str, ...] = ()
    problems: list[str] = field(default_factory=list)
    present_min_passages: int = 2
    # A heading alone ("Demokrati") does not make an item present: items are narrower than the
    # vocabulary's themes, and a one-word heading shares a word with many of them.
    heading_is_enough: bool = False
    added: dict[str, frozenset[str]] = field(default_factory=dict)  # leaf code -> the plan owner's words
    related: dict[str, dict[str, str]] = field(default_factory=dict)  # leaf code -> related word -> the leaf word it comes from

    @cached_property
    def index(self) -> dict[str, tuple[str, ...]]:
        """word -> the leaves that have it, in the leaves' order."""
        found: dict[str, list[str]] = {}
        for code in self.order:
            for key in self.words[code]:
                found.setdefault(key, []).append(code)
        return {key: tuple(codes) for key, codes in found.items()}

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


# Related words weigh this share of the leaf word they come from (decision 0018): enough for two
# of them, or one with a word of the leaf, to reach the threshold; too little to outweigh the
# leaf's own words where a passage shares those with another leaf.
RELATED_WEIGHT = 0.5
DERIVED_WEIGHT = 0.8
TERM_WEIGHT = 0.7
# A word used by more than this share of a plan's leaves is too general to take synonyms from.
RELATED_SOURCE_SHARE = 0.25
RELATED_SPECIFIC = True


# A passage addresses a leaf when its shared words weigh this share of the weight of a word of
# that leaf only (log(1 + number of leaves)): such a word, or two of a few leaves' each.
THRESHOLD_SHARE = 0.95
RELATIVE = 0.9
SHARED_WORDS_FACTOR = 1.2


def build(leaves: list[Leaf], *, threshold: float | None = None, relative: float = RELATIVE, lang: str = "sv", related: bool = True) -> LeafThemes:
    """The themes of a plan's leaves. Problems (a leaf without usable words) are listed, not raised."""
    if threshold is None:
        threshold = THRESHOLD_SHARE * math.log(1 + max(len(leaves), 1))
    raw = {}
    problems = []
    # A removed word goes as written and as its lemma: a related word is kept as the lexicon writes it.
    removed = {leaf.code: {key for word in leaf.removed for key in (word.lower(), *term_lemmas(word, lang))} for leaf in leaves}
    for leaf in leaves:
        keys = content_keys(leaf.text, lang) | {term_lemmas(word, lang)[-1] for word in leaf.extra}
        keys -= removed[leaf.code]
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
    links = _related(leaves, raw, own, removed, frequency, lang) if related else {}
    for code, found in links.items():
        for key, (source, factor) in found.items():
            words[code][key] = factor * words[code][source]
    sources = {code: {key: source for key, (source, _factor) in found.items()} for code, found in links.items()}
    own = _own_related(own, sources)
    _add_context(words, leaves, raw, removed, lang)
    return LeafThemes(words, own, threshold, relative, tuple(leaf.code for leaf in leaves), problems, added=added, related=sources)


# The words of the area or ambition a leaf belongs to weigh this share: they tell what the leaf is
# about ("Förebygga våld" above "Vi ska stärka det förebyggande arbetet mot våld i nära relationer"),
# but every leaf of the area has them.
CONTEXT_WEIGHT = 0.3


def _add_context(words: dict, leaves: list[Leaf], raw: dict, removed: dict, lang: str) -> None:
    context = {leaf.code: content_keys(leaf.context, lang) - raw[leaf.code] - removed[leaf.code] for leaf in leaves if leaf.context}
    if not context:
        return
    frequency: dict[str, int] = {}
    for code, keys in raw.items():
        for key in keys | context.get(code, set()):
            frequency[key] = frequency.get(key, 0) + 1
    for code, keys in context.items():
        for key in keys - words[code].keys():
            words[code][key] = CONTEXT_WEIGHT * math.log(1 + len(raw) / frequency[key])


def _own_related(own: dict, sources: dict) -> dict[str, frozenset[str]]:
    """A long related word of one leaf only, taken from a word of that leaf only, is specific too:
    "brottslighet" (from "kriminalitet") says as much about its leaf as the leaf's own word."""
    if not RELATED_SPECIFIC:
        return own
    reached: dict[str, int] = {}
    for found in sources.values():
        for key in found:
            reached[key] = reached.get(key, 0) + 1
    return {
        code: keys | {key for key, source in sources.get(code, {}).items() if source in keys and reached[key] == 1 and len(key) >= 7}
        for code, keys in own.items()
    }


def _source_words(text: str, lang: str) -> set[str]:
    """The whole words of a leaf (lemmas, and long compound parts) that related words are taken from."""
    found = set()
    for token in analyse(text, lang):
        base = lemma(token.surface.lower(), lang)
        if base in STOP_WORDS:
            continue
        found |= {key for key in token.keys if key == base or len(key) >= 7}
    return {word for word in found if len(word) >= related_words.MIN_LENGTH and word not in STOP_WORDS}


def _related(leaves: list[Leaf], raw: dict, own: dict, removed: dict, frequency: dict, lang: str) -> dict[str, dict[str, tuple[str, float]]]:
    """leaf code -> related word -> (the leaf word it comes from, its share of that word's weight).

    Not from a word many leaves use, and never a word a leaf uses (a whole word, or a compound part
    no other leaf has): that word speaks for its leaf."""
    sources = {leaf.code: _source_words(leaf.text, lang) & raw[leaf.code] for leaf in leaves}
    taken = set().union(*own.values(), *sources.values()) if raw else set()
    limit = max(2, RELATED_SOURCE_SHARE * len(raw))
    out = {}
    for leaf in leaves:
        found: dict[str, tuple[str, float]] = {}
        for source in sorted(sources[leaf.code]):
            if frequency[source] > limit:
                continue
            candidates = [(key, DERIVED_WEIGHT) for key in related_words.derivations(source, lang)]
            candidates += [(key, RELATED_WEIGHT) for key in related_words.synonyms(source, lang)]
            candidates += [(key, TERM_WEIGHT) for key in related_words.municipal_terms(source, lang)]
            for key, factor in candidates:
                if key in raw[leaf.code] or key in taken or key in STOP_WORDS or key in removed[leaf.code] or len(key) < related_words.MIN_LENGTH:
                    continue
                if key not in found or found[key][1] < factor:
                    found[key] = (source, factor)
        out[leaf.code] = found
    return out


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
    scores = _sentence_scores(tokens, themes, lang)
    best = max((score.value for score in scores.values()), default=0)
    found: dict = {}
    spans: dict = {}
    for code, score in scores.items():
        shared = list(score.words)
        specific = any(key in themes.own[code] for key in shared)  # a compound part alone is not
        # The plan owner's word decides alone where the text has it as a word (inflected too);
        # inside another compound ("hedersmedlem" for +heder) it weighs as a word of the leaf.
        decisive = any(key in themes.added.get(code, ()) for key in shared)
        if len(shared) < 2 and not specific and not decisive:
            continue
        # Words several leaves share need more weight together than a word of this leaf only.
        needed = themes.threshold if specific else themes.threshold * SHARED_WORDS_FACTOR
        if not decisive and (score.value < needed or score.value < themes.relative * best):
            continue
        found[code] = sorted({tokens[i].surface.lower() for i in score.hits})
        spans[code] = sorted({(tokens[i].start, tokens[i].end) for i in score.hits})
    return found, spans


# A word of the text that shares only a compound part with a leaf ("lokalförsörjningsplan" and
# "självförsörjande") says less than the same word: it weighs this much, and is never enough alone.
PART_FACTOR = 0.8
PART_MARK = "~"


@lru_cache(maxsize=100_000)
def _whole_keys(surface: str, lang: str) -> frozenset[str]:
    """The keys that are the word itself (inflected or not), not a part of it: for a hyphenated
    word ("hbtqi-personer", "e-tjänster") each of its words."""
    word = POSSESSIVE_RE.sub("", surface.lower()).rstrip("+")
    parts = PART_RE.findall(word)
    out = set()
    for item in {word, *(parts if len(parts) > 1 else ())}:
        out |= {item, lemma(item, lang), lemma(lemma(item, lang), lang)}
        if lang == "sv":
            out.add(compound_base(item))
    return frozenset(out)


@dataclass
class _Score:
    value: float = 0.0
    words: dict = field(default_factory=dict)  # key -> shared as the whole word (True) or a part
    hits: list = field(default_factory=list)
    seen_words: set = field(default_factory=set)  # the whole keys of the text's words counted


def _sentence_scores(tokens, themes: LeafThemes, lang: str = "sv") -> dict[str, "_Score"]:
    """leaf code -> its score in a sentence: the weight of the shared words, the shared words
    (a key shared only as a compound part marked PART_MARK), the matching tokens.

    A word of the text counts once for a leaf, by its weightiest key: "förtroendevalda" shares
    "förtroendevald", "förtroende" and "välja" with a leaf, but is one word; the word met twice
    counts once. "valdeltagandet ... valet" is two words, "valdeltagande" and "val"."""
    index = themes.index
    out: dict[str, _Score] = {}
    for position, token in enumerate(tokens):
        by_leaf: dict[str, list[str]] = {}
        for key in token.keys:
            for code in index.get(key, ()):
                by_leaf.setdefault(code, []).append(key)
        if not by_leaf:
            continue
        whole = _whole_keys(token.surface, lang)
        for code, keys in by_leaf.items():
            _count_word(out.setdefault(code, _Score()), keys, whole, themes.words[code], themes.added.get(code, frozenset()))
            out[code].hits.append(position)
    for score in out.values():
        score.words = {(key if as_whole else PART_MARK + key): as_whole for key, as_whole in score.words.items()}
    return out


def _count_word(score: "_Score", keys: list[str], whole: frozenset, weights: dict, added: frozenset) -> None:
    """Add one word of the text, sharing `keys` with a leaf, to the leaf's score."""
    if score.seen_words & whole & set(keys):
        return  # the same word again
    def weight(key):
        return weights[key] * (1 if key in whole else PART_FACTOR)

    # The plan owner's word first, then the weightiest; a tie goes to the whole word.
    best = max(keys, key=lambda key: (key in added and key in whole, weight(key), key in whole, key))
    score.seen_words |= whole & set(keys)
    if best in score.words:
        if best in whole and not score.words[best]:  # met as a part before, now as the word itself
            score.value += weights[best] * (1 - PART_FACTOR)
            score.words[best] = True
        return
    score.value += weight(best)
    score.words[best] = best in whole


def passage_digest(text: str) -> str:
    """A passage's fingerprint, the same however its lines were broken: the plan owner's decision
    about a passage holds when the plan is read again, and lapses when its text changes."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:32]


def without_set_aside(passages: list[dict], set_aside: set[tuple[str, str]]) -> list[dict]:
    """The passages without the items the plan owner said they are not about ((leaf code, digest)
    pairs); a passage left about no item is dropped."""
    if not set_aside:
        return passages
    out = []
    for passage in passages:
        digest = passage_digest(passage["text"])
        themes = {code: words for code, words in passage["themes"].items() if (code, digest) not in set_aside}
        if themes:
            spans = {code: found for code, found in passage.get("spans", {}).items() if code in themes}
            out.append({**passage, "themes": themes, "spans": spans})
    return out


def with_added(passages: list[dict], added: list[tuple[str, int, str]]) -> list[dict]:
    """The passages with those the plan owner added for an item ((leaf code, page, text)): an added
    passage the reading found for other items gets the item too; one it did not find at all joins
    the list in page order. Matched words are empty: a person found it, not the words."""
    if not added:
        return passages
    out = [dict(passage, themes=dict(passage["themes"]), spans=dict(passage.get("spans", {}))) for passage in passages]
    by_digest = {passage_digest(passage["text"]): passage for passage in out}
    for code, page, text in added:
        passage = by_digest.get(passage_digest(text))
        if passage is None:
            passage = {"page": page, "text": text, "heading": False, "themes": {}, "spans": {}}
            by_digest[passage_digest(text)] = passage
            out.append(passage)
        passage["themes"].setdefault(code, [])
        passage["spans"].setdefault(code, [])
    return sorted(out, key=lambda passage: passage["page"])


def find_passage(pages: list, quote: str) -> tuple[int, str] | None:
    """(page, passage text) of the one passage of the pages that holds `quote` (spaces and line
    breaks aside), or None."""
    from .matcher import passages as split_passages

    wanted = " ".join(quote.split())
    if len(wanted) < 10:
        return None
    for number, text in pages:
        for passage in split_passages(text, number):
            if wanted in " ".join(passage.text.split()):
                return passage.page, passage.text
    return None


def words_that_found(readings, lang: str = "sv", limit: int = 8) -> dict[str, list[tuple[str, int]]]:
    """leaf code -> [(word, passages)]: the words (as lemmas) that found each leaf in stored readings
    (lists of passages as match_stored gives them), most passages first. What the plan owner looks
    at to see which word misleads: a word that finds a leaf in many passages about something else."""
    counts: dict[str, dict[str, int]] = {}
    for passages in readings:
        for passage in passages:
            for code, surfaces in passage.get("themes", {}).items():
                found = counts.setdefault(code, {})
                for word in {lemma(surface.lower(), lang) for surface in surfaces}:
                    found[word] = found.get(word, 0) + 1
    return {code: sorted(found.items(), key=lambda item: (-item[1], item[0]))[:limit] for code, found in counts.items()}


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
            elif sign == "+" and (lemma(bare, lang) in COMMON_WORDS or len(bare) < 3):
                problems.append((gettext_noop("line %(line)s: %(word)s is too common to add: it would make %(code)s match almost every text"), values))
            else:
                (added if sign == "+" else removed).append(bare)
    return refinements, problems
