"""Published follow-up reports (HTML, PDF, DOCX) and published impact assessments."""

from datetime import date, datetime

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from lika.assessments.models import Assessment, AssessmentState

from .common import (
    LANG,
    ErrorOut,
    Language,
    OfMunicipality,
    Page,
    in_municipality,
    site_url,
    use_language,
)
from .followup import RoundFilters, RoundResolvers, _filter_rounds, published_rounds, report_url

router = Router(tags=["reports"])


class ReportOut(RoundResolvers):
    round: str = Field(examples=["helsingborg-lika-mojligheter-2023"])
    municipality: str = Field(examples=["helsingborg"])
    document: str
    title: str
    published_at: datetime | None
    html: str = Field(description="The report as a web page.")
    pdf: str
    docx: str

    @staticmethod
    def resolve_round(obj) -> str:
        return obj.identifier

    @staticmethod
    def resolve_html(obj) -> str:
        return report_url(obj)

    @staticmethod
    def resolve_pdf(obj) -> str:
        return report_url(obj, "report.pdf")

    @staticmethod
    def resolve_docx(obj) -> str:
        return report_url(obj, "report.docx")


class AssessmentOut(OfMunicipality):
    id: int
    municipality: str = Field(examples=["helsingborg"])
    kind: str
    kind_label: str
    title: str = Field(description="The matter assessed.")
    case_number: str
    unit: str = Field(description="Key of the unit that made the assessment.")
    decision_body: str
    decision_date: date
    state: str = Field(description="completed or screened_out (found not relevant).")
    published_at: datetime | None
    url: str

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_unit(obj) -> str:
        return obj.unit.key

    @staticmethod
    def resolve_url(obj) -> str:
        return site_url(f"/{obj.municipality.slug}/assessments/{obj.pk}/")


class AssessmentFilters(Schema):
    municipality: str | None = Field(None, description="Only assessments of this municipality (its slug).")
    year: int | None = Field(None, ge=1900, le=2200, description="Only assessments decided in this year.")


@router.get("/reports", response={200: list[ReportOut], 400: ErrorOut}, summary="List published follow-up reports")
@paginate(Page)
def list_reports(request, filters: Query[RoundFilters], lang: Language | None = LANG):
    """The report to the city board of every published round, as a page, PDF and Word file."""
    use_language(request, lang)
    rounds = published_rounds().select_related("document__municipality").order_by("-period_end", "identifier")
    return _filter_rounds(rounds, filters)


@router.get("/assessments", response={200: list[AssessmentOut], 400: ErrorOut}, summary="List published impact assessments")
@paginate(Page)
def list_assessments(
    request, filters: Query[AssessmentFilters], lang: Language | None = LANG
):
    """Completed or screened-out assessments published with their decision. Drafts never appear."""
    use_language(request, lang)
    assessments = (
        Assessment.objects.filter(published=True, state__in=[AssessmentState.COMPLETED, AssessmentState.SCREENED_OUT])
        .select_related("municipality", "unit")
        .order_by("-decision_date", "-pk")
    )
    assessments = in_municipality(assessments, filters.municipality)
    if filters.year is not None:
        assessments = assessments.filter(decision_date__year=filters.year)
    return assessments
