"""'What is new for us in the new plan': for one unit, each new version of a plan (a draft being
revised or the version adopted in place of an earlier one) compared with the version it revises,
kept to what concerns the unit: responsibilities gained and lost, and the changed, merged, split
and removed measures it implements."""

from dataclasses import dataclass, field

from lika.organisations.access import Access
from lika.organisations.models import OrganisationUnit
from lika.plans import diff
from lika.plans.models import (
    SCOPE_UNIT_KINDS,
    ResponsibilityRole,
    Scope,
    SteeringDocument,
)
from lika.plans.queries import compare_documents, visible_documents


@dataclass
class UnitNews:
    old: SteeringDocument
    new: SteeringDocument
    gained: list[tuple[str, str]] = field(default_factory=list)  # (role, code)
    lost: list[tuple[str, str]] = field(default_factory=list)
    changed: list[diff.Changed] = field(default_factory=list)
    merged: list[diff.Merged] = field(default_factory=list)
    split: list[diff.Split] = field(default_factory=list)
    removed: list[diff.Item] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.gained or self.lost or self.changed or self.merged or self.split or self.removed)


def names_for(unit: OrganisationUnit) -> set[str]:
    """How the comparison names the unit: by name, and by each rule ('all departments') that covers it."""
    rules = {str(Scope(scope).label) for scope, kinds in SCOPE_UNIT_KINDS.items() if unit.kind in kinds}
    return {unit.name_sv, *rules}


def _implemented_by(item: diff.Item, names: set[str]) -> bool:
    return bool(names & (item.implements | item.coordinates))


def unit_news(result: diff.PlanDiff, names: set[str], old, new) -> UnitNews:
    news = UnitNews(old=old, new=new)
    label = {role.value: str(role.label).lower() for role in ResponsibilityRole}
    for name in sorted(names):
        news.gained += [(label.get(role, role), code) for role, code in result.gained.get(name, [])]
        news.lost += [(label.get(role, role), code) for role, code in result.lost.get(name, [])]
    news.changed = [c for c in result.changed if _implemented_by(c.old, names) or _implemented_by(c.new, names)]
    news.merged = [m for m in result.merged if _implemented_by(m.new, names) or any(_implemented_by(o, names) for o in m.olds)]
    news.split = [s for s in result.split if _implemented_by(s.old, names) or any(_implemented_by(n, names) for n in s.news)]
    news.removed = [item for item in result.removed if _implemented_by(item, names)]
    return news


def news_for_unit(unit: OrganisationUnit, access: Access) -> list[UnitNews]:
    """For each newest version of a plan the visitor may see that revises another one, what changes for the unit."""
    newest = (
        visible_documents(unit.municipality, access)
        .filter(revision_of__isnull=False, superseded_on__isnull=True)
        .select_related("revision_of")
        .order_by("-valid_from")
    )
    names = names_for(unit)
    found = []
    for document in newest:
        news = unit_news(compare_documents(document.revision_of, document), names, document.revision_of, document)
        if not news.is_empty:
            found.append(news)
    return found
