"""Plan owners manage their own municipality's documents in the admin; nobody else gets in."""

import pytest

from tests.conftest import EOP, HALMSTAD

pytestmark = pytest.mark.django_db


def test_a_plan_owner_sees_only_their_own_municipalitys_documents(client_for):
    html = client_for("hst-agare").get("/admin/plans/steeringdocument/").content.decode()
    assert HALMSTAD in html and EOP not in html


def test_a_plan_owner_cannot_open_another_municipalitys_document_by_address(client_for):
    from lika.plans.models import SteeringDocument

    pk = SteeringDocument.objects.get(identifier=EOP).pk
    response = client_for("hst-agare").get(f"/admin/plans/steeringdocument/{pk}/change/")
    assert response.status_code == 302  # the admin's "does not exist" redirect to the list


def test_a_plan_owner_chooses_owners_only_among_their_own_units(client_for):
    html = client_for("hst-agare").get("/admin/plans/steeringdocument/add/").content.decode()
    assert "Tillväxtavdelningen" in html and "Socialförvaltningen" not in html


@pytest.mark.parametrize("username", ["hbg-soc", "hbg-samordnare", "hbg-analytiker", "hbg-lasare"])
def test_other_roles_are_sent_to_the_login_page(client_for, username):
    response = client_for(username).get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
