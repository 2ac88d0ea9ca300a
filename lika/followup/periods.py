"""Comparing a unit's or a perspective's examples across plan periods: every opened round of every
version of a plan (the revisions' chain), oldest first, in three queries however many rounds."""

from dataclasses import dataclass

from django.db.models import Count

from lika.plans.queries import versions

from .models import Example, FollowUpRound, RoundState, SubmissionState


@dataclass
class PeriodRow:
    round: FollowUpRound
    all_examples: int
    unit_examples: int | None  # None when no unit was chosen
    perspective_examples: int | None


def _counts(examples, **filters) -> dict[int, int]:
    return dict(
        examples.filter(**filters)
        .values("measure_report__submission__round")
        .annotate(n=Count("pk", distinct=True))
        .values_list("measure_report__submission__round", "n")
    )


def across_periods(document, *, unit=None, perspective=None) -> list[PeriodRow]:
    chain = versions(document)
    rounds = list(
        FollowUpRound.objects.filter(document__in=chain).exclude(state=RoundState.DRAFT)
        .select_related("document").order_by("period_end", "pk")
    )
    examples = Example.objects.filter(measure_report__submission__round__in=rounds).exclude(
        measure_report__submission__state=SubmissionState.DRAFT
    )
    total = _counts(examples)
    by_unit = _counts(examples, measure_report__submission__unit=unit) if unit is not None else {}
    by_perspective = _counts(examples, perspectives=perspective) if perspective is not None else {}
    return [
        PeriodRow(
            round=round_,
            all_examples=total.get(round_.pk, 0),
            unit_examples=by_unit.get(round_.pk, 0) if unit is not None else None,
            perspective_examples=by_perspective.get(round_.pk, 0) if perspective is not None else None,
        )
        for round_ in rounds
    ]
