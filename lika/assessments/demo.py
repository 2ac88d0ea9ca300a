"""The demo's impact assessments: Helsingborg's case-number rule, measure 2 as the measure served,
and finished assessments of each kind, among them the child impact assessment of the detailed
plan for Oceanhamnen that the 2023 follow-up describes (the matters themselves are made up)."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from lika.organisations.access import access_for
from lika.organisations.models import Municipality, OrganisationUnit
from lika.plans.models import Node

from . import actions
from .models import Assessment, AssessmentSettings

EOP = "helsingborg-lika-mojligheter-2022"

CASE_NUMBER_RULES = {
    "helsingborg": (r"\d{5}/\d{4}", "00488/2023"),
    "halmstad": (r"\d{4}/\d{5}", "2019/00631"),
}

CHILD_ANSWERS = {
    "screening.affects_children": "yes",
    "screening.which_children": "Barn och unga som bor i, går i skola nära eller besöker Oceanhamnen, särskilt barn i mellanstadiet och gymnasiet som rör sig till fots och med cykel i området.",
    "rights.articles": "article_2\narticle_3\narticle_6\narticle_12",
    "rights.rights_description": "Planen avgör hur trygga och tillgängliga gator, lekplatser och mötesplatser blir för barn (artiklarna 3 och 6). Alla barn ska kunna använda platserna oavsett funktionsförmåga eller bakgrund (artikel 2).",
    "evidence.knowledge": "Stadens modell för barnkonsekvensanalys i fysisk planering, trafikräkningar och erfarenheter från lekplatsutvecklingen.",
    "evidence.children_heard": "yes",
    "evidence.how_heard": "Dialog och planpromenader med cirka 10 barn i mellanstadiet och 30 gymnasieelever. Barnen efterfrågade fler platser att vara på utan att behöva köpa något, och tryggare passager över hamngatan.",
    "weighing.alternatives": "Två gatusträckningar prövades; den valda ger ett bilfritt stråk mellan bostäderna och strandpromenaden.",
    "weighing.weighing": "Barnens behov av trygga stråk vägdes mot antalet parkeringsplatser. Barnets bästa väger tyngst i kvarteren närmast skolan.",
    "weighing.compensating": "Tillfälliga lekytor under byggtiden.",
    "weighing.follow_up": "Stadsbyggnadsförvaltningen följer upp med nya planpromenader när första etappen är byggd.",
}

EQUAL_ANSWERS = {
    "screening.affects_residents": "yes",
    "screening.affects_staff": "no",
    "screening.groups": "Äldre, personer med funktionsnedsättning och barnfamiljer som använder kollektivtrafik och gångvägar i området.",
    "grounds.sex.risk": "no",
    "grounds.gender_identity.risk": "no",
    "grounds.ethnicity.risk": "unsure",
    "grounds.ethnicity.description": "Informationen om ombyggnaden har hittills bara getts på svenska.",
    "grounds.religion.risk": "no",
    "grounds.disability.risk": "yes",
    "grounds.disability.description": "Tillfälliga gångvägar under byggtiden kan bli svåra att använda med rullstol eller rollator.",
    "grounds.sexual_orientation.risk": "no",
    "grounds.age.risk": "yes",
    "grounds.age.description": "Äldre som inte kan ta sig till den flyttade hållplatsen riskerar att bli isolerade.",
    "grounds.socioeconomic.risk": "no",
    "grounds.child_rights.risk": "no",
    "reach.reached": "Boende och pendlare som redan använder hållplatsen.",
    "reach.not_reached": "Boende som inte läser stadens webbplats eller inte läser svenska.",
    "involvement.involved": "Kommunala pensionärsrådet och rådet för funktionshinderfrågor har fått yttra sig.",
    "consequences.doing_nothing": "Hållplatsen fortsätter att vara otillgänglig för rullstol.",
    "consequences.short_term": "Längre gångavstånd under byggtiden.",
    "consequences.long_term": "En tillgänglig hållplats för alla.",
    "consequences.mitigation": "Markerade, plana gångvägar under byggtiden och information på flera språk.",
    "consequences.follow_up": "Stadsbyggnadsförvaltningen följer upp synpunkter från råden ett halvår efter byggstart.",
}


@dataclass(frozen=True)
class DemoAssessment:
    template: str
    title: str
    case_number: str
    decision_body: str
    decision_date: datetime.date
    answers: dict[str, str] | None = None
    finish: str | None = None  # "complete", or the reason it was not relevant
    publish: bool = False


# Made in this order, for Stadsbyggnadsförvaltningen.
DEMO_ASSESSMENTS = (
    DemoAssessment(
        "barnets_basta",
        "Detaljplan för Oceanhamnen, etapp 3",
        "01234/2025",
        "Stadsbyggnadsnämnden",
        datetime.date(2025, 11, 20),
        CHILD_ANSWERS,
        "complete",
        publish=True,
    ),
    DemoAssessment(
        "lika_mojligheter",
        "Ombyggnad av busshållplatsen vid Knutpunkten",
        "01587/2025",
        "Stadsbyggnadsnämnden",
        datetime.date(2025, 10, 16),
        EQUAL_ANSWERS,
        "complete",
    ),
    DemoAssessment(
        "jamstalldhet_3r",
        "Ändring av taxa för bygglov",
        "00912/2025",
        "Stadsbyggnadsnämnden",
        datetime.date(2025, 5, 22),
        {"screening.affects_people": "no"},
        "Taxan gäller alla sökande lika och ändringen är en indexuppräkning; den påverkar inte fördelningen mellan kvinnor och män.",
    ),
    DemoAssessment(
        "barnets_basta",
        "Detaljplan för Oceanhamnen, etapp 4",
        "02011/2026",
        "Stadsbyggnadsnämnden",
        datetime.date(2026, 12, 17),
        {"screening.affects_children": "yes"},
    ),
)


def ensure_demo_assessments() -> list[str]:
    lines = _ensure_settings()
    helsingborg = Municipality.objects.filter(slug="helsingborg").first()
    officer = get_user_model().objects.filter(username="hbg-handlaggare").first()
    if helsingborg is None or officer is None or Assessment.objects.filter(municipality=helsingborg).exists():
        return lines
    unit = OrganisationUnit.objects.get(municipality=helsingborg, key="stadsbyggnadsforvaltningen")
    measure = actions.settings_for(helsingborg).default_measure
    versions = {v.template.key: v for v in actions.current_versions(helsingborg)}
    access = access_for(officer)
    with transaction.atomic():
        for demo in DEMO_ASSESSMENTS:
            details = actions.MatterDetails(demo.title, demo.case_number, unit, demo.decision_body, demo.decision_date, "sv", measure)
            _make(demo, details, access=access, municipality=helsingborg, version=versions[demo.template], user=officer)
    lines.append("impact assessments: 4 for Stadsbyggnadsförvaltningen (3 finished, 1 draft)")
    return lines


def _ensure_settings() -> list[str]:
    """Each demo municipality's templates and case-number rule; Helsingborg serves measure 2."""
    lines = []
    for slug, (pattern, example) in CASE_NUMBER_RULES.items():
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None:
            continue
        lines += actions.ensure_templates(municipality)
        measure = Node.objects.filter(document__identifier=EOP, code="2").first() if slug == "helsingborg" else None
        AssessmentSettings.objects.get_or_create(
            municipality=municipality,
            defaults={"case_number_pattern": pattern, "case_number_example": example, "default_measure": measure},
        )
    return lines


def _make(demo: DemoAssessment, details: actions.MatterDetails, *, access, municipality, version, user) -> Assessment:
    assessment = actions.start(access, municipality, version, details, user)
    if demo.answers:
        actions.save_answers(access, assessment, dict(demo.answers), user)
    if demo.finish == "complete":
        actions.complete(access, assessment, user)
    elif demo.finish:
        actions.screen_out(access, assessment, demo.finish, user)
    if demo.publish:
        actions.set_published(access, assessment, True, user)
    return assessment
