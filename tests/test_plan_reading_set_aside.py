"""The plan owner sets aside a passage the reading found for an item it is not about (issue 22):
it leaves the plan's reading, the units × items table and the report, and stays aside when the
plans are read again."""

import re

import pytest
from django.core.management import CommandError, call_command

from lika.textanalysis.leafreading import passage_digest, without_set_aside
from tests.conftest import HALMSTAD

UNIT, YEAR = "barn-och-ungdomsnamnden", 2023


def _plan_and_reading():
    from lika.textanalysis.models import BusinessPlan, LeafReading

    plan = BusinessPlan.objects.get(unit__key=UNIT, year=YEAR)
    return plan, LeafReading.objects.get(plan=plan, document__identifier=HALMSTAD)


def _count(reading, code):
    return next(count for key, _status, count, _heading in reading.scores if key == code)


def _first_form(html):
    leaf, digest = re.search(r'name="leaf" value="([^"]+)"><input type="hidden" name="digest" value="([^"]+)"', html).groups()
    return leaf, digest


def test_a_passage_set_aside_leaves_the_reading_and_stays_aside_when_read_again(halmstad_plans, client_for):
    from lika.audit.models import AuditEntry

    owner = client_for("hst-agare")
    plan, reading = _plan_and_reading()
    url = f"/business-plans/plans/{plan.pk}/against/{HALMSTAD}/"
    page = owner.get(url).content.decode()
    assert "Handlar inte om punkten: lägg undan" in page
    leaf, digest = _first_form(page)
    before = _count(reading, leaf)

    response = owner.post(url + "decide/", {"leaf": leaf, "digest": digest}, follow=True)
    html = response.content.decode()
    assert f"Avsnittet räknas inte längre för {leaf}" in html
    assert "Undanlagt av planägaren" in html and "Undanlagt av hst-agare" in html
    assert _count(_plan_and_reading()[1], leaf) == before - 1
    assert AuditEntry.objects.filter(object_type="textanalysis.setasidepassage").exists()

    owner.post(f"/business-plans/against/{HALMSTAD}/words/", {"text": "2.2.4 +elevråd\n"})  # every plan read again
    assert _count(_plan_and_reading()[1], leaf) == before - 1

    html = owner.post(url + "decide/", {"leaf": leaf, "digest": digest, "decision": "restore"}, follow=True).content.decode()
    assert f"Avsnittet räknas för {leaf} igen." in html
    assert _count(_plan_and_reading()[1], leaf) == before


def test_only_the_plan_owner_of_the_municipality_sets_passages_aside(halmstad_plans, client_for):
    from lika.textanalysis.models import SetAsidePassage

    plan, reading = _plan_and_reading()
    url = f"/business-plans/plans/{plan.pk}/against/{HALMSTAD}/"
    leaf, digest = _first_form(client_for("hst-agare").get(url).content.decode())
    for other in ("hbg-agare", "hbg-analytiker"):
        assert client_for(other).post(url + "decide/", {"leaf": leaf, "digest": digest}).status_code == 404
    assert client_for("hst-agare").get(url + "decide/").status_code == 405
    assert not SetAsidePassage.objects.exists()


def test_a_passage_no_longer_found_or_an_unknown_item_is_refused_with_a_message(halmstad_plans, client_for):
    from lika.textanalysis.models import SetAsidePassage

    owner = client_for("hst-agare")
    plan, reading = _plan_and_reading()
    url = f"/business-plans/plans/{plan.pk}/against/{HALMSTAD}/"
    leaf, digest = _first_form(owner.get(url).content.decode())
    html = owner.post(url + "decide/", {"leaf": leaf, "digest": "0" * 32}, follow=True).content.decode()
    assert f"Det avsnittet hittas inte längre för {leaf}" in html
    html = owner.post(url + "decide/", {"leaf": "9.9", "digest": digest}, follow=True).content.decode()
    assert "9.9 är inte en av planens punkter." in html
    assert not SetAsidePassage.objects.exists()
    assert _count(_plan_and_reading()[1], leaf) == _count(reading, leaf)


