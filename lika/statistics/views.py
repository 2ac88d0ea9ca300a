"""Statistics pages: indicators, microdata cross-tabs and the representativeness check.

Analysts and plan owners of a municipality only; published indicators also
appear on the plan's node pages, for everyone.
"""

from .importers import to_open_sdg_csv
from .models import Indicator


def open_sdg_csv(indicator: Indicator) -> str:
    rows = [(v.period, v.categories, v.value) for v in indicator.values.all()]
    return to_open_sdg_csv(list(indicator.dimensions), rows)
