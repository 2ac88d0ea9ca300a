"""From the database to the plain inputs of figures.py, in a fixed number of queries."""

from datetime import date

from django.utils.translation import gettext as _

from lika.followup.models import FollowUpRound
from lika.plans.queries import implementing_units

from . import figures
from .models import Attendance, Evaluation, EventKind, LearningEvent


def round_support_figures(round_: FollowUpRound) -> figures.SupportFigures:
    """The central support during the round's period: the municipality's learning events from the
    period's start to its end, against the units that carry out the plan's measures."""
    return period_support_figures(round_.document, round_.period_start, round_.period_end)


def period_support_figures(document, start: date, end: date) -> figures.SupportFigures:
    from lika.organisations.models import OrganisationUnit

    events = list(
        LearningEvent.objects.filter(municipality_id=document.municipality_id, date__gte=start, date__lte=end).order_by("date", "pk")
    )
    ids = [event.pk for event in events]
    attendance: dict[int, list] = {}
    for row in Attendance.objects.filter(event_id__in=ids).select_related("unit").order_by("unit__name_sv"):
        attendance.setdefault(row.event_id, []).append((row.unit.key, row.registered, row.attended))
    scores: dict[int, list] = {}
    for event_id, score in Evaluation.objects.filter(event_id__in=ids).values_list("event_id", "score"):
        scores.setdefault(event_id, []).append(score)
    unit_ids = set().union(*implementing_units(document).values())
    units = [(u.key, u.name) for u in OrganisationUnit.objects.filter(pk__in=unit_ids)]
    plain = [
        figures.EventInput(
            title=e.title, date=e.date.isoformat(), kind=e.kind,
            attendance=tuple(attendance.get(e.pk, ())), scores=tuple(scores.get(e.pk, ())),
        )
        for e in events
    ]
    return figures.support_figures(plain, units, [(k.value, str(k.label)) for k in EventKind], _)
