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


def test_one_word_of_the_text_counts_once():
    # "förtroendevalda" shares förtroendevald, förtroende and välja with 3.1.2: still one word, too
    # little alone for an item, as "förtroendevalda" in a sentence about something else shows.
    themes = build(LEAVES)
    assert match_text("Lokalerna för de förtroendevalda renoveras under hösten.", themes, "sv")[0] == {}
    assert list(match_text("De förtroendevalda får en utbildning om jämställdhet.", themes, "sv")[0]) == ["3.1.2"]


def test_a_compound_part_alone_is_not_enough():
    # "våldsamt" is not "våld" as a word; "hemvården" is not about maskulinitet.
    themes = build(LEAVES)
    assert match_text("Vägarbetet på Storgatan blir våldsamt dyrt.", themes, "sv")[0] == {}


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
