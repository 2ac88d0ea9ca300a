"""Reads of published statistics that the API and the open-data files share, in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings

from . import engine
from .models import StatisticsSettings


@dataclass(frozen=True)
class ShownValue:
    period: str
    categories: dict
    value: float | None
    n: int | None
    suppressed: str = ""  # "", "primary" or "secondary"


def thresholds(municipality_ids) -> dict[int, int]:
    """The small-cell threshold in force for each municipality, in one query."""
    municipality_ids = set(municipality_ids)
    own = dict(
        StatisticsSettings.objects.filter(municipality_id__in=set(municipality_ids), small_cell_threshold__isnull=False).values_list(
            "municipality_id", "small_cell_threshold"
        )
    )
    return {pk: own.get(pk) or settings.LIKA_SMALL_CELL_THRESHOLD for pk in set(municipality_ids)}


def shown_values(values, dimensions: list[str], min_cell: int) -> list[ShownValue]:
    """An indicator's values with small cells hidden as docs/small-cells.md says.

    Within each period, the values that carry a count n form a table whose
    blank categories are the margins (Total); the statistics engine's
    `suppress` decides which cells to hide (below `min_cell`, and the cells
    that would let a reader work them out). A hidden cell keeps its place
    but loses its value and n. Values without n are shown as imported.
    """
    values = list(values)
    hidden: dict[int, str] = {}
    by_period = defaultdict(list)
    for index, item in enumerate(values):
        if item.n is not None:
            by_period[item.period].append(index)
    for indexes in by_period.values():
        keys = {index: tuple(values[index].categories.get(d) or engine.TOTAL for d in dimensions) or (engine.TOTAL,) for index in indexes}
        counts = {}
        for index, key in keys.items():
            counts[key] = counts.get(key, 0) + values[index].n
        status = engine.suppress(counts, min_cell=min_cell)
        hidden |= {index: status[key] for index, key in keys.items() if key in status}
    return [
        ShownValue(item.period, dict(item.categories), None, None, hidden[index])
        if index in hidden
        else ShownValue(item.period, dict(item.categories), item.value, item.n)
        for index, item in enumerate(values)
    ]
