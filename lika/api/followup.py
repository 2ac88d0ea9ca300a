"""Published follow-up rounds: per-measure status counts, the analysis's figures, the approved examples."""

from collections import Counter, defaultdict
from datetime import date, datetime
from typing import Any

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from lika.core.localized import localized
from lika.followup import analysis
from lika.followup.analysis_data import FEW, round_data
from lika.followup.models import (
    Example,
    FollowUpRound,
    MeasureReport,
    ReviewState,
    RoundState,
    SubmissionState,
)
from lika.organisations.models import OrganisationUnit
from lika.plans.models import DocumentStatus, SteeringDocument
from lika.plans.queries import measure_nodes
from lika.reference.models import Perspective

from .common import (
    LANG,
    ErrorOut,
    Language,
    Page,
    UnitRef,
    municipality_or_400,
    site_url,
    unit_ref,
    unknown,
    use_language,
)

router = Router(tags=["follow-up"])


def published_rounds():
    return FollowUpRound.objects.filter(state=RoundState.PUBLISHED, document__status=DocumentStatus.ADOPTED)


def public_examples():
    """Approved examples of submitted reports in published rounds: what the published report shows."""
    return Example.objects.filter(
        measure_report__submission__round__in=published_rounds(),
        measure_report__review_state=ReviewState.APPROVED,
    ).exclude(measure_report__submission__state=SubmissionState.DRAFT)


def report_url(round_: FollowUpRound, file: str = "") -> str:
    """The published report of a round, or one of its files."""
    return site_url(f"/{round_.document.municipality.slug}/reports/{round_.identifier}/{file}")


class RoundResolvers(Schema):
    """`municipality` and `document` of a schema read from a round (declare the fields in the subclass)."""

    @staticmethod
    def resolve_municipality(obj) -> str:
        return obj.document.municipality.slug

    @staticmethod
    def resolve_document(obj) -> str:
        return obj.document.identifier


class RoundFields(Schema):
    identifier: str = Field(examples=["helsingborg-lika-mojligheter-2023"])
    municipality: str = Field(examples=["helsingborg"])
    document: str = Field(examples=["helsingborg-lika-mojligheter-2022"])
    title: str = Field(examples=["Uppföljning 2023"])
    period_start: date
    period_end: date
    published_at: datetime | None
    report_url: str = Field(description="The published report to the city board.")


class RoundOut(RoundFields, RoundResolvers):
    @staticmethod
    def resolve_report_url(obj) -> str:
        return report_url(obj)


class MeasureResultOut(Schema):
    code: str = Field(examples=["6"])
    title: str
    area: str | None = Field(None, description="Code of the node above the measure.")
    status_counts: dict[str, int] = Field(
        description="Submitted reports per status (not_started, planned, under_way, ordinary_operations; '' = no status given).",
        examples=[{"under_way": 3, "ordinary_operations": 1}],
    )
    approved_examples: int


class RoundDetailOut(RoundFields):
    measures: list[MeasureResultOut]
    figures: dict[str, Any] = Field(
        description="The analysis's main figures, as in the published report: examples per measure, area, unit and "
        "perspective, shares with effects and learning, status counts, gaps."
    )


class PerspectiveOut(Schema):
    key: str = Field(examples=["disability"])
    name: str = Field(examples=["Funktionsnedsättning"])


class ExampleOut(Schema):
    id: int
    round: str = Field(examples=["helsingborg-lika-mojligheter-2023"])
    document: str = Field(examples=["helsingborg-lika-mojligheter-2022"])
    municipality: str = Field(examples=["helsingborg"])
    unit: UnitRef
    measure: str = Field(description="Code of the measure reported on.", examples=["6"])
    related_measures: list[str] = Field(description="Codes of other measures it relates to.")
    title: str
    what_was_done: str
    effects: str
    effects_kind: str = Field(description="observed, expected or ''.")
    learning: str
    perspectives: list[PerspectiveOut]
    period_start: date | None
    period_end: date | None

    @staticmethod
    def resolve_round(obj) -> str:
        return obj.measure_report.submission.round.identifier

    @staticmethod
    def resolve_document(obj) -> str:
        return obj.measure_report.submission.round.document.identifier

    @staticmethod
    def resolve_municipality(obj) -> str:
        return obj.measure_report.submission.round.document.municipality.slug

    @staticmethod
    def resolve_unit(obj) -> dict:
        return unit_ref(obj.measure_report.submission.unit)

    @staticmethod
    def resolve_measure(obj) -> str:
        return obj.measure_report.measure.code

    @staticmethod
    def resolve_related_measures(obj) -> list[str]:
        return [node.code for node in obj.related_measures.all()]

    @staticmethod
    def resolve_perspectives(obj) -> list[dict]:
        return [{"key": p.key, "name": p.name} for p in obj.perspectives.all()]


class RoundFilters(Schema):
    municipality: str | None = Field(None, description="Only rounds of this municipality (its slug).")
    document: str | None = Field(None, description="Only rounds on this document (its identifier).")
    year: int | None = Field(None, ge=1900, le=2200, description="Only rounds whose period ends in this year.")


