"""Demo follow-up: the real 2023 round, and an invented round in progress.

The 2023 round comes from demo/helsingborg-uppfoljning-2023.yaml (the 2023
report's appendix 1). The open round's dates follow today's date so the
reporting screens always have an open round; its texts are invented for the
demo and say so.
"""

from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction

from lika.organisations.models import OrganisationUnit
from lika.plans.models import Node, SteeringDocument
from lika.reference.models import Perspective

from . import actions
from .followupfile import import_round_text
from .models import FollowUpRound, RoundQuestion, RoundState
from .permissions import RoundAccess

FILE_2023 = Path(settings.BASE_DIR) / "demo" / "helsingborg-uppfoljning-2023.yaml"
DOCUMENT = "helsingborg-lika-mojligheter-2022"
OPEN_ROUND = "helsingborg-lika-2025"

QUESTIONS = [
    (
        "q1",
        "Har ni de senaste två åren gjort några satsningar utifrån lika möjligheter, mångfald eller inkludering i era "
        "verksamheter som arbetsgivare?",
        "In the last two years, have you made any efforts for equal opportunities, diversity or inclusion as an employer?",
    ),
    (
        "q2",
        "Hur har ni gjort insatser som började som projekt till en del av ordinarie arbetssätt?",
        "How have you turned efforts that began as projects into part of your ordinary ways of working?",
    ),
]

# unit, final state, [(measure, status, [(title, what, effects, learning, related, perspectives)])], review
OPEN_ROUND_CONTENT = [
    (
        "arbetsmarknadsforvaltningen",
        "submitted",
        [
            ("6", "under_way", [(
                "Demo: Jobbcoacher på plats i Drottninghög",
                "Demotext: Jobbcoacher har haft öppet hus två dagar i veckan i stadsdelens mötesplats, med tolk på arabiska och somaliska.",
                "Demotext: Fler kvinnor födda utanför Europa har skrivit in sig hos oss än tidigare år.",
                "",
                ["8"],
                ["sex", "ethnicity", "socioeconomic"],
            )]),
            ("9", "ordinary_operations", [(
                "Demo: Styrelseutbildning för alla föreningar med bidrag",
                "Demotext: Utbildningen i demokratiska arbetsformer är nu ett krav för föreningsbidrag och ges fyra gånger per år.",
                "",
                "Demotext: Korta digitala träffar nådde fler föreningar än heldagar.",
                [],
                [],
            )]),
        ],
        None,
    ),
    (
        "stadsbyggnadsforvaltningen",
        "returned",
        [
            ("6", "under_way", [(
                "Demo: Medborgardialog om parken i Dalhem",
                "Demotext: Dialog på plats i parken med barn och äldre, och en digital enkät.",
                "",
                "",
                [],
                ["age", "child_rights"],
            )]),
        ],
        ("6", "return", "Demotext: Beskriv gärna vad dialogen ledde till och vad ni lärde er om vilka ni nådde."),
    ),
    (
        "skol-och-fritidsforvaltningen",
        "approved",
        [
            ("7", "ordinary_operations", [(
                "Demo: Tillgänglighetskontroll i årshjulet",
                "Demotext: Kontrollen av fysisk tillgänglighet görs nu varje år tillsammans med brandskyddskontrollen på alla idrottsanläggningar.",
                "Demotext: Tolv brister åtgärdades under året.",
                "Demotext: Att lägga kontrollen i en befintlig rutin gjorde att den blev av.",
                [],
                ["disability"],
            )]),
            ("15", "under_way", [(
                "Demo: Stöd i värdegrundsarbetet om hbtqi",
                "Demotext: Skolkuratorer har fått handledning i normkritiskt arbete och samtal om sexuell läggning och könsidentitet.",
                "Demotext: Förväntad effekt: tryggare skolmiljö för hbtqi-elever.",
                "",
                [],
                ["sexual_orientation", "gender_identity", "child_rights"],
            )]),
        ],
        ("*", "approve", ""),
    ),
    ("vard-och-omsorgsforvaltningen", "draft", [("4", "planned", [])], None),
]


def ensure_demo_rounds(today: date) -> list[str]:
    report = []
    document = SteeringDocument.objects.filter(identifier=DOCUMENT).first()
    if document is None:
        return report
    if not FollowUpRound.objects.filter(identifier="helsingborg-lika-2023").exists():
        import_round_text(FILE_2023.read_text(encoding="utf-8"), f"demo/{FILE_2023.name}")
        report.append("loaded the 2023 follow-up (published)")
    if not FollowUpRound.objects.filter(identifier=OPEN_ROUND).exists():
        _create_open_round(document, today)
        report.append(f"created the open round {OPEN_ROUND} (closes {today + timedelta(days=21)})")
    return report


@transaction.atomic
def _create_open_round(document: SteeringDocument, today: date) -> None:
    round_ = FollowUpRound.objects.create(
        document=document,
        identifier=OPEN_ROUND,
        title_sv="Uppföljning 2025 (demo)",
        title_en="Follow-up 2025 (demo)",
        period_start=date(2023, 10, 13),
        period_end=max(today, date(2025, 10, 1)),
        opens_on=today - timedelta(days=14),
        closes_on=today + timedelta(days=21),
        state=RoundState.OPEN,
    )
    for position, (key, sv, en) in enumerate(QUESTIONS):
        RoundQuestion.objects.create(round=round_, key=key, position=position, text_sv=sv, text_en=en)
    units = {u.key: u for u in OrganisationUnit.objects.filter(municipality=document.municipality)}
    nodes = {n.code: n for n in Node.objects.filter(document=document)}
    perspectives = {p.key: p for p in Perspective.objects.all()}
    owner = RoundAccess(round_, None, True, frozenset(), set())
    for unit_key, state, measures, review in OPEN_ROUND_CONTENT:
        unit = units[unit_key]
        reporter = RoundAccess(round_, None, False, frozenset({unit.pk}), set())
        submission = actions.get_or_create_submission(round_, unit, user=None)
        reports = {r.measure.code: r for r in submission.measure_reports.select_related("measure")}
        for code, status, examples in measures:
            actions.save_measure_report(reports[code], who=reporter, user=None, status=status, comment="")
            for title, what, effects, learning, related, tags in examples:
                actions.save_example(
                    reports[code],
                    actions.ExampleInput(
                        fields={
                            "title": title,
                            "what_was_done": what,
                            "effects": effects,
                            "effects_kind": "observed" if effects and "Förväntad" not in effects else ("expected" if effects else ""),
                            "learning": learning,
                        },
                        related_measures=[nodes[c] for c in related],
                        perspectives=[perspectives[k] for k in tags],
                        partner_units=[],
                    ),
                    who=reporter,
                    user=None,
                )
        if state == "draft":
            continue
        actions.submit(submission, who=reporter, user=None, today=today)
        if review:
            code, decision, comment = review
            targets = list(reports.values()) if code == "*" else [reports[code]]
            for target in targets:
                actions.review(target, decision, who=owner, user=None, comment=comment)
