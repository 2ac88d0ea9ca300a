"""The theme vocabulary: which words and phrases point to which theme.

A vocabulary is a YAML file (the default ships as default_vocabulary.yaml; a
municipality may keep its own edited copy). Its format:

    present_min_passages: 2      # a theme is "present" from this many passages (or a heading)
    themes:
      - key: discrimination      # a-z, digits and _ ; unique
        name: {sv: ..., en: ...}
        description: {sv: ..., en: ...}     # optional
        terms:                   # words or multi-word phrases, per language
          sv: [diskriminering, "lika möjligheter", "diskrimin*"]
          en: [discrimination, "equal opportunities"]
        near:                    # optional: a word that counts only near another
          sv:
            - words: [ålder]
              with: [diskriminering, oavsett, äldre]
              within: 8          # tokens either side; default 8
        exclude:                 # optional: phrases in which a hit does not count
          sv: ["kön till", "i kön"]

Terms are lemmatised as the text is, so "diskriminering" also finds
"diskrimineringen" and "diskrimineringsgrunderna"; a trailing * keeps a prefix.
`load_vocabulary(text, filename)` validates and raises FileProblems naming the
line of every problem.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from lika.lib.yamlfile import FileProblems, LineDict, LineList, ProblemList, parse_yaml

from .lemmas import term_lemmas

DEFAULT_PATH = Path(__file__).with_name("default_vocabulary.yaml")
LANGUAGES = ("sv", "en")
KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
DEFAULT_WITHIN = 8


@dataclass(frozen=True)
class Near:
    words: tuple[tuple[str, ...], ...]
    with_: tuple[tuple[str, ...], ...]
    within: int
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Theme:
    key: str
    name: dict
    description: dict
    terms: dict  # lang -> tuple of (label, lemma tuple)
    near: dict  # lang -> tuple of Near
    exclude: dict  # lang -> tuple of lemma tuples

    def label(self, language: str) -> str:
        return self.name.get(language) or self.name.get("sv") or self.key


@dataclass(frozen=True)
class Vocabulary:
    themes: tuple[Theme, ...]
    present_min_passages: int = 2
    source: str = field(default="", compare=False)
    # Filled once: every prefix pattern ("diskrimin*") of the vocabulary, and a cache of token keys -> keys + prefixes.
    prefixes: frozenset = field(default=frozenset(), compare=False)
    expansions: dict = field(default_factory=dict, compare=False, repr=False)

    def theme(self, key: str) -> Theme:
        return next(t for t in self.themes if t.key == key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(t.key for t in self.themes)


def default_text() -> str:
    return DEFAULT_PATH.read_text(encoding="utf-8")


_default_cache: dict = {}


def default_vocabulary() -> Vocabulary:
    if "v" not in _default_cache:
        _default_cache["v"] = load_vocabulary(default_text(), DEFAULT_PATH.name)
    return _default_cache["v"]


def _text_map(value, where: str, line: int, problems: ProblemList, required: bool) -> dict:
    if value is None:
        if required:
            problems.add(line, where, "missing; give the Swedish and English text, e.g. {sv: ..., en: ...}")
        return {}
    if isinstance(value, str):
        return {"sv": value, "en": value}
    if not isinstance(value, dict):
        problems.add(line, where, "must be a mapping of language to text, e.g. {sv: ..., en: ...}")
        return {}
    out = {}
    for lang, text in value.items():
        if lang not in LANGUAGES:
            problems.add(value.line_of(lang) if isinstance(value, LineDict) else line, f"{where}.{lang}", "unknown language; use sv or en")
        elif not isinstance(text, str) or not text.strip():
            problems.add(value.line_of(lang) if isinstance(value, LineDict) else line, f"{where}.{lang}", "must be a non-empty text")
        else:
            out[lang] = text.strip()
    if required and "sv" not in out and not problems:
        problems.add(line, where, "needs at least the Swedish text (sv)")
    return out


def _word_list(value, where: str, line: int, problems: ProblemList) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        problems.add(line, where, "must be a list of words or phrases")
        return []
    out = []
    for index, item in enumerate(value):
        item_line = value.line_of(index) if isinstance(value, LineList) else line
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            item = str(item)
        if not isinstance(item, str) or not item.strip():
            problems.add(item_line, f"{where}[{index}]", "must be a non-empty word or phrase")
            continue
        if any("*" in word[:-1] for word in item.split()):
            problems.add(item_line, f"{where}[{index}]", "a * may only end a word, as in diskrimin*")
            continue
        out.append(item.strip())
    return out


def _per_language(value, where: str, line: int, problems: ProblemList) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.add(line, where, "must be a mapping with sv: and/or en:")
        return {}
    out = {}
    for lang, items in value.items():
        key_line = value.line_of(lang) if isinstance(value, LineDict) else line
        if lang not in LANGUAGES:
            problems.add(key_line, f"{where}.{lang}", "unknown language; use sv or en")
            continue
        out[lang] = (items, key_line)
    return out


def load_vocabulary(text: str, filename: str = "vocabulary.yaml") -> Vocabulary:
    """A validated vocabulary, or FileProblems with every problem and its line."""
    data = parse_yaml(text, filename)
    problems = ProblemList()
    if not isinstance(data, dict):
        raise FileProblems(filename, [_problem(1, "", "the file must be a mapping with a themes: list")])
    minimum = _read_settings(data, problems)
    raw_themes = data.get("themes")
    if not isinstance(raw_themes, list) or not raw_themes:
        problems.add(data.line_of("themes"), "themes", "must be a non-empty list of themes")
        raise FileProblems(filename, problems.problems)
    themes = []
    seen = set()
    for index, raw in enumerate(raw_themes):
        theme = _read_theme(raw, index, raw_themes.line_of(index), seen=seen, problems=problems)
        if theme is not None:
            themes.append(theme)
    if problems:
        raise FileProblems(filename, problems.problems)
    return Vocabulary(tuple(themes), minimum, source=text, prefixes=_prefixes(themes))


def _read_settings(data: LineDict, problems: ProblemList) -> int:
    """present_min_passages, after checking that the file has no unknown settings."""
    allowed = {"present_min_passages", "themes", "version"}
    for key in data:
        if key not in allowed:
            problems.add(data.line_of(key), str(key), "unknown setting; use present_min_passages or themes")
    minimum = data.get("present_min_passages", 2)
    if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < 1:
        problems.add(data.line_of("present_min_passages"), "present_min_passages", "must be a whole number of 1 or more")
        minimum = 2
    return minimum


def _read_theme(raw, index: int, line: int, *, seen: set[str], problems: ProblemList) -> Theme | None:
    where = f"themes[{index}]"
    if not isinstance(raw, dict):
        problems.add(line, where, "must be a mapping with key, name and terms")
        return None
    for key in raw:
        if key not in {"key", "name", "description", "terms", "near", "exclude"}:
            problems.add(raw.line_of(key), f"{where}.{key}", "unknown field; use key, name, description, terms, near or exclude")
    key = raw.get("key")
    if not isinstance(key, str) or not KEY_RE.match(key):
        problems.add(raw.line_of("key"), f"{where}.key", "must be lower-case letters, digits and _ , starting with a letter")
        key = f"theme{index}"
    elif key in seen:
        problems.add(raw.line_of("key"), f"{where}.key", f"the key {key!r} is used by another theme")
    seen.add(key)
    where = f"themes[{index}] ({key})"
    name = _text_map(raw.get("name"), f"{where}.name", raw.line_of("name"), problems, required=True)
    description = _text_map(raw.get("description"), f"{where}.description", raw.line_of("description"), problems, required=False)
    terms = {}
    for lang, (items, key_line) in _per_language(raw.get("terms"), f"{where}.terms", raw.line_of("terms"), problems).items():
        words = _word_list(items, f"{where}.terms.{lang}", key_line, problems)
        terms[lang] = tuple((w, term_lemmas(w, lang)) for w in words)
    near = {}
    for lang, (items, key_line) in _per_language(raw.get("near"), f"{where}.near", raw.line_of("near"), problems).items():
        if not isinstance(items, list):
            problems.add(key_line, f"{where}.near.{lang}", "must be a list of {words: [...], with: [...], within: N}")
            continue
        near[lang] = _near_rules(items, lang, f"{where}.near.{lang}", problems)
    exclude = {}
    for lang, (items, key_line) in _per_language(raw.get("exclude"), f"{where}.exclude", raw.line_of("exclude"), problems).items():
        exclude[lang] = tuple(term_lemmas(w, lang) for w in _word_list(items, f"{where}.exclude.{lang}", key_line, problems))
    if not any(terms.values()) and not any(near.values()):
        problems.add(line, where, "needs at least one term or near rule")
    return Theme(key, name, description, terms, near, exclude)


def _near_rules(items: LineList, lang: str, where: str, problems: ProblemList) -> tuple[Near, ...]:
    rules = []
    for rule_index, rule in enumerate(items):
        rule_where = f"{where}[{rule_index}]"
        rule_line = items.line_of(rule_index)
        if not isinstance(rule, dict) or "words" not in rule or "with" not in rule:
            problems.add(rule_line, rule_where, "needs words: [...] and with: [...]")
            continue
        within = rule.get("within", DEFAULT_WITHIN)
        if not isinstance(within, int) or isinstance(within, bool) or not 1 <= within <= 50:
            problems.add(rule.line_of("within"), f"{rule_where}.within", "must be a whole number from 1 to 50")
            within = DEFAULT_WITHIN
        words = _word_list(rule["words"], f"{rule_where}.words", rule.line_of("words"), problems)
        with_ = _word_list(rule["with"], f"{rule_where}.with", rule.line_of("with"), problems)
        rules.append(Near(tuple(term_lemmas(w, lang) for w in words), tuple(term_lemmas(w, lang) for w in with_), within, tuple(words)))
    return tuple(rules)


def _prefixes(themes: list[Theme]) -> frozenset:
    """Every prefix pattern ("diskrimin*") in the themes' terms, near rules and exclusions."""
    prefixes = set()
    for theme in themes:
        patterns = [p for lang in theme.terms.values() for _label, p in lang]
        patterns += [p for lang in theme.near.values() for rule in lang for p in (*rule.words, *rule.with_)]
        patterns += [p for lang in theme.exclude.values() for p in lang]
        prefixes.update(word for pattern in patterns for word in pattern if word.endswith("*"))
    return frozenset(prefixes)


def _problem(line, field_path, message):
    from lika.lib.yamlfile import Problem

    return Problem(line, field_path, message)
