"""Related words in the reading against a plan's own leaves (decision 0018): a business plan that
says the same thing in other words is found, and the plan owner sees and controls the words."""

import subprocess
import sys
import time

from lika.textanalysis.leafreading import Leaf, build, match_text
from lika.textanalysis.related import derivations, lexicon, synonyms
from tests.conftest import HALMSTAD, ROOT

LEAVES = [
    Leaf("1.1.2", "Samverkan kring riktade insatser för att motverka kriminalitet bland unga i riskzon när ordinarie stödstrukturer brister."),
    Leaf("1.1.3", "Språkutveckling i olika former och skeden för fler språkstarka barn och unga."),
    Leaf("1.2.3", "Rutiner används för att säkra barns delaktighet i beslut som rör dem."),
    Leaf("2.1.1", "Gemensamt arbete för ökat valdeltagande bland underrepresenterade grupper."),
]
OTHER_WORDS = "Fler fältassistenter ska minska brottsligheten bland unga i stadsdelen."


def test_a_passage_in_other_words_is_found_through_a_synonym():
    found, _spans = match_text(OTHER_WORDS, build(LEAVES), "sv")
    assert list(found) == ["1.1.2"] and "brottsligheten" in found["1.1.2"]
    assert match_text(OTHER_WORDS, build(LEAVES, related=False), "sv")[0] == {}


def test_another_form_of_a_leaf_word_is_found():
    themes = build(LEAVES)
    assert themes.related["1.2.3"]["delaktig"] == "delaktighet"
    assert list(match_text("Barnen ska vara delaktiga i de beslut som rör skolgården.", themes, "sv")[0]) == ["1.2.3"]


def test_a_removed_related_word_no_longer_matches():
    # "brottsligheten" meets both related words of "kriminalitet": "brottslighet" and, as a compound part, "brott".
    leaves = [Leaf(LEAVES[0].code, LEAVES[0].text, removed=("brottslighet", "brott")), *LEAVES[1:]]
    themes = build(leaves)
    assert "brottslighet" not in themes.related["1.1.2"] and "brottslighet" not in themes.words["1.1.2"]
    assert match_text(OTHER_WORDS, themes, "sv")[0] == {}


def test_related_words_weigh_less_than_the_leafs_own_and_general_words_get_none():
    themes = build(LEAVES)
    assert themes.words["1.1.2"]["brottslighet"] < themes.words["1.1.2"]["kriminalitet"]
    assert "brottslighet" not in themes.own["1.1.2"] or themes.related["1.1.2"]["brottslighet"] == "kriminalitet"
    assert synonyms("göra") == frozenset()  # a word of many senses gives none
    assert "inkludera" in derivations("inkludering") and "delaktig" in derivations("delaktighet")


def test_the_lexicon_is_read_on_first_use_only():
    """Starting Lika (and `lika scan --help`) does not read the lexicon."""
    code = "import lika.textanalysis.leafreading, lika.textanalysis.related as r; print(r.lexicon.cache_info().currsize)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "0", result.stderr
    lexicon.cache_clear()
    started = time.perf_counter()
    assert len(lexicon()) > 14_000
    assert time.perf_counter() - started < 2


def _store(text: str):
    from lika.organisations.models import OrganisationUnit
    from lika.textanalysis.actions import store_plans

    unit = OrganisationUnit.objects.get(municipality__slug="halmstad", key="barn-och-ungdomsnamnden")
    (outcome,) = store_plans(unit.municipality, 2026, [("2026-barn-och-ungdomsnamnden.txt", text.encode(), unit)], access=None, workers=1)
    assert not outcome.error, outcome.error


def test_the_plan_owner_sees_the_related_words_and_removes_a_misleading_one(db, client_for):
    from lika.textanalysis.models import BusinessPlan

    _store("Verksamhetsplan 2026\n\nVi vill hindra att tonåringar hamnar i brottslighet och erbjuder stöd till dem som redan begått brott.\n")
    plan = BusinessPlan.objects.get(unit__key="barn-och-ungdomsnamnden", year=2026)
    owner = client_for("hst-agare")
    reading = owner.get(f"/business-plans/plans/{plan.pk}/against/{HALMSTAD}/").content.decode()
    assert "<mark>brottslighet</mark>" in reading  # the quote shows the related word that matched
    assert "Närliggande ord, från punktens egna: <span lang=\"sv\">brott (kriminalitet), brottslighet (kriminalitet)" in reading
    words = owner.get(f"/business-plans/against/{HALMSTAD}/words/").content.decode()
    assert "brottslighet (kriminalitet)" in words and "Närliggande ord (från)" in words

    owner.post(f"/business-plans/against/{HALMSTAD}/words/", {"text": "1.1.2 -brottslighet -brott\n"}, follow=True)
    words = owner.get(f"/business-plans/against/{HALMSTAD}/words/").content.decode()
    assert "brottslighet (kriminalitet)" not in words
    reading = owner.get(f"/business-plans/plans/{plan.pk}/against/{HALMSTAD}/").content.decode()
    assert "<mark>brottslighet</mark>" not in reading
