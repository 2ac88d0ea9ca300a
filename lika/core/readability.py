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


KINDS = {
    # One target for every plan, whatever each calls its levels ("Del", "Strategi", "Åtgärd"): a neutral word.
    engine.PLAN_TEXT: gettext_lazy("plan texts (titles and texts of every level of a plan)"),
    engine.EXAMPLE: gettext_lazy("examples"),
    engine.REPORT_TEXT: gettext_lazy("report texts"),
    engine.EASY_READ: gettext_lazy("easy-to-read texts"),
    engine.ASSESSMENT: gettext_lazy("assessment sections"),
}


def targets_for(municipality_id: int | None) -> dict[str, int]:
    """The municipality's target LIX per kind of text, the defaults where it has set none."""
    from lika.organisations.models import ReadabilityTarget

    targets = dict(engine.DEFAULT_TARGETS)
    if municipality_id:
        targets.update(ReadabilityTarget.objects.filter(municipality_id=municipality_id).values_list("kind", "target"))
    return targets


def target_line(result: engine.Readability, kind: str | None, target: int | None) -> str:
    """"Target for examples: LIX 40 or lower – this text is above it.", or nothing without a figure or target."""
    met = engine.meets_target(result, target)
    if met is None or kind not in KINDS:
        return ""
    values = {"kind": KINDS[kind], "target": target}
    if met:
        return _("Target for %(kind)s: LIX %(target)s or lower – this text meets it.") % values
    return _("Target for %(kind)s: LIX %(target)s or lower – this text is above it; shorten the sentences and prefer short words.") % values


def measure_for_page(text: str | None, kind: str | None, target: int | None) -> dict:
    """`measure` with the target line for this kind of text."""
    shown = measure(text)
    return {**shown, "target": target_line(shown["result"], kind, target), "met": engine.meets_target(shown["result"], target)}