def test_passages_are_listed_and_set_aside_from_the_command_line(halmstad_plans, capsys):
    _plan, reading = _plan_and_reading()
    call_command("businessplans", "passages", HALMSTAD, "--unit", UNIT, "--year", str(YEAR))
    leaf, _page, digest, _text = capsys.readouterr().out.splitlines()[0].split("\t")
    call_command("businessplans", "set-aside", HALMSTAD, "--unit", UNIT, "--year", str(YEAR), leaf, digest)
    assert f"set aside for {leaf}" in capsys.readouterr().out
    assert _count(_plan_and_reading()[1], leaf) == _count(reading, leaf) - 1
    with pytest.raises(CommandError, match="no business plan of 'nope' for 2023"):
        call_command("businessplans", "passages", HALMSTAD, "--unit", "nope", "--year", "2023")


def test_setting_aside_drops_only_that_item_from_that_passage():
    text = "Förskolan ordnar språkcaféer.\nFör barn."
    passages = [{"page": 1, "text": text, "heading": False, "themes": {"1.1": ["förskolan"], "1.3": ["språkcaféer"]}, "spans": {"1.1": [[0, 9]], "1.3": [[17, 28]]}}]
    kept = without_set_aside(passages, {("1.1", passage_digest("Förskolan ordnar   språkcaféer. För barn."))})
    assert kept == [{**passages[0], "themes": {"1.3": ["språkcaféer"]}, "spans": {"1.3": [[17, 28]]}}]
    assert without_set_aside(passages, {("1.1", passage_digest(text)), ("1.3", passage_digest(text))}) == []


def test_a_passage_the_reading_missed_is_added_and_stays_when_read_again(halmstad_plans, client_for):
    from lika.textanalysis.models import AddedPassage

    owner = client_for("hst-agare")
    plan, reading = _plan_and_reading()
    url = f"/business-plans/plans/{plan.pk}/against/{HALMSTAD}/"
    assert "Lägg till ett avsnitt som läsningen missade" in owner.get(url).content.decode()
    before = _count(reading, "3.1.1")
    quote = "Nämndens budget är  i balans."  # spaces as pasted; the plan says it about its economy
    html = owner.post(url + "decide/", {"decision": "add", "leaf": "3.1.1", "quote": quote}, follow=True).content.decode()
    assert "Avsnittet räknas nu för 3.1.1, även när planen läses igen." in html
    assert "Tillagt av hst-agare" in html
    assert _count(_plan_and_reading()[1], "3.1.1") == before + 1

    owner.post(f"/business-plans/against/{HALMSTAD}/words/", {"text": "2.2.4 +elevråd\n"})  # every plan read again
    assert _count(_plan_and_reading()[1], "3.1.1") == before + 1

    again = owner.post(url + "decide/", {"decision": "add", "leaf": "3.1.1", "quote": quote}, follow=True).content.decode()
    assert "Det avsnittet räknas redan för 3.1.1." in again
    missing = owner.post(url + "decide/", {"decision": "add", "leaf": "3.1.1", "quote": "Detta står inte i planen alls."}, follow=True).content.decode()
    assert "Den texten finns inte i verksamhetsplanen" in missing

    digest = AddedPassage.objects.get().digest
    owner.post(url + "decide/", {"leaf": "3.1.1", "digest": digest})  # "Ta tillbaka"
    assert not AddedPassage.objects.exists()
    assert _count(_plan_and_reading()[1], "3.1.1") == before


def test_a_passage_is_added_from_the_command_line(halmstad_plans, capsys):
    _plan, reading = _plan_and_reading()
    call_command("businessplans", "add-passage", HALMSTAD, "--unit", UNIT, "--year", str(YEAR), "3.1.1", "Nämndens budget är i balans.")
    assert "added for 3.1.1: page 1" in capsys.readouterr().out
    assert _count(_plan_and_reading()[1], "3.1.1") == _count(reading, "3.1.1") + 1
    with pytest.raises(CommandError, match="That text is not in this business plan"):
        call_command("businessplans", "add-passage", HALMSTAD, "--unit", UNIT, "--year", str(YEAR), "3.1.1", "Står inte här.")


def test_an_added_passage_joins_the_reading_in_page_order():
    from lika.textanalysis.leafreading import with_added

    found = [{"page": 1, "text": "A", "heading": False, "themes": {"1.1": ["a"]}, "spans": {"1.1": [[0, 1]]}}, {"page": 3, "text": "C", "heading": False, "themes": {"1.2": ["c"]}, "spans": {}}]
    out = with_added(found, [("1.2", 1, "A"), ("1.3", 2, "B")])
    assert [(p["text"], sorted(p["themes"])) for p in out] == [("A", ["1.1", "1.2"]), ("B", ["1.3"]), ("C", ["1.2"])]
    assert found[0]["themes"] == {"1.1": ["a"]}  # the reading passed in is not changed
