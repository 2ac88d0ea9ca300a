"""Generated follow-up rounds of any size, for tests and benchmarks (never demo data)."""

import random
from datetime import date

from lika.followup.models import Example, FollowUpRound, MeasureReport, RoundState, Submission, SubmissionState
from lika.plans.importing import import_plan
from lika.plans.models import Node
from lika.plans.planfile import Document, Level, Municipality, Node as NodeData, PlanFile, Responsibility, Text, Unit
from lika.reference.models import Perspective


def synthetic_municipality(*, slug: str, code: str, units: int, measures: int, examples_per_report: int, rounds: int, seed: int = 1):
    """A plan where every unit implements every measure, and `rounds` published rounds full of examples."""
    rng = random.Random(seed)
    unit_data = [Unit(key=f"{slug}-u{i:02d}", kind="department", name=Text(sv=f"Förvaltning {i:02d}")) for i in range(units)]
    nodes = [NodeData(code="A", parent=None, title=Text(sv="Område"))]
    nodes += [
        NodeData(code=str(i + 1), parent="A", title=Text(sv=f"Åtgärd {i + 1}"), responsibilities=[Responsibility(role="implements", scope="all_departments")])
        for i in range(measures)
    ]
    plan = PlanFile(
        municipality=Municipality(code=code, slug=slug, name=f"Kommun {slug}"),
        units=unit_data,
        document=Document(
            identifier=f"{slug}-plan",
            kind="plan",
            status="adopted",
            title=Text(sv="Plan"),
            valid_from=date(2020, 1, 1),
            levels=[Level(Text("Område"), Text("Områden")), Level(Text("Åtgärd"), Text("Åtgärder"))],
            nodes=nodes,
        ),
    )
    document = import_plan(plan, "synthetic").document
    leaves = list(Node.objects.filter(document=document, depth=2).order_by("position"))
    perspectives = list(Perspective.objects.all())
    unit_objects = list(document.municipality.units.order_by("key"))
    through = Example.perspectives.through
    created = []
    for number in range(rounds):
        year = 2016 + 2 * number
        round_ = FollowUpRound.objects.create(
            document=document,
            identifier=f"{slug}-{year}",
            title_sv=f"Uppföljning {year}",
            period_start=date(year, 1, 1),
            period_end=date(year + 1, 12, 31),
            opens_on=date(year + 1, 9, 1),
            closes_on=date(year + 1, 10, 1),
            state=RoundState.PUBLISHED,
        )
        submissions = Submission.objects.bulk_create(
            Submission(round=round_, unit=unit, state=SubmissionState.APPROVED) for unit in unit_objects
        )
        reports = MeasureReport.objects.bulk_create(
            MeasureReport(submission=s, measure=m, status=rng.choice(["planned", "under_way", "ordinary_operations", ""]))
            for s in submissions
            for m in leaves
        )
        examples = Example.objects.bulk_create(
            Example(
                measure_report=r,
                position=i,
                title=f"Exempel {i}",
                what_was_done="Genererat.",
                effects="Effekt." if rng.random() < 0.6 else "",
                learning="Lärdom." if rng.random() < 0.3 else "",
            )
            for r in reports
            for i in range(examples_per_report)
        )
        through.objects.bulk_create(
            through(example_id=e.pk, perspective_id=p.pk) for e in examples for p in rng.sample(perspectives, rng.randint(0, 3))
        )
        created.append(round_)
    return document, created
