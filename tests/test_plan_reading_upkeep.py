"""Keeping the reading against a plan right as things change (issue 22): a plan adopted after the
business plans were stored, a plan without items, a leaf without words of its own, words saved
unchanged, an English business plan, and what the table says about change."""

import io
import re
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from lika.textanalysis.summary import Cell
from tests.conftest import HALMSTAD


def test_business_plans_stored_before_the_plan_are_read_against_it_when_looked_at(halmstad_plans, client_for):
    from lika.textanalysis.models import BusinessPlan, LeafReading

    LeafReading.objects.all().delete()  # as if the plan was adopted after the business plans were stored
    html = client_for("hst-agare").get(f"/business-plans/against/{HALMSTAD}/2024/").content.decode()
    assert LeafReading.objects.filter(document__identifier=HALMSTAD).count() == BusinessPlan.objects.filter(municipality__slug="halmstad").count()
    assert "● " in html or "●" in html  # present somewhere, not every cell absent
    reading = LeafReading.objects.filter(document__identifier=HALMSTAD).first()
    plan_page = client_for("hst-agare").get(f"/business-plans/plans/{reading.plan_id}/against/{HALMSTAD}/")
    assert plan_page.status_code == 200


def test_a_reading_made_with_other_words_or_weights_is_read_again(halmstad_plans, client_for):
    from lika.textanalysis.models import LeafReading

    reading = LeafReading.objects.filter(document__identifier=HALMSTAD).first()
    LeafReading.objects.filter(pk=reading.pk).update(themes_digest="made-by-an-older-lika", scores=[])
    client_for("hst-agare").get(f"/business-plans/against/{HALMSTAD}/2024/")
    fresh = LeafReading.objects.get(plan=reading.plan, document=reading.document)
    assert fresh.scores and fresh.themes_digest != "made-by-an-older-lika"


def test_a_plan_without_items_says_so_instead_of_an_empty_table(halmstad_plans, client_for):
    from lika.organisations.models import Municipality
    from lika.plans.models import DocumentKind, DocumentStatus, SteeringDocument

    SteeringDocument.objects.create(
        municipality=Municipality.objects.get(slug="halmstad"), identifier="halmstad-tom-plan", kind=DocumentKind.PLAN,
        status=DocumentStatus.ADOPTED, title_sv="Tom plan", valid_from=date(2024, 1, 1),
    )
    owner = client_for("hst-agare")
    for url in ("/business-plans/against/halmstad-tom-plan/2024/", "/business-plans/against/halmstad-tom-plan/words/"):
        response = owner.get(url)
        assert response.status_code == 404
        assert "<h1>Inget att läsa mot</h1>" in response.content.decode()
        assert "Tom plan har inga åtgärder eller strategier" in response.content.decode()


def test_a_leaf_left_without_words_of_its_own_is_named_on_the_words_page(halmstad_plans, client_for):
    from lika.plans.models import SteeringDocument
    from lika.textanalysis.leafreading import content_keys
    from lika.textanalysis.plan_reading import document_leaves

    leaf = next(leaf for leaf in document_leaves(SteeringDocument.objects.get(identifier=HALMSTAD)) if leaf.code == "2.2.4")
    removed = " ".join(f"-{word}" for word in sorted(content_keys(leaf.text)))
    owner = client_for("hst-agare")
    owner.post(f"/business-plans/against/{HALMSTAD}/words/", {"text": f"2.2.4 {removed}\n"})
    page = owner.get(f"/business-plans/against/{HALMSTAD}/words/").content.decode()
    assert "Punkt 2.2.4 har bara ord som alla planer använder" in page
    assert "inga egna ord: lägg till" in page


def test_saving_the_words_in_force_again_makes_no_new_version(halmstad_plans, client_for):
    from lika.textanalysis.models import LeafWords

    owner = client_for("hst-agare")
    owner.post(f"/business-plans/against/{HALMSTAD}/words/", {"text": "2.2.4 +elevråd\n"})
    html = owner.post(f"/business-plans/against/{HALMSTAD}/words/", {"text": "2.2.4 +elevråd\r\n"}, follow=True).content.decode()
    assert "Inget ändrades: version 1 gäller." in html
    assert LeafWords.objects.count() == 1


def test_an_english_business_plan_is_refused_where_plans_are_read_against_swedish_items(halmstad_plans, client_for):
    from lika.organisations.models import OrganisationUnit
    from lika.textanalysis.models import BusinessPlan

    unit = OrganisationUnit.objects.get(municipality__slug="halmstad", key="kulturnamnden")
    english = "The committee will work with the city's libraries. We will make our services accessible to everyone and follow up the results with the board."
    before = BusinessPlan.objects.count()
    html = client_for("hst-agare").post(
        "/business-plans/upload/", {"year": 2025, "file_1": SimpleUploadedFile("culture.txt", english.encode()), "unit_1": str(unit.pk)}
    ).content.decode()
    assert "Verksamhetsplanen är på engelska och planens punkter på svenska" in html
    assert BusinessPlan.objects.count() == before


def test_the_table_names_a_strategy_now_only_in_passing_and_downloads_a_whole_sheet_name(halmstad_plans, client_for):
    from openpyxl import load_workbook

    assert str(Cell(1, "mentioned", 3, "present").change) == "nu bara i förbigående"
    assert str(Cell(0, "absent", 3, "present").change) == "finns inte längre med"
    response = client_for("hst-agare").get(f"/business-plans/against/{HALMSTAD}/2024/table.xlsx")
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["Verksamhetsplaner 2024"]
    assert re.search(r"En förändring som \+2 eller −1", client_for("hst-agare").get(f"/business-plans/against/{HALMSTAD}/2024/").content.decode())
