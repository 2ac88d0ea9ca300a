"""The authenticated API for integrations: a token reads everything of its own municipality,
published or not, and a read-write token posts indicator values and examples (decision 16).

Every path names the municipality (`/integration/{municipality}/…`); a token of another
municipality gets 403 and an object of another municipality 404. Writes go through the same
named actions as the pages.
"""

from datetime import date, datetime
from typing import Annotated

from django.db import transaction
from django.http import Http404
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from lika.followup.models import Example, FollowUpRound, Submission
from lika.organisations.models import OrganisationUnit
from lika.statistics import actions as statistics_actions
from lika.statistics.models import Indicator
from lika.statistics.queries import thresholds

from . import examples_io
from .auth import TokenAuth, own_municipality, token_access
from .common import LANG, ErrorOut, Language, Page, unit_ref, unknown, use_language
from .examples_io import ExampleStateOut
from .followup import RoundOut
from .statistics import IndicatorOut, IndicatorPage, indicator_data

router = Router(tags=["integration (token)"], auth=TokenAuth())

AUTH_ERRORS = {401: ErrorOut, 403: ErrorOut}
OwnMunicipality = Annotated[str, Path(description="The token's own municipality (its slug); any other is 403.", example="helsingborg")]


class TokenOut(Schema):
    name: str = Field(examples=["Stratsys"])
    municipality: str = Field(examples=["helsingborg"])
    scope: str = Field(description="read or read-write.", examples=["read-write"])
    expires_on: date


class RoundStateOut(RoundOut):
    state: str = Field(description="draft, open, closed or published.", examples=["open"])
    opens_on: date
    closes_on: date
    max_examples: int = Field(description="At most this many examples per measure and unit.", examples=[3])


class MeasureReportOut(Schema):
    measure: str = Field(examples=["6"])
    status: str = Field(description="not_started, planned, under_way, ordinary_operations or '' (not given).")
    comment: str
    review_state: str
    examples: list[int] = Field(description="Ids of the examples (GET /integration/{municipality}/examples/{id}).")


class AnswerOut(Schema):
    question: str
    text: str


class SubmissionOut(Schema):
    unit: dict = Field(examples=[{"key": "kulturforvaltningen", "name": "Kulturförvaltningen"}])
    state: str = Field(examples=["submitted"])
    submitted_at: datetime | None
    reports: list[MeasureReportOut]
    answers: list[AnswerOut]

    @staticmethod
    def resolve_unit(obj) -> dict:
        return unit_ref(obj.unit)

    @staticmethod
    def resolve_reports(obj) -> list[dict]:
        return [
            {
                "measure": r.measure.code, "status": r.status, "comment": r.comment, "review_state": r.review_state,
                "examples": [e.pk for e in r.examples.all()],
            }
            for r in obj.measure_reports.all()
        ]

    @staticmethod
    def resolve_answers(obj) -> list[dict]:
        return [{"question": a.question.key, "text": a.text} for a in obj.answers.all()]


class IndicatorStateOut(IndicatorOut):
    published: bool


class ExampleFilters(Schema):
    unit: str | None = Field(None, description="Only this unit's examples (its key).")
    measure: str | None = Field(None, description="Only examples on this measure (its code).")


def _round(municipality, identifier: str) -> FollowUpRound:
    found = FollowUpRound.objects.select_related("document__municipality").filter(
        identifier=identifier, document__municipality=municipality
    ).first()
    if found is None:
        raise Http404(f"No round '{identifier}' in {municipality.slug}.")
    return found


@router.get("/{municipality}/token", response={200: TokenOut, **AUTH_ERRORS}, summary="The token you are using")
def whoami(request, municipality: OwnMunicipality):
    """Which municipality the token reaches, with what scope, until when."""
    own_municipality(request, municipality)
    token = request.auth
    return {"name": token.name, "municipality": token.municipality.slug, "scope": token.scope, "expires_on": token.expires_on}


