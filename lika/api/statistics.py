"""Published indicators with their breakdowns and values, small cells hidden (docs/small-cells.md)."""

from datetime import datetime

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from lika.plans.models import DocumentStatus
from lika.statistics.models import Indicator
from lika.statistics.queries import shown_values, thresholds

from .common import (
    LANG,
    ErrorOut,
    Language,
    Page,
    in_municipality,
    unknown,
    use_language,
)

router = Router(tags=["statistics"])


class ValueOut(Schema):
    period: str = Field(examples=["2023"])
    categories: dict[str, str] = Field(description="Breakdown -> category; {} is everyone.", examples=[{"Kön": "Kvinnor"}])
    value: float | None = Field(description="null when the cell is suppressed.")
    n: int | None = Field(description="The count behind the value, when known; null when suppressed.")
    suppressed: str = Field(description="'' (shown), 'primary' (n below the threshold) or 'secondary' (hidden so the first cannot be worked out).")


class NodeRefOut(Schema):
    document: str
    code: str


class IndicatorOut(Schema):
    identifier: str = Field(examples=["n15428"])
    municipality: str = Field(examples=["helsingborg"])
    name: str
    description: str
    unit: str = Field(examples=["%"])
    source: str = Field(examples=["Kolada"])
    dimensions: list[str] = Field(description="The breakdowns, in the order shown.", examples=[["Kön"]])
    informs: list[NodeRefOut] = Field(description="Nodes of adopted documents the indicator informs.")
    small_cell_threshold: int
    updated_at: datetime
    values: list[ValueOut]


class IndicatorFilters(Schema):
    municipality: str | None = Field(None, description="Only indicators of this municipality (its slug).")
    document: str | None = Field(None, description="Only indicators that inform a node of this document.")
    measure: str | None = Field(None, description="Only indicators that inform this node (its code; with document).")


def indicator_data(indicator: Indicator, threshold: int) -> dict:
    values = shown_values(indicator.values.all(), list(indicator.dimensions), threshold)
    return {
        "identifier": indicator.identifier,
        "municipality": indicator.municipality.slug,
        "name": indicator.name,
        "description": indicator.description,
        "unit": indicator.unit,
        "source": indicator.source,
        "dimensions": list(indicator.dimensions),
        "informs": [
            {"document": node.document.identifier, "code": node.code}
            for node in indicator.nodes.all()
            if node.document.status == DocumentStatus.ADOPTED
        ],
        "small_cell_threshold": threshold,
        "updated_at": indicator.updated_at,
        "values": [value.__dict__ for value in values],
    }


class IndicatorPage(Page):
    """Pages of indicators, each with its values suppressed at its municipality's threshold."""

    def paginate_queryset(self, queryset, pagination, **params):
        result = super().paginate_queryset(queryset, pagination, **params)
        limits = thresholds(indicator.municipality_id for indicator in result["items"])
        result["items"] = [self.item(i, limits[i.municipality_id]) for i in result["items"]]
        return result

    @staticmethod
    def item(indicator: Indicator, threshold: int) -> dict:
        return indicator_data(indicator, threshold)


@router.get("/indicators", response={200: list[IndicatorOut], 400: ErrorOut}, summary="List published indicators")
@paginate(IndicatorPage)
def list_indicators(
    request, filters: Query[IndicatorFilters], lang: Language | None = LANG
):
    """Published indicators with every value; counts below the threshold (and the cells that would reveal them) are null."""
    use_language(request, lang)
    indicators = (
        Indicator.objects.published()
        .select_related("municipality")
        .prefetch_related("values", "nodes__document")
        .order_by("municipality__name", "identifier", "pk")
    )
    indicators = in_municipality(indicators, filters.municipality)
    if filters.document is not None:
        node = {"nodes__document__identifier": filters.document, "nodes__document__status": DocumentStatus.ADOPTED}
        if filters.measure is not None:
            node["nodes__code"] = filters.measure
        indicators = indicators.filter(**node)
    elif filters.measure is not None:
        raise unknown("measure without a document", filters.measure, "Give document= too: codes are unique within a document.")
    return indicators.distinct()
