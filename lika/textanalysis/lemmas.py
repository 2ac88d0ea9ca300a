"""Words as Lika compares them: tokens, lower case, lemmas and the parts of Swedish compounds.

`analyse(text)` gives the tokens of a text with their character offsets and,
for each, the set of *keys* it can match: its lemma (simplemma, Swedish or
English), the lemmas of the parts of a hyphenated word ("icke-diskriminerande"
-> icke, diskriminera) and of a Swedish compound ("diskrimineringsgrunderna"
-> diskrimineringsgrund, diskriminering, grund; "könsuppdelad" -> kön,
uppdela). A term of the vocabulary matches a token when the term's lemma is one
of the token's keys, so inflection and compounding do not hide a theme.

Compound splitting: a word of seven letters or more is split where the head (four
letters or more, not an ending such as "ande") is a word simplemma knows and the
modifier (three letters or more, with or without a linking -s- or -e-) is a base
form that is not a prefix, or splits again (three parts at most). Of the possible
splits the one with the fewest parts, then the most frequent parts in general
Swedish wins (wordfreq's counts, data/word_frequencies_sv.tsv.gz); a word more
frequent than its parts is not split (decision 0019). Results are cached per
word, which is what makes 20 plans of 40 pages fast.
"""

import gzip
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

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
    from .related import lexicon, term_groups

    lemma("barnen", "sv")
    lemma("children", "en")
    _frequencies()
    lexicon()
    term_groups()


@lru_cache(maxsize=200_000)
def _known(word: str) -> bool:
    return len(word) >= 3 and simplemma.is_known(word, lang="sv")


# Prefixes and particles that are words of their own but not the first part of a compound
# ("förskola" is not "för" + "skola", "förtryck" not "för" + "tryck").
NOT_MODIFIERS = frozenset("för före be ge an till mot med över under efter upp ut in av på om fram bort samman sam genom väl".split())
# Endings that happen to be words ("ande", spirit): "bemötande" is not "bemöta" + "ande".
NOT_HEADS = frozenset("ande ende erna arna orna aktig heten else ning ligt skap rens".split())
FREQUENCIES_PATH = Path(__file__).with_name("data") / "word_frequencies_sv.tsv.gz"
RARE_ZIPF = 2.0  # a known word missing from the frequency list (which stops at 2.5)


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    """Word -> zipf (log10 of occurrences per billion words) in general Swedish, wordfreq's list."""
    with gzip.open(FREQUENCIES_PATH, "rt", encoding="utf-8") as lines:
        return {word: float(zipf) for word, _tab, zipf in (line.rstrip("\n").partition("\t") for line in lines)}


def zipf(word: str) -> float:
    return _frequencies().get(word, RARE_ZIPF)


@lru_cache(maxsize=200_000)
def compound_parts(word: str, depth: int = 0) -> tuple[str, ...]:
    """The lemmas of the parts of a Swedish compound, or () when it cannot be split.

    Of the possible splits, the one whose parts are most frequent in general Swedish (geometric
    mean, as Koehn and Knight 2003): "högskola" is "hög" + "skola", not "högs" + "kola". A first
    part must be a base form ("fört" is not) and not a prefix ("för")."""
    best = _best_split(word, depth)
    # A frequent word is not split into rarer parts ("gemensam" is not "gem" + "ensam").
    if not best or best[1] < zipf(word):
        return ()
    # A part that is a compound itself gives its parts too: "jämställdhetsintegrering" + "arbete".
    inner = [key for part in best[0] for key in compound_parts(part, depth + 1) if key not in best[0]]
    whole = _base_form(word, best)
    base = (whole,) if depth == 0 and whole != word and whole not in best[0] else ()
    return (*best[0], *dict.fromkeys(inner), *base)


def _base_form(word: str, best: tuple) -> str:
    """The compound in its base form, which simplemma does not know ("familjecentralen" ->
    "familjecentral", "förskolor" -> "förskola"), where the last part's lemma is an inflection of it
    and not another word ("förtroendevalda" is not "förtroendevälja"); else the word itself."""
    head, head_key = word[best[2] :], best[0][-1]
    shared = len(os.path.commonprefix([head, head_key]))
    # An inflection adds at most an ending ("-orna", "-en"); "deltagande" is not a form of "delta".
    inflected = shared >= len(head_key) - 1 and len(head) - len(head_key) <= 4
    return word[: best[2]] + head_key if inflected else word