@router.get("/{municipality}/rounds", response={200: list[RoundStateOut], **AUTH_ERRORS}, summary="Every round, unpublished too")
@paginate(Page)
def list_all_rounds(request, municipality: OwnMunicipality, lang: Language | None = LANG):
    """The municipality's rounds in every state: draft, open, closed and published."""
    use_language(request, lang)
    found = own_municipality(request, municipality)
    return FollowUpRound.objects.filter(document__municipality=found).select_related("document__municipality").order_by("-period_end", "identifier")


def _examples(round_: FollowUpRound, filters: ExampleFilters):
    examples = Example.objects.filter(measure_report__submission__round=round_)
    if filters.unit is not None:
        if not OrganisationUnit.objects.filter(municipality=round_.document.municipality, key=filters.unit).exists():
            raise unknown("unit", filters.unit, "GET /api/v1/units lists them.")
        examples = examples.filter(measure_report__submission__unit__key=filters.unit)
    if filters.measure is not None:
        if not round_.document.nodes.filter(code=filters.measure).exists():
            raise unknown("measure", filters.measure, f"GET /api/v1/documents/{round_.document.identifier} lists them.")
        examples = examples.filter(measure_report__measure__code=filters.measure)
    return examples_io.with_relations(examples).order_by("measure_report__measure__position", "measure_report__submission__unit__name_sv", "position", "pk")


@router.get(
    "/{municipality}/rounds/{identifier}/examples",
    response={200: list[ExampleStateOut], 400: ErrorOut, 404: ErrorOut, **AUTH_ERRORS},
    summary="Every example of a round, unpublished too",
)
@paginate(Page)
def list_round_examples(request, municipality: OwnMunicipality, identifier: str, filters: Query[ExampleFilters], lang: Language | None = LANG):
    """All examples of the round, whatever the state of the round, the submission or the review."""
    use_language(request, lang)
    return _examples(_round(own_municipality(request, municipality), identifier), filters)


@router.get(
    "/{municipality}/rounds/{identifier}/submissions",
    response={200: list[SubmissionOut], 404: ErrorOut, **AUTH_ERRORS},
    summary="A round's submissions",
)
@paginate(Page)
def list_submissions(request, municipality: OwnMunicipality, identifier: str, lang: Language | None = LANG):
    """Each unit's submission: its state, each measure's status, comment, review and examples, the answers."""
    use_language(request, lang)
    round_ = _round(own_municipality(request, municipality), identifier)
    return (
        Submission.objects.filter(round=round_)
        .select_related("unit")
        .prefetch_related("measure_reports__measure", "measure_reports__examples", "answers__question")
        .order_by("unit__name_sv", "pk")
    )


@router.get("/{municipality}/examples/{example_id}", response={200: ExampleStateOut, 404: ErrorOut, **AUTH_ERRORS}, summary="One example, with its ETag")
def get_example(request, municipality: OwnMunicipality, example_id: int, lang: Language | None = LANG):
    """The example; the ETag header (and `version`) is what If-Match takes to change it."""
    use_language(request, lang)
    example = examples_io.find(own_municipality(request, municipality), example_id)
    return examples_io.with_etag(request, example, 200)


@router.post(
    "/{municipality}/rounds/{identifier}/examples",
    response={201: ExampleStateOut, 404: ErrorOut, 409: ErrorOut, **AUTH_ERRORS},
    summary="Add an example on behalf of a unit",
)
def post_example(request, municipality: OwnMunicipality, identifier: str, body: examples_io.ExampleIn, lang: Language | None = LANG):
    """Validated as the web form: the round must be open, the unit responsible for the measure, the cap not reached."""
    use_language(request, lang)
    found = own_municipality(request, municipality, write=True)
    with transaction.atomic():
        example = examples_io.add(request.auth, _round(found, identifier), body)
    return examples_io.with_etag(request, example, 201)


