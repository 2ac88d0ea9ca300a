"""How words are compared when a business plan is read against a plan's own items: compounds split
the way a reader splits them, a word counts once, a committee's everyday words link to the plan's
through the municipal term list (decision 0019)."""

import subprocess
import sys

import pytest

from lika.textanalysis.leafreading import Leaf, build, match_text
from lika.textanalysis.lemmas import compound_parts, word_keys
from lika.textanalysis.related import municipal_terms
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("word", "parts", "not_parts"),
    [
        ("högskolan", {"hög", "skola"}, {"kola"}),
        ("förtroendevalda", {"förtroende"}, {"förtro", "enda"}),
        ("fritidsgårdarna", {"fritid", "gård"}, {"fri"}),
        ("bemötande", set(), {"ande"}),
        ("förskolan", set(), {"kola", "före"}),
        ("pojkdominerade", {"pojke"}, set()),
        ("jämställdhetsintegreringsarbetet", {"jämställdhet", "integrering", "arbete"}, set()),
        ("planpromenader", {"plan", "promenad", "planpromenad"}, {"plana"}),  # "plan", not the verb "plana"
        ("valdeltagandet", {"val", "valdeltagande"}, {"valdelta"}),  # "deltagande" is no form of "delta"
        ("sammankoppla", set(), {"samma", "anka", "opplägga"}),  # no cut into words general Swedish never writes
    ],
)
def test_a_compound_splits_into_the_words_a_reader_sees(word, parts, not_parts):
    keys = word_keys(word, "sv")
    assert parts <= keys and not (not_parts & keys), sorted(keys)


def test_a_common_word_is_not_split_into_rarer_ones():
    assert compound_parts("gemensam") == ()


LEAVES = [
    Leaf("2.3.2", "Insatser mot ofrivillig ensamhet bland äldre."),
    Leaf("3.1.2", "Kunskap om jämställdhet hos förtroendevalda och chefer."),
    Leaf("3.3.1", "Förebygga våld genom att utmana destruktiva normer om maskulinitet."),
]


def test_a_committees_word_meets_the_plans_through_the_term_list():
    assert "pensionär" in municipal_terms("äldre")
    found, _spans = match_text("Träffpunkterna för pensionärer har öppet på helgerna, så att färre känner sig ensamma och isolerade.", build(LEAVES), "sv")
    assert list(found) == ["2.3.2"] and "pensionärer" in found["2.3.2"]


SHARED_LEAVES = [
    Leaf("a", "Kunskap om jämställdhet hos förtroendevalda."),
    Leaf("b", "Utbildning i bemötande för förtroendevalda och chefer."),
    Leaf("c", "Hållbar mobilitet för alla invånare."),
    Leaf("d", "Förebygga våld i nära relationer.", extra=("heder",)),
]


def test_one_word_of_the_text_counts_once():
    # "förtroendevalda" shares förtroendevald, förtroende and välja with a and b: one word, and the
    # same word twice is still one; one word two items share is too little.
    themes = build(SHARED_LEAVES)
    assert match_text("De förtroendevalda träffar de förtroendevalda i grannkommunen.", themes, "sv")[0] == {}
    assert list(match_text("De förtroendevalda ska få mer kunskap om jämställdhet.", themes, "sv")[0]) == ["a"]


def test_the_order_of_the_words_does_not_change_the_reading():
    themes = build(SHARED_LEAVES)
    first = match_text("Mobiliteten ökar och mobilitetsplanen revideras.", themes, "sv")[0]
    second = match_text("Mobilitetsplanen revideras och mobiliteten ökar.", themes, "sv")[0]
    assert list(first) == list(second) == ["c"]


def test_a_compound_part_alone_is_not_enough():
    # "jämställdhet" is 3.1.2's own word: enough as a word, not as a part of another.
    themes = build(LEAVES)
    assert list(match_text("Vi arbetar för jämställdhet.", themes, "sv")[0]) == ["3.1.2"]
    assert match_text("Jämställdhetsmyndighetens rapport kom i går.", themes, "sv")[0] == {}


def test_the_plan_owners_word_inside_another_compound_does_not_decide_alone():
    themes = build(SHARED_LEAVES)
    assert match_text("Hon utsågs till hedersmedlem i föreningen.", themes, "sv")[0] == {}
    assert list(match_text("Vi arbetar mot hedersrelaterat våld.", themes, "sv")[0]) == ["d"]


def test_a_word_of_how_plans_are_run_can_still_be_added_by_the_plan_owner():
    from lika.textanalysis.leafreading import parse_refinements

    refinements, problems = parse_refinements("a +personal +och", ["a"])
    assert refinements["a"][0] == ["personal"] and len(problems) == 1  # "och" is too common


def test_the_term_list_and_word_frequencies_are_read_on_first_use_only():
    code = (
        "import lika.textanalysis.leafreading, lika.textanalysis.related as r, lika.textanalysis.lemmas as l;"
        "print(r.term_groups.cache_info().currsize, l._frequencies.cache_info().currsize)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["0", "0"], result.stderr


def _demo_words(identifier: str):
    import yaml

    from lika.textanalysis.demo import WORDS_DIR
    from lika.textanalysis.leafreading import parse_refinements

    nodes = yaml.safe_load((ROOT / "demo" / f"{identifier}.yaml").read_text(encoding="utf-8"))["document"]["nodes"]
    parents = {node["parent"] for node in nodes}
    codes = [node["code"] for node in nodes if node["code"] not in parents]
    return codes, parse_refinements((WORDS_DIR / f"{identifier}.txt").read_text(encoding="utf-8"), codes)


@pytest.mark.parametrize("identifier", ["halmstad-inkluderande-kommunen-2020", "helsingborg-lika-mojligheter-2022"])
def test_the_demo_plan_owners_words_cover_every_item_and_each_word_speaks_for_one(identifier):
    codes, (refinements, problems) = _demo_words(identifier)
    assert problems == [] and set(refinements) == set(codes)
    added = [word for extra, _removed in refinements.values() for word in extra]
    assert len(added) == len(set(added))  # a word decisive for two items would mark both


def test_the_demo_loads_the_plan_owners_words_once(db):
    from lika.textanalysis.demo import ensure_demo_leaf_words
    from lika.textanalysis.models import LeafWords

    LeafWords.objects.all().delete()
    assert len(list(ensure_demo_leaf_words())) == 2
    assert list(ensure_demo_leaf_words()) == []
    assert LeafWords.objects.get(document__identifier="halmstad-inkluderande-kommunen-2020").version == 1


def test_the_plan_owners_compound_meets_its_inflected_form():
    # simplemma does not know "medborgardialoger"; its base form is the plan owner's word and decides alone.
    leaves = [Leaf("2.2.1", "Invånare i alla åldrar kan påverka.", extra=("medborgardialog",)), *LEAVES]
    found, _spans = match_text("Vi höll fyra medborgardialoger under våren.", build(leaves), "sv")
    assert list(found) == ["2.2.1"] and found["2.2.1"] == ["medborgardialoger"]
