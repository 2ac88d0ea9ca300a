"""Merging and splitting measures of a draft revision, on the web and the command line: the lineage
they record, the comparison that reports them, the plan file that carries them, and what is refused."""

import json

import pytest
from django.core.management import CommandError, call_command

from lika.organisations.access import Access
from lika.plans import merge_split
from lika.plans.actions import ActionRefused
from lika.plans.importing import export_plan, import_plan_text
from lika.plans.models import Node, RevisionEvent, SteeringDocument
from lika.plans.planfile import write_plan_file
from tests.concurrency_load import post_form
from tests.conftest import EOP, HALMSTAD

pytestmark = pytest.mark.django_db
NEW = "helsingborg-lika-mojligheter-2026"
HBG = "/helsingborg/documents"
ADMIN = Access(is_superuser=True)


def draft(client):
    client.post(
        f"{HBG}/{EOP}/revise/",
        {"identifier": NEW, "title_sv": "Plan för lika möjligheter 2026–2029", "valid_from": "2026-01-01", "valid_to": "2029-12-31"},
    )
    return SteeringDocument.objects.get(identifier=NEW)


def units_of(document_identifier, code):
    node = Node.objects.get(document__identifier=document_identifier, code=code)
    return sorted(r.unit.key if r.unit_id else r.scope for r in node.responsibilities.filter(role="implements"))