def compound_split(word: str) -> tuple[str, ...]:
    """The lemmas of a compound's parts as split, without the inner parts and base form
    compound_parts adds: one signature for every form of the compound ("plan", "promenad")."""
    best = _best_split(word, 0)
    return best[0] if best and best[1] >= zipf(word) else ()


def compound_base(word: str) -> str:
    """A compound in its base form ("familjecentralen" -> "familjecentral"), or the word itself."""
    best = _best_split(word, 0)
    if not best or best[1] < zipf(word):
        return word
    return _base_form(word, best)


@lru_cache(maxsize=200_000)
def _best_split(word: str, depth: int) -> tuple[tuple[str, ...], float, int] | None:
    """(the parts' lemmas, their mean zipf value, where the last part starts) of the best split, or None."""
    if len(word) < 7 or depth > 1:
        return None
    best = None
    for cut in range(len(word) - 4, 2, -1):
        modifier, head = word[:cut], word[cut:]
        # A head general Swedish never writes ("oppla" in "sammankoppla") is a wrong cut.
        if head in NOT_HEADS or not _known(head) or max(zipf(head), zipf(lemma(head, "sv"))) <= RARE_ZIPF:
            continue
        for candidate in _modifier_forms(modifier):
            for parts, score in _modifier_readings(candidate, depth, as_written=candidate == modifier):
                head_lemma = _head_key(head)
                total = (score * len(parts) + zipf(head)) / (len(parts) + 1)
                # Fewest parts first: "fritidsgård" is "fritid" + "gård", not "fri" + "tid" + "gård".
                if best is None or (len(parts) + 1, -total) < (len(best[0]), -best[1]):
                    best = ((*parts, head_lemma), total, cut)
    return best


def _head_key(head: str) -> str:
    """A compound's last part as a key: its lemma, unless the part is itself the more frequent
    word (simplemma makes "plan" into the verb "plana")."""
    base = lemma(head, "sv")
    return head if zipf(head) > zipf(base) else base


def _modifier_forms(modifier: str) -> list[str]:
    """The word a compound's first part can be: itself, or without a linking -s- or -e-
    ("jämställdhets", "barne"), or with -e or -a where the compound form drops or changes it
    ("arbets" from "arbete", "kvinno" from "kvinna", "pojk" from "pojke")."""
    forms = [modifier]
    if len(modifier) > 3 and modifier[-1] in "se":
        forms.append(modifier[:-1])
    if len(modifier) > 3 and modifier[-1] == "s":
        forms.append(modifier[:-1] + "e")
    if len(modifier) > 3 and modifier[-1] == "o":
        forms.append(modifier[:-1] + "a")
    if len(modifier) > 3 and modifier[-1] not in "aeiouyåäös":
        forms += [modifier + "a", modifier + "e"]  # "skol" from "skola", "pojk" from "pojke"
    return forms


def _modifier_readings(candidate: str, depth: int, as_written: bool = True) -> list[tuple[tuple[str, ...], float]]:
    readings = []
    # A base form, or the part as written where it is more frequent than what simplemma makes of
    # it ("plan", not the verb "plana").
    base = lemma(candidate, "sv") == candidate or (as_written and _head_key(candidate) == candidate)
    if _known(candidate) and candidate not in NOT_MODIFIERS and base:
        readings.append(((candidate,), zipf(candidate)))
    inner = _best_split(candidate, depth + 1)
    if inner:
        readings.append(inner[:2])
    return readings


@lru_cache(maxsize=200_000)
def word_keys(word: str, lang: str) -> frozenset[str]:
    """Every key a (lower-case) word can match: its lemma, its hyphen parts, its compound parts."""
    # The lemma's lemma too: simplemma gives "deltagandet" -> "deltagande" but "deltagande" -> "delta".
    keys = {word, lemma(word, lang), lemma(lemma(word, lang), lang)}
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