class ExampleFilters(RoundFilters):
    round: str | None = Field(None, description="Only examples of this round (its identifier).")
    measure: str | None = Field(None, description="Only examples on this measure (its code; needs document or round).")
    unit: str | None = Field(None, description="Only examples of this unit (its key; needs municipality).")
    perspective: str | None = Field(None, description="Only examples tagged with this perspective (its key).")


def _filter_rounds(rounds, filters: RoundFilters, prefix: str = ""):
    municipality = municipality_or_400(filters.municipality)
    if municipality is not None:
        rounds = rounds.filter(**{f"{prefix}document__municipality": municipality})
    if filters.document is not None:
        if not SteeringDocument.objects.filter(identifier=filters.document, status=DocumentStatus.ADOPTED).exists():
            raise unknown("document", filters.document, "GET /api/v1/documents lists them.")
        rounds = rounds.filter(**{f"{prefix}document__identifier": filters.document})
    if filters.year is not None:
        rounds = rounds.filter(**{f"{prefix}period_end__year": filters.year})
    return rounds


@router.get("/rounds", response={200: list[RoundOut], 400: ErrorOut}, summary="List published follow-up rounds")
@paginate(Page)
def list_rounds(request, filters: Query[RoundFilters], lang: Language | None = LANG):
    """Published rounds only: open, closed and draft rounds never appear."""
    use_language(request, lang)
    rounds = published_rounds().select_related("document__municipality").order_by("-period_end", "identifier")
    return _filter_rounds(rounds, filters)


@router.get("/rounds/{identifier}", response={200: RoundDetailOut, 404: ErrorOut}, summary="One published round")
def get_round(request, identifier: str, lang: Language | None = LANG):
    """Per measure: how many submitted reports gave each status and how many examples were approved."""
    language = use_language(request, lang)
    round_ = published_rounds().select_related("document__municipality").filter(identifier=identifier).first()
    if round_ is None:
        raise Http404(f"No published round '{identifier}'.")
    return {**RoundOut.from_orm(round_).dict(), **round_results(round_, language)}


def round_results(round_: FollowUpRound, language: str) -> dict:
    """Per-measure status counts and approved examples, and the analysis's figures, in a fixed number of queries."""
    document = round_.document
    measures = measure_nodes(document)
    codes = {node.pk: node.code for node in document.nodes.all()}
    statuses: dict[int, Counter] = defaultdict(Counter)
    for measure_id, status in MeasureReport.objects.filter(submission__round=round_).exclude(
        submission__state=SubmissionState.DRAFT
    ).values_list("measure_id", "status"):
        statuses[measure_id][status] += 1
    approved = Counter(
        public_examples().filter(measure_report__submission__round=round_).values_list("measure_report__measure_id", flat=True)
    )
    figures = analysis.summary(analysis.analyse(round_data(round_), few=FEW))
    return {
        "measures": [
            {
                "code": node.code,
                "title": localized(node, "title", language),
                "area": codes.get(node.parent_id),
                "status_counts": dict(statuses[node.pk]),
                "approved_examples": approved[node.pk],
            }
            for node in measures
        ],
        "figures": figures,
    }


def _filter_examples(examples, filters: ExampleFilters):
    examples = _filter_rounds(examples, filters, prefix="measure_report__submission__round__")
    if filters.round is not None:
        if not published_rounds().filter(identifier=filters.round).exists():
            raise unknown("round", filters.round, "GET /api/v1/rounds lists the published rounds.")
        examples = examples.filter(measure_report__submission__round__identifier=filters.round)
    if filters.measure is not None:
        examples = examples.filter(measure_report__measure__code=filters.measure)
    if filters.unit is not None:
        if not OrganisationUnit.objects.filter(key=filters.unit).exists():
            raise unknown("unit", filters.unit, "GET /api/v1/units lists them.")
        examples = examples.filter(measure_report__submission__unit__key=filters.unit)
    if filters.perspective is not None:
        if not Perspective.objects.filter(key=filters.perspective).exists():
            raise unknown("perspective", filters.perspective, "Use a key from the examples' perspectives.")
        examples = examples.filter(perspectives__key=filters.perspective)
    return examples


@router.get("/examples", response={200: list[ExampleOut], 400: ErrorOut}, summary="List approved examples")
@paginate(Page)
def list_examples(
    request, filters: Query[ExampleFilters], lang: Language | None = LANG
):
    """The approved examples of published rounds, the appendix of the published report."""
    use_language(request, lang)
    examples = (
        public_examples()
        .select_related(
            "measure_report__measure",
            "measure_report__submission__unit",
            "measure_report__submission__round__document__municipality",
        )
        .prefetch_related("perspectives", "related_measures")
        .order_by("-measure_report__submission__round__period_end", "measure_report__measure__position", "position", "pk")
    )
    return _filter_examples(examples, filters).distinct()
