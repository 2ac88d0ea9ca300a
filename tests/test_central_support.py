"""Central support (issue 17): the coordinators' network, learning events and their figures in the
report, and the method library."""

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db

MEASURE_6 = "/helsingborg/documents/helsingborg-lika-mojligheter-2022/nodes/6/"


@pytest.fixture(autouse=True)
def demo_rounds(db):
    from lika.followup.demo import ensure_demo_rounds

    ensure_demo_rounds(timezone.localdate())


def test_a_measure_page_names_its_coordinating_unit_and_for_members_its_coordinators(client, client_for):
    public = client.get(MEASURE_6).content.decode()
    assert "Samordnande enhet:" in public and "Avdelningen för demokrati och juridik" in public
    assert "hbg-samordnare@example.invalid" not in public  # contact details are for the municipality's members
    member = client_for("hbg-kultur").get(MEASURE_6).content.decode()
    assert "Sam Samordnare" in member and 'href="mailto:hbg-samordnare@example.invalid"' in member
    assert 'href="/support/coordinators/hbg-samordnare/"' in member
    # Another municipality's member sees the unit, not the people.
    assert "Sam Samordnare" not in client_for("hst-agare").get(MEASURE_6).content.decode()


def test_the_coordinator_page_lists_measures_units_and_their_status_in_the_open_round(client_for):
    html = client_for("hbg-kultur").get("/support/coordinators/hbg-samordnare/").content.decode()
    assert "<h1><span class=\"kicker\">Samordnare</span>Sam Samordnare</h1>" in html
    assert "Uppföljning 2025 (demo)" in html
    assert "<th scope=\"row\">Arbetsmarknadsförvaltningen</th><td>Inlämnad</td><td>Pågår</td>" in html
    assert "<th scope=\"row\">Kulturförvaltningen</th><td>Inte påbörjad</td>" in html
    assert client_for("hbg-kultur").get("/support/coordinators/hbg-kultur/").status_code == 404
    assert client_for("hst-agare").get("/support/coordinators/hbg-samordnare/").status_code == 404
    index = client_for("hbg-kultur").get("/support/coordinators/").content.decode()
    assert "Sam Samordnare" in index and "Avdelningen för demokrati och juridik" in index


def test_the_coordinator_page_does_not_grow_in_queries_with_measures_or_units(client_for, django_assert_max_num_queries):
    from django.test.utils import CaptureQueriesContext
    from django.db import connection

    from lika.followup.models import FollowUpRound, Submission
    from lika.organisations.models import OrganisationUnit, UnitKind

    client = client_for("hbg-kultur")
    client.get("/support/coordinators/hbg-samordnare/")
    with CaptureQueriesContext(connection) as before:
        client.get("/support/coordinators/hbg-samordnare/")
    municipality = OrganisationUnit.objects.filter(municipality__slug="helsingborg").first().municipality
    round_ = FollowUpRound.objects.get(identifier="helsingborg-lika-2025")
    for number in range(5):
        unit = OrganisationUnit.objects.create(municipality=municipality, key=f"ny-{number}", kind=UnitKind.DEPARTMENT, name_sv=f"Ny förvaltning {number}")
        Submission.objects.create(round=round_, unit=unit)
    with django_assert_max_num_queries(len(before.captured_queries)):
        html = client.get("/support/coordinators/hbg-samordnare/").content.decode()
    assert "Ny förvaltning 4" in html