def test_the_plan_owner_merges_two_measures_on_the_web_and_the_lineage_keeps_both(client_for, capsys):
    owner = client_for("hbg-agare")
    new = draft(owner)
    expected = sorted(set(units_of(EOP, "2")) | set(units_of(EOP, "3")))
    page = owner.get(f"{HBG}/{NEW}/nodes/2/merge/")
    assert page.status_code == 200 and "<h1>" in page.content.decode()
    response = post_form(owner, f"{HBG}/{NEW}/nodes/2/merge/", {"others": ["3"], "title_sv": "Konsekvenser och statistik"})
    assert response.status_code == 302
    merged = new.nodes.get(code="2")
    assert merged.title_sv == "Konsekvenser och statistik" and not new.nodes.filter(code="3").exists()
    old2, old3 = (Node.objects.get(document__identifier=EOP, code=c) for c in ("2", "3"))
    assert merged.predecessor_ids() == sorted([old2.pk, old3.pk], key=lambda pk: pk != old2.pk)
    assert units_of(NEW, "2") == expected  # responsibilities united, none twice
    assert RevisionEvent.objects.filter(document=new, action="merged", code="2").exists()
    call_command("plan", "diff", EOP, NEW, "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["merged"] == [{"code": "2", "from": ["2", "3"]}]
    assert not data["removed"] and not data["split"]
    call_command("plan", "diff", EOP, NEW)
    assert "merged   2, 3 → 2 Konsekvenser och statistik" in capsys.readouterr().out
    compare = owner.get(f"{HBG}/{NEW}/compare/").content.decode()
    assert "Sammanslagna åtgärder (1)" in compare


def test_the_plan_owner_splits_a_measure_and_both_parts_point_back(client_for, capsys):
    owner = client_for("hbg-agare")
    new = draft(owner)
    kultur = owner.get(f"{HBG}/{NEW}/nodes/2/split/").context["form"].fields["implementers"].queryset.get(key="kulturforvaltningen")
    response = post_form(owner, f"{HBG}/{NEW}/nodes/2/split/", {"code": "2b", "title_sv": "Andra halvan", "implementers": [kultur.pk]})
    assert response.status_code == 302
    old2 = Node.objects.get(document__identifier=EOP, code="2")
    first, second = new.nodes.get(code="2"), new.nodes.get(code="2b")
    assert first.derived_from == second.derived_from == old2
    assert second.position == first.position + 1 and second.parent_id == first.parent_id
    assert units_of(NEW, "2b") == ["kulturforvaltningen"]
    call_command("plan", "diff", EOP, NEW, "--format", "json")
    assert json.loads(capsys.readouterr().out)["split"] == [{"code": "2", "into": ["2", "2b"]}]
    compare = owner.get(f"{HBG}/{NEW}/compare/").content.decode()
    assert "Delade åtgärder (1)" in compare
    again = post_form(owner, f"{HBG}/{NEW}/nodes/2/split/", {"code": "2b", "title_sv": "Igen"})
    assert "2b används redan" in again.content.decode()


def test_merge_and_split_on_the_command_line_round_trip_through_the_plan_file(client_for, capsys):
    draft(client_for("hbg-agare"))
    call_command("plan", "merge", NEW, "5", "6", "--title", "Fem och sex")
    call_command("plan", "split", NEW, "7", "--code", "7b", "--title", "Sju, del två", "--implementers", "kulturforvaltningen")
    out = capsys.readouterr().out
    assert "merged 5, 6 into 5" in out and "split 7 into 7 and 7b" in out
    text = write_plan_file(export_plan(SteeringDocument.objects.get(identifier=NEW)))
    assert "merged_from: ['6']" in text and text.count("derived_from: '7'") == 2
    SteeringDocument.objects.get(identifier=NEW).delete()
    import_plan_text(text, "new.yaml")
    again = SteeringDocument.objects.get(identifier=NEW)
    assert write_plan_file(export_plan(again)) == text
    assert [n.code for n in again.nodes.get(code="5").merged_from.all()] == ["6"]
    call_command("plan", "diff", EOP, NEW, "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["merged"] == [{"code": "5", "from": ["5", "6"]}] and data["split"] == [{"code": "7", "into": ["7", "7b"]}]


def test_measures_of_two_documents_are_not_merged(client_for):
    draft(client_for("hbg-agare"))
    with pytest.raises(CommandError, match="Bara delar i samma dokument|Only parts of the same document"):
        call_command("plan", "merge", NEW, "2", f"{HALMSTAD}#{Node.objects.filter(document__identifier=HALMSTAD).last().code}")
    assert Node.objects.filter(document__identifier=NEW, code="2").get().merged_from.count() == 0


def test_a_cycle_in_the_lineage_is_refused_and_nothing_changes(client_for):
    new = draft(client_for("hbg-agare"))
    two, three = new.nodes.get(code="2"), new.nodes.get(code="3")
    old3 = three.derived_from
    # A broken lineage: the old measure 3 claims to come from the draft's measure 2.
    old3.derived_from = two
    old3.save()
    with pytest.raises(ActionRefused, match="cirkel"):
        merge_split.merge_nodes([two, three], access=ADMIN, user=None)
    assert new.nodes.filter(code="3").exists() and new.nodes.get(code="2").merged_from.count() == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2"], "minst två"),
        (["2", "99"], "has no node '99'"),
        (["2", "4.2"], "samma nivå"),
    ],
)
def test_bad_merges_get_one_clear_line(client_for, args, message):
    draft(client_for("hbg-agare"))
    with pytest.raises(CommandError, match=message):
        call_command("plan", "merge", NEW, *args)


def test_an_adopted_document_is_not_merged_or_split(client_for):
    with pytest.raises(CommandError, match="antaget"):
        call_command("plan", "merge", EOP, "2", "3")
    with pytest.raises(CommandError, match="antaget"):
        call_command("plan", "split", EOP, "2", "--code", "2b", "--title", "x")
    with pytest.raises(CommandError, match="no unit 'nope'"):
        draft(client_for("hbg-agare"))
        call_command("plan", "split", NEW, "2", "--code", "2b", "--title", "x", "--implementers", "nope")


def test_a_merge_from_a_form_read_before_someone_changed_the_measure_is_refused(client_for):
    owner = client_for("hbg-agare")
    new = draft(owner)
    stale = owner.get(f"{HBG}/{NEW}/nodes/2/merge/").context["form"]["version"].value()
    call_command("plan", "drop", NEW, "3", "--reason", "Ingår i 2.")
    Node.objects.filter(document=new, code="2").update(title_sv="Ändrad av någon annan")
    page = owner.post(f"{HBG}/{NEW}/nodes/2/merge/", {"others": ["4"], "version": stale}).content.decode()
    assert "ändrades av någon annan" in page
    assert new.nodes.filter(code="4").exists() and new.nodes.get(code="2").merged_from.count() == 0
