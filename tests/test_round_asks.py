"""Before a round opens, the plan owner sees who will be asked to report on what; a round that
would ask nobody is not opened. Plans followed up through the units' business plans (Halmstad's:
"all committees and company boards take the plan into account") ask those units on every strategy."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from lika.followup import actions
from lika.followup.models import FollowUpRound
from lika.plans.models import Responsibility, ResponsibilityRole, SteeringDocument
from lika.plans.queries import implementing_units, measure_nodes
from tests.conftest import EOP, HALMSTAD

pytestmark = pytest.mark.django_db


def draft_round(identifier: str, document: str) -> FollowUpRound:
    today = timezone.localdate()
    return FollowUpRound.objects.create(
        document=SteeringDocument.objects.get(identifier=document),
        identifier=identifier,
        title_sv="Uppföljning 2026",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        opens_on=today,
        closes_on=today + timedelta(days=30),
    )


def test_halmstads_rule_on_the_whole_plan_puts_its_committees_on_every_strategy():
    document = SteeringDocument.objects.get(identifier=HALMSTAD)
    strategies = measure_nodes(document)
    units = implementing_units(document)
    committees = set(document.municipality.units.filter(kind__in=["committee", "company"], is_active=True).values_list("pk", flat=True))
    assert len(strategies) == 23
    assert committees, "the demo has Halmstad's committees"
    assert all(units[node.pk] == committees for node in strategies)


def test_the_draft_round_page_lists_who_will_be_asked_on_what(client_for):
    round_ = draft_round("halmstad-2026", HALMSTAD)
    html = client_for("hst-agare").get(f"/followup/{round_.identifier}/").content.decode()
    assert "Vilka som kommer att tillfrågas" in html
    assert "Kommunstyrelsen" in html
    assert "1.1.1, 1.1.2" in html  # the strategies, in plan order
    assert "ingen rapportör i Lika ännu" in html  # nobody in Halmstad's committee has an account


def test_opening_a_round_that_would_ask_nobody_is_refused_and_says_how_to_fix_it(client_for):
    document = SteeringDocument.objects.get(identifier=HALMSTAD)
    Responsibility.objects.filter(document=document, role=ResponsibilityRole.TAKES_INTO_ACCOUNT).delete()
    round_ = draft_round("halmstad-2026", HALMSTAD)
    client = client_for("hst-agare")
    assert "Ingen kommer att tillfrågas" in client.get(f"/followup/{round_.identifier}/").content.decode()

    response = client.post(f"/followup/{round_.identifier}/state/", {"state": "open"}, follow=True)
    round_.refresh_from_db()
    assert round_.state == "draft"
    html = response.content.decode()
    assert "skulle inte be någon att rapportera" in html
    assert "strategier" in html  # the plan's own name for its leaves
    assert not mail.outbox


def test_opening_a_round_tells_the_reporters_of_the_units_it_asks(client_for):
    round_ = draft_round("lika-2026", EOP)
    client = client_for("hbg-agare")
    html = client.get(f"/followup/{round_.identifier}/").content.decode()
    assert "Kulturförvaltningen" in html and "Socialförvaltningen" in html
    client.post(f"/followup/{round_.identifier}/state/", {"state": "open"})
    round_.refresh_from_db()
    assert round_.state == "open"
    from django.core.management import call_command

    call_command("worker", "--batch", verbosity=0)  # the e-mail is a background job
    told = {address for message in mail.outbox for address in message.to}
    assert {"hbg-kultur@example.invalid", "hbg-soc@example.invalid"} <= told
    assert "Vilka som kommer att tillfrågas" not in client.get(f"/followup/{round_.identifier}/").content.decode()


def test_the_command_line_lists_who_the_round_asks():
    from io import StringIO

    from django.core.management import CommandError, call_command

    round_ = draft_round("halmstad-2026", HALMSTAD)
    out = StringIO()
    call_command("followup", "asked", round_.identifier, stdout=out)
    assert "Kommunstyrelsen\t0 reporters\t1.1.1, 1.1.2" in out.getvalue()
    assert "Socialnämnden\t0 reporters\t1.1.1" in out.getvalue()
    Responsibility.objects.filter(document=round_.document, role=ResponsibilityRole.TAKES_INTO_ACCOUNT).delete()
    with pytest.raises(CommandError, match="asks nobody"):
        call_command("followup", "asked", round_.identifier)


def give_reporter(unit_name: str, username: str):
    from django.contrib.auth import get_user_model

    from lika.organisations.models import Membership, OrganisationUnit, Role

    unit = OrganisationUnit.objects.get(municipality__slug="halmstad", name_sv=unit_name)
    user = get_user_model().objects.create_user(username, email=f"{username}@example.invalid", password="x")
    Membership.objects.create(user=user, municipality=unit.municipality, role=Role.REPORTER, unit=unit)
    return unit


def untold_notice(html: str) -> str:
    assert 'id="untold"' in html, "the page warns about units without reporters"
    return html.split('id="untold"', 1)[1].split("</div>", 1)[0]


def test_the_draft_round_page_names_the_units_that_have_no_reporter_to_tell(client_for):
    round_ = draft_round("halmstad-2026", HALMSTAD)
    give_reporter("Kommunstyrelsen", "hst-ks-rapport")
    total = len(actions.reporting_units(round_))
    html = client_for("hst-agare").get(f"/followup/{round_.identifier}/").content.decode()
    notice = untold_notice(html)
    assert f"{total - 1} av de {total} enheter som ska tillfrågas har ingen rapportör" in notice
    assert "Socialnämnden" in notice and "Kommunstyrelsen" not in notice
    assert 'href="/accounts/people/#give-role"' in notice  # where the plan owner adds reporters
    assert client_for("hst-agare").get("/accounts/people/").status_code == 200


def test_opening_a_round_where_no_unit_has_a_reporter_is_refused_and_says_how_to_fix_it(client_for):
    from lika.jobs.models import Job

    round_ = draft_round("halmstad-2026", HALMSTAD)
    client = client_for("hst-agare")
    assert "så uppföljningen kan inte öppnas ännu" in untold_notice(client.get(f"/followup/{round_.identifier}/").content.decode())

    html = client.post(f"/followup/{round_.identifier}/state/", {"state": "open"}, follow=True).content.decode()
    round_.refresh_from_db()
    assert round_.state == "draft" and round_.opened_at is None
    assert "Ingen skulle få veta att uppföljningen är öppen" in html
    assert "Lägg till rapportörer för enheterna under Personer och roller" in html
    assert "skickas i bakgrunden" not in html
    assert not Job.objects.filter(subject=f"round-opened:{round_.pk}").exists()


def test_a_round_where_some_units_have_reporters_opens_and_says_how_many_are_not_told(client_for):
    round_ = draft_round("halmstad-2026", HALMSTAD)
    give_reporter("Kommunstyrelsen", "hst-ks-rapport")
    total = len(actions.reporting_units(round_))
    html = client_for("hst-agare").post(f"/followup/{round_.identifier}/state/", {"state": "open"}, follow=True).content.decode()
    round_.refresh_from_db()
    assert round_.state == "open"
    assert "E-postmeddelandet till 1 rapportörer skickas i bakgrunden" in html
    assert f"{total - 1} av de {total} enheter som tillfrågas har ingen rapportör i Lika" in html


def test_opening_asks_for_reporters_in_a_constant_number_of_queries():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lika.followup.permissions import RoundAccess

    def queries_to_open(identifier: str) -> int:
        round_ = draft_round(identifier, HALMSTAD)
        with CaptureQueriesContext(connection) as captured:
            actions.change_round_state(round_, "open", who=RoundAccess(round_, None, True, frozenset(), set()))
        return len(captured)

    give_reporter("Kommunstyrelsen", "hst-ks-rapport")
    few = queries_to_open("halmstad-2026")
    for number, name in enumerate(["Socialnämnden", "Kulturnämnden"]):
        give_reporter(name, f"hst-rapport-{number}")
    assert queries_to_open("halmstad-2027") == few


def test_the_round_page_calls_halmstads_items_strategies_throughout(client_for):
    round_ = draft_round("halmstad-2026", HALMSTAD)
    html = client_for("hst-agare").get(f"/followup/{round_.identifier}/").content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "Exempel per enhet och strategi" in main
    assert "rapportera om dessa strategier" in main
    assert '<th scope="col">Strategier</th>' in main
    assert "åtgärd" not in main.lower()


def test_the_new_round_form_names_the_document_field_in_swedish(client_for):
    html = client_for("hst-agare").get("/followup/new/").content.decode()
    assert '<label for="id_document">Styrdokument som följs upp</label>' in html
