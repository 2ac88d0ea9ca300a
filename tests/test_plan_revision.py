"""Revising a plan as the plan owner does it: draft from the adopted plan, change, drop, add,
compare, see what the follow-up taught, adopt."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from lika.plans.models import DroppedNode, Node, RevisionEvent, SteeringDocument
from tests.concurrency_load import post_form
from tests.conftest import EOP

pytestmark = pytest.mark.django_db
NEW = "helsingborg-lika-mojligheter-2026"
HBG = "/helsingborg/documents"


def start(client):
    return client.post(
        f"{HBG}/{EOP}/revise/",
        {"identifier": NEW, "title_sv": "Plan för lika möjligheter 2026–2029", "valid_from": "2026-01-01", "valid_to": "2029-12-31"},
    )


def test_the_plan_owner_starts_a_revision_that_copies_the_plan_with_lineage(client_for):
    owner = client_for("hbg-agare")
    assert "Starta en revidering" in owner.get(f"{HBG}/{EOP}/").content.decode()
    response = start(owner)
    assert response.status_code == 302 and response["Location"] == f"/followup/revision/{NEW}/"
    old, new = SteeringDocument.objects.get(identifier=EOP), SteeringDocument.objects.get(identifier=NEW)
    assert new.status == "draft" and new.revision_of == old and old.status == "adopted" and not old.is_historical
    assert old.nodes.count() == new.nodes.count() == 25
    for node in new.nodes.select_related("derived_from"):
        assert node.derived_from.document_id == old.pk and node.derived_from.code == node.code
    assert new.responsibilities.count() == old.responsibilities.count()
    again = start(owner)
    assert "En revidering pågår redan" in again.content.decode()


def test_only_the_plan_owner_may_revise(client_for):
    assert start(client_for("hbg-samordnare")).status_code == 403
    assert start(client_for(None)).status_code == 302  # to the login page
    assert not SteeringDocument.objects.filter(identifier=NEW).exists()


def test_change_drop_and_add_in_the_draft_leave_the_adopted_plan_unchanged(client_for):
    owner = client_for("hbg-agare")
    start(owner)
    old_title = Node.objects.get(document__identifier=EOP, code="2").title_sv
    kultur = owner.get(f"{HBG}/{NEW}/nodes/2/edit/").context["form"].fields["implementers"].queryset.get(key="kulturforvaltningen")
    response = post_form(owner, f"{HBG}/{NEW}/nodes/2/edit/", {"title_sv": "Ny lydelse av åtgärd 2", "implementers": [kultur.pk]})
    assert response.status_code == 302
    assert Node.objects.get(document__identifier=NEW, code="2").title_sv == "Ny lydelse av åtgärd 2"
    assert Node.objects.get(document__identifier=EOP, code="2").title_sv == old_title
    refused = owner.post(f"{HBG}/{NEW}/nodes/13/drop/", {"reason": "  "})
    assert refused.status_code == 200 and Node.objects.filter(document__identifier=NEW, code="13").exists()
    owner.post(f"{HBG}/{NEW}/nodes/13/drop/", {"reason": "Genomförd."})
    assert not Node.objects.filter(document__identifier=NEW, code="13").exists()
    assert DroppedNode.objects.get(document__identifier=NEW).node.code == "13"
    added = owner.post(f"{HBG}/{NEW}/add/", {"parent": "", "code": "I", "title_sv": "Nytt område"})
    assert added.status_code == 302
    assert owner.post(f"{HBG}/{NEW}/add/", {"parent": "I", "code": "2", "title_sv": "Dubblett"}).context["form"].non_field_errors()
    assert list(RevisionEvent.objects.filter(document__identifier=NEW).values_list("action", flat=True)) == [
        "started", "changed", "dropped", "added"
    ]


def test_the_comparison_and_the_command_list_exactly_the_changes(client_for, capsys):
    owner = client_for("hbg-agare")
    start(owner)
    post_form(owner, f"{HBG}/{NEW}/nodes/2/edit/", {"title_sv": "Ny lydelse av åtgärd 2"})
    owner.post(f"{HBG}/{NEW}/nodes/13/drop/", {"reason": "Genomförd."})
    page = owner.get(f"{HBG}/{NEW}/compare/").content.decode()
    assert "Genomförd." in page and "<ins>" in page
    call_command("plan", "diff", EOP, NEW)
    out = capsys.readouterr().out
    assert "changed  2 Ny lydelse av åtgärd 2" in out and "removed  13 " in out and "added" not in out.split("+++")[1].split("\n")[1]
    lines = [line for line in out.splitlines() if line.startswith(("added", "removed", "changed", "moved"))]
    assert [line.split()[0:2] for line in lines] == [["removed", "13"], ["changed", "2"]]


def test_adopting_makes_the_revision_the_plan_in_force_and_the_old_one_historical(client_for):
    owner = client_for("hbg-agare")
    start(owner)
    owner.post(f"{HBG}/{NEW}/add/", {"parent": "", "code": "I", "title_sv": "Nytt område utan ansvar"})
    data = {"adopted_by": "Kommunfullmäktige", "adopted_on": "2026-01-28", "reference_number": "KS 2025/123"}
    refused = owner.post(f"{HBG}/{NEW}/adopt/", data)
    assert "Ingen genomför I" in refused.content.decode()
    assert SteeringDocument.objects.get(identifier=NEW).status == "draft"
    owner.post(f"{HBG}/{NEW}/nodes/I/drop/", {"reason": "Fel."})
    assert owner.post(f"{HBG}/{NEW}/adopt/", data).status_code == 302
    old, new = SteeringDocument.objects.get(identifier=EOP), SteeringDocument.objects.get(identifier=NEW)
    assert new.status == "adopted" and new.reference_number == "KS 2025/123"
    assert old.is_historical and str(old.valid_to) == "2025-12-31" and old.status == "adopted"
    public = client_for(None)
    old_page = public.get(f"{HBG}/{EOP}/").content.decode()
    assert "Den här versionen är historisk" in old_page and f"{HBG}/{NEW}/" in old_page
    versions = public.get(f"{HBG}/{NEW}/versions/").content.decode()
    assert "Historisk" in versions and "Gäller" in versions
    assert "Starta en revidering" not in owner.get(f"{HBG}/{EOP}/").content.decode()


def test_the_command_line_revises_drops_and_adopts_with_clear_messages():
    call_command("plan", "revise", EOP, "--identifier", NEW, "--title", "Ny plan", "--valid-from", "2026-01-01")
    call_command("plan", "drop", NEW, "13", "--reason", "Genomförd.")
    with pytest.raises(CommandError, match="Ange vilket organ"):
        call_command("plan", "adopt", NEW, "--by", " ", "--on", "2026-01-28")
    with pytest.raises(CommandError, match="no document 'nope'"):
        call_command("plan", "diff", "nope", NEW)
    call_command("plan", "adopt", NEW, "--by", "KF", "--on", "2026-01-28")
    with pytest.raises(CommandError, match="Bara den antagna"):
        call_command("plan", "revise", EOP, "--identifier", "x-2", "--title", "X", "--valid-from", "2026-01-01")


def test_the_revision_page_shows_what_the_last_round_taught_beside_each_measure(client_for):
    from lika.followup.demo import ensure_demo_rounds

    ensure_demo_rounds(timezone.localdate())
    owner = client_for("hbg-agare")
    start(owner)
    page = owner.get(f"/followup/revision/{NEW}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Status per enhet:" in text and "exempel" in text and "Diskrimineringsgrunder som inget exempel tog upp:" in text
    assert client_for("hbg-analytiker").get(f"/followup/revision/{NEW}/").status_code == 403


def _revised_plan_file(client_for):
    from lika.plans import planfile
    from lika.plans.importing import export_plan

    owner = client_for("hbg-agare")
    start(owner)
    post_form(owner, f"{HBG}/{NEW}/nodes/2/edit/", {"title_sv": "Ny lydelse av åtgärd 2"})
    owner.post(f"{HBG}/{NEW}/nodes/13/drop/", {"reason": "Genomförd."})
    return planfile.write_plan_file(export_plan(SteeringDocument.objects.get(identifier=NEW)))


def test_a_revision_round_trips_through_the_plan_file_with_its_lineage(client_for):
    from lika.plans import planfile
    from lika.plans.importing import export_plan, import_plan_text

    text = _revised_plan_file(client_for)
    assert "revision_of: helsingborg-lika-mojligheter-2022" in text and "derived_from: '2'" in text and "reason: Genomförd." in text
    SteeringDocument.objects.get(identifier=NEW).delete()
    import_plan_text(text, "new.yaml")
    again = SteeringDocument.objects.get(identifier=NEW)
    assert planfile.write_plan_file(export_plan(again)) == text
    assert again.nodes.get(code="2").derived_from.document.identifier == EOP
    call_command("plan", "diff", EOP, NEW)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace("derived_from: '2'", "derived_from: '99'"), "has no node '99'"),
        (lambda t: t.replace("revision_of: helsingborg-lika-mojligheter-2022", "revision_of: helsingborg-lika-2026-kopia"), "revision of itself"),
        (lambda t: t.replace("revision_of: helsingborg-lika-mojligheter-2022", "revision_of: nope"), "no document 'nope'"),
        (lambda t: t.replace("derived_from: '3'", "derived_from: '3'\n    merged_from: ['98']"), "has no node '98'"),
        (lambda t: t.replace("derived_from: '3'", "derived_from: '3'\n    merged_from: ['3']"), "3 is already derived_from"),
        (lambda t: t.replace("derived_from: '3'", "derived_from: '3'\n    merged_from: ['13']"), "13 is both dropped and continued by 3"),
    ],
)
def test_bad_lineage_in_a_plan_file_is_refused_with_a_clear_message(client_for, change, message):
    from lika.lib.yamlfile import FileProblems
    from lika.plans.importing import import_plan_text

    text = change(_revised_plan_file(client_for)).replace(f"identifier: {NEW}", "identifier: helsingborg-lika-2026-kopia")
    with pytest.raises(FileProblems) as raised:
        import_plan_text(text, "bad.yaml")
    assert message in "\n".join(raised.value.lines())
    assert not SteeringDocument.objects.filter(identifier="helsingborg-lika-2026-kopia").exists()


def test_a_cycle_of_revisions_is_refused(client_for):
    from lika.lib.yamlfile import FileProblems
    from lika.plans import planfile
    from lika.plans.importing import export_plan, import_plan_text

    _revised_plan_file(client_for)
    old = planfile.write_plan_file(export_plan(SteeringDocument.objects.get(identifier=EOP)))
    old = old.replace("  parent: helsingborg-livskvalitetsprogrammet-2025\n", f"  parent: helsingborg-livskvalitetsprogrammet-2025\n  revision_of: {NEW}\n", 1)
    assert f"revision_of: {NEW}" in old
    with pytest.raises(FileProblems) as raised:
        import_plan_text(old, "old.yaml", replace=True)
    assert "circle" in "\n".join(raised.value.lines())
