"""Every change to indicators and microdata goes through these actions.

Each checks who is acting (analysts and plan owners of the municipality),
writes in one transaction and raises `ActionRefused` with a message for the
user when it cannot.
"""

import io
import math
from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lika.audit.models import Kind
from lika.audit.record import record
from lika.organisations.access import Access, can_analyse

from . import engine
from .importers import IndicatorTable
from .models import Indicator, IndicatorValue, MicrodataFile, dimension_key


class ActionRefused(Exception):
    pass


def _check(access: Access | None, municipality) -> None:
    if access is not None and not can_analyse(access, municipality):
        raise ActionRefused(_("Only analysts and plan owners may change statistics."))


@transaction.atomic
def save_indicator(
    municipality,
    table: IndicatorTable,
    *,
    access: Access | None,
    identifier: str = "",
    name_en: str = "",
    description_sv: str = "",
    description_en: str = "",
    source: str = "",
    unit: str = "",
    published: bool = False,
    nodes=(),
    replace: bool = False,
) -> Indicator:
    """An indicator with all its values; with `replace`, an existing one of the same identifier is rewritten."""
    _check(access, municipality)
    identifier = identifier or slugify(table.code or table.name)[:100]
    if not identifier:
        raise ActionRefused(_("The indicator needs an identifier."))
    existing = Indicator.objects.filter(municipality=municipality, identifier=identifier).first()
    if existing and not replace:
        raise ActionRefused(_("An indicator %(identifier)s already exists.") % {"identifier": identifier})
    indicator = existing or Indicator(municipality=municipality, identifier=identifier)
    indicator.name_sv = table.name[:300] or identifier
    indicator.name_en = name_en
    indicator.unit = unit or table.unit
    indicator.source = source or table.source
    indicator.description_sv = description_sv or table.description
    indicator.description_en = description_en
    indicator.dimensions = list(table.dimensions)
    indicator.published = published
    indicator.save()
    indicator.values.all().delete()
    seen = set()
    values = []
    for position, (period, mapping, value) in enumerate(table.rows):
        key = (period, dimension_key(mapping))
        if key in seen:
            raise ActionRefused(_("Two values for %(period)s, %(key)s.") % {"period": period, "key": key[1] or _("all")})
        seen.add(key)
        values.append(IndicatorValue(indicator=indicator, period=period, categories=mapping, categories_key=key[1], value=value, position=position))
    IndicatorValue.objects.bulk_create(values, batch_size=1000)
    record(Kind.UPDATE, indicator, changes={"values": [None, len(values)]}, note="values imported")
    if nodes:
        indicator.nodes.set(nodes)
    return indicator


@transaction.atomic
def set_published(indicator: Indicator, published: bool, *, access: Access) -> None:
    _check(access, indicator.municipality_id)
    indicator.published = published
    indicator.save(update_fields=["published", "updated_at"])


@transaction.atomic
def store_microdata(municipality, *, name: str, data: bytes, filename: str, access: Access | None, user=None, synthetic=False) -> MicrodataFile:
    """Read the upload with the engine (so a bad file is refused now) and keep it as Parquet."""
    _check(access, municipality)
    try:
        frame = engine.read_microdata(data, filename=filename)
    except engine.StatisticsError as error:
        raise ActionRefused(str(error)) from error
    return _store_frame(municipality, frame, name=name or filename, user=user, synthetic=synthetic)


def _store_frame(municipality, frame, *, name, user=None, synthetic=False) -> MicrodataFile:
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    return MicrodataFile.objects.create(
        municipality=municipality,
        name=name[:200],
        synthetic=synthetic,
        data=buffer.getvalue(),
        rows=frame.height,
        columns=frame.columns,
        uploaded_by=user,
    )


@transaction.atomic
def delete_microdata(microdata: MicrodataFile, *, access: Access) -> None:
    _check(access, microdata.municipality_id)
    microdata.delete()


@dataclass(frozen=True)
class PostedValue:
    """One figure sent by another system: a period, its categories ({} is everyone), the value and its n."""

    period: str
    categories: dict
    value: float
    n: int | None = None


def _check_posted(indicator: Indicator, rows: list[PostedValue]) -> None:
    dimensions = set(indicator.dimensions)
    seen = set()
    for row in rows:
        period = row.period.strip()
        if not period or len(period) > 30:
            raise ActionRefused(_("A period is 1 to 30 characters, such as 2024 or 2024-Q3."))
        unknown = sorted(set(row.categories) - dimensions)
        if unknown:
            raise ActionRefused(
                _("%(indicator)s has no breakdown %(names)s; its breakdowns are: %(known)s.")
                % {"indicator": indicator.identifier, "names": ", ".join(unknown), "known": ", ".join(indicator.dimensions) or _("none")}
            )
        if not math.isfinite(row.value):
            raise ActionRefused(_("A value must be a finite number."))
        key = (period, dimension_key(row.categories))
        if key in seen:
            raise ActionRefused(_("Two values for %(period)s, %(key)s.") % {"period": period, "key": key[1] or _("all")})
        seen.add(key)


@transaction.atomic
def save_indicator_values(indicator: Indicator, rows: list[PostedValue], *, access: Access | None) -> dict[str, int]:
    """Add values to an indicator, or replace the value of the same period and categories. All or nothing."""
    _check(access, indicator.municipality_id)
    if not rows:
        raise ActionRefused(_("Send at least one value."))
    _check_posted(indicator, rows)
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    existing = {(v.period, v.categories_key): v for v in indicator.values.all()}
    position = max((v.position for v in existing.values()), default=-1) + 1
    created = updated = 0
    for row in rows:
        key = (row.period.strip(), dimension_key(row.categories))
        value = existing.get(key)
        if value is None:
            value = IndicatorValue(indicator=indicator, period=key[0], categories=dict(row.categories), position=position)
            position += 1
            created += 1
        elif value.value == row.value and value.n == row.n:
            continue
        else:
            updated += 1
        value.value, value.n = row.value, row.n
        value.save()
    indicator.save(update_fields=["updated_at"])
    record(Kind.UPDATE, indicator, changes={"values": [len(existing), len(existing) + created]}, note=f"values posted: {created} new, {updated} changed")
    return {"created": created, "updated": updated}
