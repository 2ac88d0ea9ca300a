"""LIX (läsbarhetsindex), the Swedish readability measure, on plain text. No Django.

LIX = words per sentence + percentage of long words (more than six letters)
(Björnsson 1968). A sentence ends at `.`, `!`, `?` or `:` followed by a space or
the end of the text, and at a blank line (a heading or a list item without a full
stop is a sentence of its own). A word is a run of letters (hyphenated compounds
count once, and so do abbreviations such as "t.ex."); numbers are not words.

The result never raises on text: an empty text or one without letters gives
`lix=None` and a `problem` saying why; doubtful cases (no sentence marks, a very
long sentence, very few words, text that looks English) give a `warnings` code
beside the figure. Codes, not sentences, so every interface words them itself.
"""

import re
from dataclasses import dataclass, field

LONG_WORD = 6  # letters; a word with more is long
VERY_LONG_SENTENCE = 40  # words
FEW_WORDS = 20  # below this the figure says little

# Upper bounds (exclusive) of each level; above the last one the text is very hard.
LEVELS = ((30, "very_easy"), (40, "easy"), (50, "medium"), (60, "hard"))
VERY_HARD = "very_hard"

# Problems (no figure) and warnings (a figure, with a caveat).
NO_TEXT = "no_text"
NO_WORDS = "no_words"
NO_SENTENCE_MARKS = "no_sentence_marks"
VERY_LONG_SENTENCES = "very_long_sentences"
FEW_WORDS_WARNING = "few_words"
MAYBE_ENGLISH = "maybe_english"

_WORD = re.compile(r"[^\W\d_]+(?:[-'’.][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?:])[\"'”’)\]]*\s+|\n\s*\n")
_MARKS = re.compile(r"[.!?:]")
# Abbreviations whose full stops do not end a sentence.
_ABBREVIATIONS = re.compile(
    r"\b(?:t\.ex|bl\.a|m\.m|m\.fl|s\.k|t\.o\.m|o\.s\.v|d\.v\.s|dvs|osv|ca|resp|jfr|fr\.o\.m|e\.g|i\.e|etc|nr|kap)\.",
    re.IGNORECASE,
)
_ENGLISH = frozenset({'the', 'and', 'of', 'to', 'is', 'are', 'was', 'were', 'that', 'this', 'with', 'for', 'have', 'has', 'be', 'which', 'from', 'it'})
_SWEDISH = frozenset({'och', 'att', 'det', 'som', 'är', 'en', 'ett', 'för', 'på', 'med', 'av', 'till', 'har', 'inte', 'de', 'vi', 'den', 'om', 'var', 'ska', 'kan'})


@dataclass(frozen=True)
class Sentence:
    text: str
    words: int


@dataclass(frozen=True)
class Readability:
    lix: float | None
    level: str | None  # very_easy, easy, medium, hard, very_hard
    words: int = 0
    sentences: int = 0
    long_words: int = 0
    longest: tuple[Sentence, ...] = ()  # at most three, longest first
    problem: str | None = None  # why there is no figure
    warnings: tuple[str, ...] = field(default=())

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def long_word_percentage(self) -> float:
        return 100 * self.long_words / self.words if self.words else 0.0


def level_of(value: float) -> str:
    for upper, name in LEVELS:
        if value < upper:
            return name
    return VERY_HARD


def split_sentences(text: str) -> list[str]:
    masked = _ABBREVIATIONS.sub(lambda m: m.group(0).replace(".", "\x00"), text)
    parts = (part.replace("\x00", ".").strip() for part in _SENTENCE_END.split(masked))
    return [part for part in parts if part and _WORD.search(part)]


def words_of(text: str) -> list[str]:
    return _WORD.findall(text)


def _is_long(word: str) -> bool:
    return sum(1 for char in word if char.isalpha()) > LONG_WORD


def _looks_english(words: list[str]) -> bool:
    lower = [word.lower() for word in words]
    english = sum(1 for word in lower if word in _ENGLISH)
    swedish = sum(1 for word in lower if word in _SWEDISH)
    return english >= 3 and english > 2 * swedish


def readability(text: str | None) -> Readability:
    """The LIX of `text`, its level and its longest sentences; never raises on text."""
    if not text or not text.strip():
        return Readability(lix=None, level=None, problem=NO_TEXT)
    sentences = [Sentence(text=" ".join(part.split()), words=len(words_of(part))) for part in split_sentences(text)]
    words = words_of(text)
    if not words:
        return Readability(lix=None, level=None, problem=NO_WORDS)
    long_words = sum(1 for word in words if _is_long(word))
    value = round(len(words) / len(sentences) + 100 * long_words / len(words), 1)
    warnings = []
    if not _MARKS.search(text):
        warnings.append(NO_SENTENCE_MARKS)
    if any(sentence.words > VERY_LONG_SENTENCE for sentence in sentences):
        warnings.append(VERY_LONG_SENTENCES)
    if len(words) < FEW_WORDS:
        warnings.append(FEW_WORDS_WARNING)
    if _looks_english(words):
        warnings.append(MAYBE_ENGLISH)
    longest = tuple(sorted(sentences, key=lambda s: -s.words)[:3])
    return Readability(
        lix=value,
        level=level_of(value),
        words=len(words),
        sentences=len(sentences),
        long_words=long_words,
        longest=longest,
        warnings=tuple(warnings),
    )


# Kinds of public text, each with the LIX its writers aim below unless the plan owner sets another target.
PLAN_TEXT = "plan_text"
EXAMPLE = "example"
REPORT_TEXT = "report_text"
EASY_READ = "easy_read"
ASSESSMENT = "assessment"
DEFAULT_TARGETS = {PLAN_TEXT: 45, EXAMPLE: 40, REPORT_TEXT: 45, EASY_READ: 30, ASSESSMENT: 50}
TEXT_KINDS = tuple(DEFAULT_TARGETS)
TARGET_RANGE = (20, 70)  # a target outside this says nothing useful


def meets_target(result: Readability, target: int | None) -> bool | None:
    """Whether the text's LIX is at or below `target`; None when there is no figure or no target."""
    if result.lix is None or target is None:
        return None
    return result.lix <= target
