"""The demo data says what the source documents say."""

import pytest

from lika.organisations.models import OrganisationUnit
from lika.plans.models import Node, Responsibility, SteeringDocument
from lika.plans.queries import unit_responsibilities
from lika.organisations.access import ANONYMOUS
from tests.conftest import EOP, HALMSTAD, QOL

pytestmark = pytest.mark.django_db

ALL_DEPTS = "all_departments"
ALL = "all_departments_and_companies"
AMF, FAST, KULT, MILJO = "arbetsmarknadsforvaltningen", "fastighetsforvaltningen", "kulturforvaltningen", "miljoforvaltningen"
SOF, SOC, SBF, SLF = "skol-och-fritidsforvaltningen", "socialforvaltningen", "stadsbyggnadsforvaltningen", "stadsledningsforvaltningen"
VOO, HEM, HASAB = "vard-och-omsorgsforvaltningen", "helsingborgshem", "hasab"

# Written from the Swedish plan (000_ef4b5461cf544704.txt), measure by measure:
# (implementing units or rule, coordinating units).
EXPECTED_EOP = {
    "1": ({ALL_DEPTS}, {"slf-ekonomi-och-styrning"}),
    "2": ({ALL}, {"slf-staben"}),
    "3": ({ALL}, {"slf-ekonomi-och-styrning"}),
    "4": ({ALL}, {"slf-demokrati-och-juridik"}),
    "5": ({ALL}, {"slf-kommunikationsenheten"}),
    "6": ({AMF, KULT, SOF, SOC, SBF, SLF, VOO}, {"slf-demokrati-och-juridik"}),
    "7": ({FAST, HEM, HASAB, KULT, SOF, SOC, SBF, SLF, VOO}, {FAST, SOF}),
    "8": ({AMF, KULT, SOF, SOC, SBF, SLF, VOO}, {"slf-demokrati-och-juridik"}),
    "9": ({AMF, KULT, SOF, SOC, SLF}, {"slf-demokrati-och-juridik"}),
    "10": ({ALL}, {"slf-demokrati-och-juridik"}),
    "11": ({AMF, KULT, SOF, SOC, SLF, VOO}, {"slf-demokrati-och-juridik"}),
    "12": ({ALL}, {"slf-ekonomi-och-styrning"}),
    "13": ({AMF, MILJO, SOC, SBF, SLF}, {"slf-naringsliv-och-marknad"}),
    "14": ({ALL}, {"slf-naringsliv-och-marknad"}),
    "15": ({SOF, SOC}, {SOF}),
    "16": ({AMF, HEM, SOF, SOC, SLF, VOO}, {SOC, "slf-trygghet-och-sakerhet"}),
    "17": ({AMF, FAST, HEM, SOF, SOC, SBF, SLF, VOO}, {SOC, "slf-trygghet-och-sakerhet"}),
}


def first_two_levels(identifier):
    nodes = Node.objects.filter(document__identifier=identifier)
    return nodes.filter(depth=1).count(), nodes.filter(depth=2).count()


def test_the_three_documents_have_their_nodes_at_the_first_two_levels():
    assert first_two_levels(QOL) == (4, 13)
    assert first_two_levels(EOP) == (8, 17)
    assert first_two_levels(HALMSTAD) == (3, 8)


def test_halmstad_ambitions_carry_their_how_strategies():
    strategies = Node.objects.filter(document__identifier=HALMSTAD, depth=3)
    per_ambition = {}
    for node in strategies.select_related("parent"):
        per_ambition[node.parent.code] = per_ambition.get(node.parent.code, 0) + 1
    assert per_ambition == {"1.1": 3, "1.2": 3, "2.1": 2, "2.2": 4, "2.3": 3, "3.1": 3, "3.2": 2, "3.3": 3}


def test_every_equal_opportunities_responsibility_matches_the_swedish_plan():
    found = {}
    for r in Responsibility.objects.filter(document__identifier=EOP, node__isnull=False).select_related("unit", "node"):
        implements, coordinates = found.setdefault(r.node.code, (set(), set()))
        who = r.unit.key if r.unit else r.scope
        {"implements": implements, "coordinates": coordinates}[r.role].add(who)
    assert found == EXPECTED_EOP


def test_social_services_page_lists_exactly_the_measures_the_plan_gives_it():
    unit = OrganisationUnit.objects.get(key=SOC, municipality__slug="helsingborg")
    by_role = unit_responsibilities(unit, ANONYMOUS)
    implements = sorted(
        (item.node.code for item in by_role["implements"] if item.document.identifier == EOP), key=int
    )
    coordinates = sorted(item.node.code for item in by_role["coordinates"] if item.document.identifier == EOP)
    expected = [code for code, (who, _) in EXPECTED_EOP.items() if SOC in who or ALL in who or ALL_DEPTS in who]
    assert implements == sorted(expected, key=int)
    assert coordinates == ["16", "17"]


def test_a_company_is_not_covered_by_all_departments():
    unit = OrganisationUnit.objects.get(key="nsr")
    codes = {item.node.code for item in unit_responsibilities(unit, ANONYMOUS).get("implements", []) if item.node}
    assert "1" not in codes  # measure 1: all departments, not companies
    assert {"2", "3", "4", "5", "10", "12", "14"} <= codes


def test_plan_areas_contribute_to_the_2025_focus_areas_as_the_plan_names_them():
    area = Node.objects.get(document__identifier=EOP, code="4.6")
    links = list(area.links_out.select_related("target").order_by("position"))
    assert [(l.target.code, l.as_stated_sv) for l in links] == [
        ("3.2", "öka sysselsättningen"),
        ("5.1", "förbättra integrationen"),
        ("5.2", "öka jämställdheten"),
    ]
    assert all(l.target.document.identifier == QOL for l in links)


def test_the_programme_names_agenda_2030_goals_for_its_focus_areas():
    node = Node.objects.get(document__identifier=QOL, code="2.4")
    assert sorted(goal.number for goal in node.goals.all()) == [4, 9, 11, 12]


def test_halmstad_board_leads_and_every_committee_and_company_takes_the_plan_into_account():
    document = SteeringDocument.objects.get(identifier=HALMSTAD)
    whole = {(r.role, r.unit.key if r.unit else r.scope) for r in document.responsibilities.filter(node__isnull=True)}
    assert ("leads_and_follows_up", "kommunstyrelsen") in whole
    assert ("coordinates", "kommunstyrelsen") in whole
    assert ("takes_into_account", "all_committees_and_companies") in whole
    assert document.adopted_on.isoformat() == "2020-05-28"
