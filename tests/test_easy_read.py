"""The easy-to-read (lättläst) summary: public, written by the plan owner, carried by the plan file."""

import pytest

from lika.lib.readability import readability
from lika.plans.importing import export_plan, import_plan_text
from lika.plans.models import Node, RevisionEvent, SteeringDocument
from lika.plans.planfile import read_plan_file, write_plan_file
from tests.concurrency_load import post_form
from tests.conftest import EOP, HALMSTAD

pytestmark = pytest.mark.django_db
HBG = "/helsingborg"


def test_the_demo_plan_offers_an_easy_to_read_version_without_login(client):
    plan = client.get(f"{HBG}/documents/{EOP}/").content.decode()
    assert f'href="{HBG}/documents/{EOP}/easy-to-read/"' in plan and "Lättläst" in plan
    page = client.get(f"{HBG}/documents/{EOP}/easy-to-read/").content.decode()
    assert "<h1>" in page and "Alla människor ska ha samma rätt i Helsingborg." in page


def test_the_demo_text_is_written_to_the_easy_to_read_guidelines():
    result = readability(SteeringDocument.objects.get(identifier=EOP).easy_read_sv)
    assert result.lix < 30  # very easy
    assert all(sentence.words <= 20 for sentence in result.longest)


def test_the_english_page_uses_the_english_summary(client):
    page = client.get(f"/en{HBG}/documents/{EOP}/easy-to-read/").content.decode()
    assert "Everyone in Helsingborg should have the same rights." in page


def test_a_plan_without_a_summary_has_no_link_and_no_page(client):
    assert "easy-to-read/" not in client.get(f"/halmstad/documents/{HALMSTAD}/").content.decode()
    assert client.get(f"/halmstad/documents/{HALMSTAD}/easy-to-read/").status_code == 404


def test_the_plan_owner_writes_the_summary_and_sees_its_lix(client_for):
    owner = client_for("hst-agare")
    url = f"/halmstad/documents/{HALMSTAD}/easy-to-read/edit/"
    text = "Halmstad vill vara en kommun för alla. Alla ska få vara med."
    response = post_form(owner, url, {"sv": text, "en": ""})
    assert response.status_code == 302
    document = SteeringDocument.objects.get(identifier=HALMSTAD)
    assert document.easy_read_sv == text
    assert RevisionEvent.objects.filter(document=document, action="easy_read_changed").exists()
    form = owner.get(url).content.decode()
    assert 'id="id_sv_lix"' in form and "LIX" in form


def test_an_english_summary_without_a_swedish_one_is_refused_and_kept(client_for):
    owner = client_for("hst-agare")
    response = post_form(owner, f"/halmstad/documents/{HALMSTAD}/easy-to-read/edit/", {"sv": "", "en": "Only English."})
    html = response.content.decode()
    assert response.status_code == 200 and "Only English." in html
    assert SteeringDocument.objects.get(identifier=HALMSTAD).easy_read_en == ""


def test_only_the_plan_owner_may_write_it(client_for):
    for who in ("hbg-lasare", "hbg-agare"):  # a reader; another municipality's plan owner
        response = client_for(who).post(f"/halmstad/documents/{HALMSTAD}/easy-to-read/edit/", {"sv": "Text.", "en": ""})
        assert response.status_code in (403, 404)
    assert SteeringDocument.objects.get(identifier=HALMSTAD).easy_read_sv == ""


def test_the_plan_file_carries_the_summary():
    text = write_plan_file(export_plan(SteeringDocument.objects.get(identifier=EOP)))
    assert "easy_read:" in text and "Alla människor ska ha samma rätt i Helsingborg." in text
    again = read_plan_file(text).document.easy_read
    assert again.sv.startswith("Helsingborgs stad har en plan") and again.en.startswith("The City of Helsingborg")


# Easy-to-read text per area (node) ---------------------------------------------------------------

AREA_TEXT = "Kommunen ska styra arbetet så att alla får lika möjligheter. Alla chefer ska veta hur."


def test_the_plan_owner_writes_an_area_text_and_residents_read_it_as_lattlast(client_for, client):
    owner = client_for("hbg-agare")
    node_url = f"{HBG}/documents/{EOP}/nodes/4.2/"
    assert "easy-to-read/edit/" in owner.get(node_url).content.decode()
    assert "easy-to-read/edit/" not in client.get(node_url).content.decode()
    form = owner.get(f"{node_url}easy-to-read/edit/").content.decode()
    assert "<h1>" in form
    response = post_form(owner, f"{node_url}easy-to-read/edit/", {"sv": AREA_TEXT, "en": "The municipality will steer the work."})
    assert response.status_code == 302
    node = Node.objects.get(document__identifier=EOP, code="4.2")
    assert node.easy_read_sv == AREA_TEXT
    assert RevisionEvent.objects.filter(document=node.document, action="easy_read_changed", code="4.2").exists()
    page = client.get(node_url).content.decode()
    assert "Lättläst" in page and AREA_TEXT in page
    english = client.get(f"/en{node_url}").content.decode()
    assert '<span lang="sv">Lättläst</span>' in english and "The municipality will steer the work." in english


def test_an_area_text_in_english_only_is_refused_and_others_may_not_write(client_for):
    url = f"{HBG}/documents/{EOP}/nodes/4.2/easy-to-read/edit/"
    response = post_form(client_for("hbg-agare"), url, {"sv": "", "en": "Only English."})
    assert response.status_code == 200 and "Only English." in response.content.decode()
    for who in ("hbg-samordnare", "hst-agare"):
        assert client_for(who).post(url, {"sv": "Text.", "en": ""}).status_code in (403, 404)
    assert Node.objects.get(document__identifier=EOP, code="4.2").easy_read_sv == ""


def test_the_plan_file_carries_an_area_text_there_and_back():
    node = Node.objects.get(document__identifier=EOP, code="4.2")
    node.easy_read_sv = AREA_TEXT
    node.save()
    text = write_plan_file(export_plan(SteeringDocument.objects.get(identifier=EOP)))
    again = {n.code: n for n in read_plan_file(text).document.nodes}
    assert again["4.2"].easy_read.sv == AREA_TEXT and again["1"].easy_read.is_empty()
    node.easy_read_sv = ""
    node.save()
    import_plan_text(text, "plan.yaml", replace=True)
    assert Node.objects.get(document__identifier=EOP, code="4.2").easy_read_sv == AREA_TEXT


def test_a_revision_keeps_the_area_texts(client_for):
    from tests.test_plan_revision import NEW, start

    Node.objects.filter(document__identifier=EOP, code="4.2").update(easy_read_sv=AREA_TEXT)
    start(client_for("hbg-agare"))
    assert Node.objects.get(document__identifier=NEW, code="4.2").easy_read_sv == AREA_TEXT


def test_the_demo_area_has_an_easy_to_read_text_written_plainly(client):
    page = client.get(f"{HBG}/documents/{EOP}/nodes/4.1/").content.decode()
    assert "Lättläst" in page and "Alla som arbetar i staden ska tänka på lika möjligheter." in page
    assert readability(Node.objects.get(document__identifier=EOP, code="4.1").easy_read_sv).lix < 30
