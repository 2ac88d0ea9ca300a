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
    # Who reports for each unit comes from the role administration, with a way to reach them.
    assert 'href="mailto:hbg-kultur@example.invalid"' in html
    assert "ingen ännu" in html  # a unit without a reporter says so
    assert client_for("hbg-kultur").get("/support/coordinators/hbg-kultur/").status_code == 404
    assert client_for("hst-agare").get("/support/coordinators/hbg-samordnare/").status_code == 404
    index = client_for("hbg-kultur").get("/support/coordinators/").content.decode()
    assert "Sam Samordnare" in index and "Avdelningen för demokrati och juridik" in index


def test_the_coordinator_page_does_not_grow_in_queries_with_measures_or_units(client_for, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

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


@pytest.fixture
def care_reporter_client(client_for):
    from django.contrib.auth import get_user_model

    from lika.organisations.models import Membership, OrganisationUnit, Role

    unit = OrganisationUnit.objects.get(municipality__slug="helsingborg", key="vard-och-omsorgsforvaltningen")
    user = get_user_model().objects.create_user("vof-rapportor", password="lika-demo")
    Membership.objects.create(user=user, municipality=unit.municipality, role=Role.REPORTER, unit=unit)
    return client_for("vof-rapportor")


@pytest.fixture
def demo_events(db):
    from lika.support.demo import ensure_demo_events

    ensure_demo_events(timezone.localdate())


def test_figures_count_kinds_attendance_units_never_reached_and_the_mean():
    from lika.support.figures import EventInput, support_figures

    events = [
        EventInput("Frukost", "2025-01-10", "breakfast_meeting", (("a", 3, 2), ("b", 1, 0)), (4, 5)),
        EventInput("Lärträff", "2025-03-10", "learning_meeting", (("a", 5, 5),), (3,)),
    ]
    found = support_figures(events, [("a", "Unit A"), ("b", "Unit B"), ("c", "Unit C")],
                            [("breakfast_meeting", "Breakfast"), ("learning_meeting", "Learning"), ("training", "Training")])
    assert found.per_kind == [("Breakfast", 1, 2), ("Learning", 1, 5), ("Training", 0, 0)]
    assert found.per_unit == [("Unit A", 2, 8, 7), ("Unit B", 0, 1, 0)]
    assert found.never_reached == ["Unit B", "Unit C"]  # registered but never came counts as not reached
    assert found.mean_score == 4.0 and found.evaluations == 3
    assert "<svg" in found.figure.svg and found.figure.table.rows[0] == ["Breakfast", 1, 2]
    assert support_figures([], [("a", "A")], []).sentences == ["No learning event is recorded for the period."]


def test_the_plan_owner_records_an_event_with_attendance_and_it_reaches_the_report(client_for):
    from lika.followup.models import FollowUpRound
    from lika.organisations.models import OrganisationUnit
    from lika.reports.report_data import build_report

    owner = client_for("hbg-agare")
    response = owner.post("/support/events/new/", {
        "title": "Frukostträff om planpromenader", "date": timezone.localdate().isoformat(), "kind": "breakfast_meeting",
        "organiser": "Strategisk samhällsutveckling", "description": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    url = response["Location"]
    unit = OrganisationUnit.objects.get(municipality__slug="helsingborg", key="kulturforvaltningen")
    form = owner.get(url + "attendance/").content.decode()
    assert f'<label for="id_attended_{unit.pk}" class="visually-hidden">' in form
    import re
    version = re.search(r'name="version" value="([^"]*)"', form).group(1)
    response = owner.post(url + "attendance/", {"version": version, f"registered_{unit.pk}": "4", f"attended_{unit.pk}": "3"})
    assert response.status_code == 302
    html = owner.get(url).content.decode()
    assert "<th scope=\"row\">Kulturförvaltningen</th><td>4</td><td>3</td>" in html
    owner.post(url + "evaluate/", {"score": "5", "comment": "Mycket bra"})
    assert "Medelbetyg 5,0 av 5" in owner.get(url).content.decode() or "Medelbetyg 5.0 av 5" in owner.get(url).content.decode()
    # The open round's report, chapter on central support.
    round_ = FollowUpRound.objects.get(identifier="helsingborg-lika-2025")
    document = build_report(round_, "sv")
    texts = [getattr(block, "text", "") for block in document.blocks]
    chapter = texts.index("2 Centralt stöd för implementeringen")
    following = texts[chapter:texts.index("3 Analys av verksamhetsplanerna")]
    assert "1 lärandeaktiviteter hölls; 3 personer från 1 verksamheter deltog." in following
    report_page = owner.get("/reports/helsingborg-lika-2025/").content.decode()
    assert "Kulturförvaltningen" in report_page and "Lärandeaktiviteter per slag" in report_page
    analysis = owner.get("/followup/helsingborg-lika-2025/analysis/").content.decode()
    assert "Centralt stöd: lärandeaktiviteter" in analysis


def test_only_the_plan_owner_records_events_and_a_member_evaluates_once_it_has_happened(client_for, demo_events):
    from lika.support.models import Evaluation, LearningEvent

    reporter = client_for("hbg-kultur")
    assert reporter.get("/support/events/new/").status_code == 404
    assert "Demo: Lärträff om barnrättsbaserat arbete" in reporter.get("/support/events/").content.decode()
    past = LearningEvent.objects.get(title="Demo: Lärträff om barnrättsbaserat arbete")
    assert reporter.get(f"/support/events/{past.pk}/attendance/").status_code == 404
    before = Evaluation.objects.count()
    reporter.post(f"/support/events/{past.pk}/evaluate/", {"score": "9"})
    assert Evaluation.objects.count() == before  # a score outside 1-5: nothing saved
    reporter.post(f"/support/events/{past.pk}/evaluate/", {"score": "4", "comment": "Bra"})
    assert Evaluation.objects.count() == before + 1
    future = LearningEvent.objects.get(title="Demo: Utbildning i normkritiskt bemötande")
    response = reporter.post(f"/support/events/{future.pk}/evaluate/", {"score": "4"}, follow=True)
    assert "har inte ägt rum" in response.content.decode()
    assert client_for("hst-agare").get(f"/support/events/{past.pk}/").status_code == 404


def test_two_plan_owners_editing_the_same_event_get_a_conflict_not_a_lost_change(client_for, demo_events):
    import re

    from lika.support.models import LearningEvent

    event = LearningEvent.objects.get(title="Demo: Lärträff om barnrättsbaserat arbete")
    owner = client_for("hbg-agare")
    form = owner.get(f"/support/events/{event.pk}/edit/").content.decode()
    version = re.search(r'name="version" value="([^"]*)"', form).group(1)
    data = {"title": event.title, "date": event.date.isoformat(), "kind": event.kind, "organiser": "Första", "version": version}
    assert owner.post(f"/support/events/{event.pk}/edit/", data).status_code == 302
    second = owner.post(f"/support/events/{event.pk}/edit/", {**data, "organiser": "Andra"})
    assert second.status_code == 200 and "medan du skrev" in second.content.decode()
    event.refresh_from_db()
    assert event.organiser == "Första"


def _publish(client, **extra):
    from lika.plans.models import Node

    node = Node.objects.get(document__identifier="helsingborg-lika-mojligheter-2022", code="4")
    data = {"title": "Checklista för tillgängliga möten", "kind": "text", "text": "Boka lokal med hörslinga.", "url": "",
            "measures": [node.pk], "themes": "möten, tillgänglighet", "review_by": "2020-01-01", "visibility": "internal", **extra}
    return client.post("/support/library/new/", data)


def test_the_method_library_shows_material_on_the_measure_page_and_the_reporters_form(client, client_for, care_reporter_client):
    coordinator = client_for("hbg-samordnare")
    assert _publish(coordinator).status_code == 302
    assert _publish(coordinator, title="Offentlig guide", visibility="public", review_by="2099-01-01").status_code == 302
    library = coordinator.get("/support/library/").content.decode()
    assert "Checklista för tillgängliga möten" in library and "teman: möten, tillgänglighet" in library
    assert "Har passerat sitt datum för översyn (2020-01-01)" in library  # the review flag
    measure_4 = "/helsingborg/documents/helsingborg-lika-mojligheter-2022/nodes/4/"
    public = client.get(measure_4).content.decode()
    assert "Offentlig guide" in public and "Checklista för tillgängliga möten" not in public  # internal stays internal
    assert "Checklista för tillgängliga möten" in client_for("hbg-kultur").get(measure_4).content.decode()
    form = care_reporter_client.get("/followup/helsingborg-lika-2025/units/vard-och-omsorgsforvaltningen/measures/4/examples/new/")
    assert "Metodmaterial för åtgärd 4" in form.content.decode() and "Checklista för tillgängliga möten" in form.content.decode()
    assert client_for("hbg-kultur").get("/support/library/new/").status_code == 404  # a reporter does not publish


def test_a_library_file_gets_the_attachment_checks(client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lika.support.models import Material

    owner = client_for("hbg-agare")
    fake = SimpleUploadedFile("guide.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = _publish(owner, kind="file", text="", upload=fake)
    assert response.status_code == 200 and "är inte en PDF" in response.content.decode()
    assert not Material.objects.exists()
    assert "Välj filen" in _publish(owner, kind="file", text="").content.decode()  # a file item needs a file
    real = SimpleUploadedFile("guide.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    assert _publish(owner, kind="file", text="", upload=real, visibility="public").status_code == 302
    material = Material.objects.get()
    from django.test import Client

    download = Client().get(f"/support/library/{material.pk}/file/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    material.visibility = "internal"
    material.save()
    assert Client().get(f"/support/library/{material.pk}/file/").status_code == 404
