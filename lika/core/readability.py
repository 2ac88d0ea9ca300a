"""LIX in words for writers: the plain engine `lika.lib.readability`, translated for the page and the command."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lika.lib import readability as engine

LEVELS = {
    "very_easy": gettext_lazy("very easy"),
    "easy": gettext_lazy("easy"),
    "medium": gettext_lazy("medium"),
    "hard": gettext_lazy("hard"),
    "very_hard": gettext_lazy("very hard"),
}
PROBLEMS = {
    engine.NO_TEXT: gettext_lazy("There is no text to measure yet."),
    engine.NO_WORDS: gettext_lazy("The text has no words (only numbers or signs), so LIX cannot be measured."),
}
WARNINGS = {
    engine.NO_SENTENCE_MARKS: gettext_lazy(
        "The text has no full stops, so all of it counts as one sentence: end each sentence with a full stop."
    ),
    engine.VERY_LONG_SENTENCES: gettext_lazy("A sentence has more than 40 words: split it."),
    engine.FEW_WORDS_WARNING: gettext_lazy("The text is short, so the figure says little."),
    engine.MAYBE_ENGLISH: gettext_lazy("The text looks English; LIX is made for Swedish text."),
}


def verdict(result: engine.Readability) -> str:
    """One line: "LIX 35 – easy (12 words per sentence, 23 % long words)", or why there is none."""
    if result.lix is None:
        return str(PROBLEMS[result.problem])
    return _("LIX %(lix)s – %(level)s (%(per)s words per sentence, %(long)s %% long words)") % {
        "lix": f"{result.lix:.0f}",
        "level": LEVELS[result.level],
        "per": f"{result.words_per_sentence:.1f}",
        "long": f"{result.long_word_percentage:.0f}",
    }


def warnings(result: engine.Readability) -> list[str]:
    return [str(WARNINGS[code]) for code in result.warnings]


def measure(text: str | None) -> dict:
    """What a page shows under a text field."""
    result = engine.readability(text)
    return {"result": result, "verdict": verdict(result), "warnings": warnings(result)}