@router.put(
    "/{municipality}/examples/{example_id}",
    response={200: ExampleStateOut, 404: ErrorOut, 409: ErrorOut, 412: dict, 428: ErrorOut, **AUTH_ERRORS},
    summary="Replace an example (If-Match)",
)
def put_example(request, municipality: OwnMunicipality, example_id: int, body: examples_io.ExampleFieldsIn, lang: Language | None = LANG):
    """Every field anew. If-Match must carry the version read; a change to the same field since is 412."""
    use_language(request, lang)
    return _change(request, municipality, example_id, body.dict())


@router.patch(
    "/{municipality}/examples/{example_id}",
    response={200: ExampleStateOut, 404: ErrorOut, 409: ErrorOut, 412: dict, 428: ErrorOut, **AUTH_ERRORS},
    summary="Change some fields of an example (If-Match)",
)
def patch_example(request, municipality: OwnMunicipality, example_id: int, body: examples_io.ExamplePatchIn, lang: Language | None = LANG):
    """Only the fields sent change. If-Match must carry the version read; a change to the same field since is 412."""
    use_language(request, lang)
    return _change(request, municipality, example_id, body.dict(exclude_unset=True))


def _change(request, municipality: str, example_id: int, values: dict):
    found = own_municipality(request, municipality, write=True)
    with transaction.atomic():
        example = examples_io.change(request, examples_io.find(found, example_id), values)
    return examples_io.with_etag(request, example, 200)


def indicator_state(indicator: Indicator, threshold: int) -> dict:
    return {**indicator_data(indicator, threshold), "published": indicator.published}


class IndicatorPageAll(IndicatorPage):
    item = staticmethod(indicator_state)


@router.get("/{municipality}/indicators", response={200: list[IndicatorStateOut], **AUTH_ERRORS}, summary="Every indicator, unpublished too")
@paginate(IndicatorPageAll)
def list_all_indicators(request, municipality: OwnMunicipality, lang: Language | None = LANG):
    """The municipality's indicators, published or not; small cells are hidden here too."""
    use_language(request, lang)
    found = own_municipality(request, municipality)
    return Indicator.objects.filter(municipality=found).select_related("municipality").prefetch_related("values", "nodes__document").order_by("identifier", "pk")


class ValueIn(Schema):
    period: str = Field(min_length=1, max_length=30, examples=["2025"])
    categories: dict[str, str] = Field(default_factory=dict, description="Breakdown -> category; {} or left out: everyone.", examples=[{"Kön": "Kvinnor"}])
    value: float = Field(examples=[61.5], allow_inf_nan=False)
    n: int | None = Field(None, ge=0, description="The count behind the value; small counts are hidden on every page.", examples=[412])


class ValuesIn(Schema):
    values: list[ValueIn] = Field(min_length=1, max_length=5000)


class ValuesOut(Schema):
    created: int = Field(examples=[1])
    updated: int = Field(examples=[0])
    indicator: IndicatorStateOut


@router.post(
    "/{municipality}/indicators/{identifier}/values",
    response={200: ValuesOut, 404: ErrorOut, **AUTH_ERRORS},
    summary="Add or replace indicator values",
)
def post_values(request, municipality: OwnMunicipality, identifier: str, body: ValuesIn, lang: Language | None = LANG):
    """Values for a period and categories that exist are replaced, others added; all or nothing."""
    use_language(request, lang)
    found = own_municipality(request, municipality, write=True)
    indicator = Indicator.objects.filter(municipality=found, identifier=identifier).first()
    if indicator is None:
        raise Http404(f"No indicator '{identifier}' in {found.slug}.")
    rows = [statistics_actions.PostedValue(v.period, v.categories, v.value, v.n) for v in body.values]
    try:
        counts = statistics_actions.save_indicator_values(indicator, rows, access=token_access(request.auth))
    except statistics_actions.ActionRefused as refused:
        raise examples_io.invalid("values", str(refused)) from None
    indicator = Indicator.objects.select_related("municipality").prefetch_related("values", "nodes__document").get(pk=indicator.pk)
    limit = thresholds([found.pk])[found.pk]
    return {**counts, "indicator": indicator_state(indicator, limit)}

