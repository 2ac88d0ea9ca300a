"""Made-up learning events for Helsingborg's demo, within the open demo round's period (labelled
"Demo:"), so the analysis and the report's chapter on central support have figures to show."""

from datetime import date, timedelta

from lika.organisations.access import Access
from lika.organisations.models import Municipality, OrganisationUnit, Role
from lika.plans.models import Node
from lika.reference.models import Perspective

from . import actions
from .models import LearningEvent

DOCUMENT = "helsingborg-lika-mojligheter-2022"
ORGANISER = "Avdelningen för strategisk samhällsutveckling"

# title, days from today, kind, measures, perspectives, [(unit, registered, attended)], [(score, comment)]
EVENTS = [
    ("Demo: Frukostträff om tillgängliga dialoger", -240, "breakfast_meeting", ["6"], ["disability", "age"],
     [("slf-demokrati-och-juridik", 2, 2), ("stadsbyggnadsforvaltningen", 3, 2), ("kulturforvaltningen", 2, 1)],
     [(4, "Demotext: Bra att höra hur andra gör dialoger tillgängliga."), (5, ""), (3, "Demotext: För kort tid för frågor.")]),
    ("Demo: Lärträff om barnrättsbaserat arbete", -150, "learning_meeting", ["15"], ["child_rights"],
     [("skol-och-fritidsforvaltningen", 12, 10), ("socialforvaltningen", 8, 6), ("stadsbyggnadsforvaltningen", 4, 4),
      ("kulturforvaltningen", 3, 0)],
     [(5, "Demotext: Modellen för barnkonsekvensanalys går att ta med direkt."), (4, ""), (4, "")]),
    ("Demo: Utvecklingsprogram för samordningsansvariga, träff 1", -90, "development_programme", [], [],
     [("slf-demokrati-och-juridik", 3, 3), ("slf-strategisk-samhallsutveckling", 4, 4), ("slf-staben", 2, 2),
      ("slf-trygghet-och-sakerhet", 2, 1)],
     [(4, "Demotext: Rollen som samordningsansvarig blev tydligare.")]),
    ("Demo: Utbildning i normkritiskt bemötande", 30, "training", ["7"], ["sexual_orientation", "gender_identity"],
     [("vard-och-omsorgsforvaltningen", 10, 0), ("arbetsmarknadsforvaltningen", 5, 0)], []),
]


def ensure_demo_events(today: date) -> list[str]:
    municipality = Municipality.objects.filter(slug="helsingborg").first()
    if municipality is None or LearningEvent.objects.filter(municipality=municipality, title__startswith="Demo:").exists():
        return []
    owner = Access(municipality_id=municipality.pk, roles=frozenset({Role.PLAN_OWNER}))
    units = {u.key: u for u in OrganisationUnit.objects.filter(municipality=municipality)}
    nodes = {n.code: n for n in Node.objects.filter(document__identifier=DOCUMENT)}
    perspectives = {p.key: p for p in Perspective.objects.all()}
    for title, days, kind, codes, keys, attendance, evaluations in EVENTS:
        data = actions.EventInput(
            fields={"title": title, "date": today + timedelta(days=days), "kind": kind, "organiser": ORGANISER,
                    "description": "Demotext: påhittad händelse för demonstrationen."},
            measures=[nodes[c] for c in codes if c in nodes],
            perspectives=[perspectives[k] for k in keys if k in perspectives],
        )
        event = actions.save_event(municipality.pk, data, access=owner)
        rows = {units[key]: (registered, attended) for key, registered, attended in attendance if key in units}
        actions.save_attendance(event, rows, access=owner)
        for score, comment in evaluations:
            actions.add_evaluation(event, score, comment, access=owner, today=today)
    return [f"demo: {len(EVENTS)} learning events for Helsingborg (made up)"]
