"""Who may see and do what, from a user's memberships.

Every view asks these helpers; none looks at memberships on its own. A user
belongs to one municipality; the helpers answer for that municipality only.
"""

from dataclasses import dataclass, field

from lika.organisations.models import Membership, Municipality, OrganisationUnit, Role


@dataclass(frozen=True)
class Access:
    municipality_id: int | None = None
    roles: frozenset[str] = frozenset()
    unit_ids: dict[str, frozenset[int]] = field(default_factory=dict)
    is_superuser: bool = False

    def is_member(self, municipality: Municipality | int) -> bool:
        municipality_id = municipality if isinstance(municipality, int) else municipality.pk
        return self.municipality_id is not None and self.municipality_id == municipality_id

    def has_role(self, municipality: Municipality | int, role: str) -> bool:
        return self.is_member(municipality) and role in self.roles

    def is_plan_owner(self, municipality: Municipality | int) -> bool:
        return self.has_role(municipality, Role.PLAN_OWNER)

    def sees_unpublished_follow_up(self, municipality: Municipality | int) -> bool:
        """Plan owners, analysts and coordinators see follow-up figures before they are published."""
        return self.is_member(municipality) and bool(
            self.roles & {Role.PLAN_OWNER, Role.ANALYST, Role.COORDINATOR}
        )

    def units_for(self, role: str) -> frozenset[int]:
        return self.unit_ids.get(role, frozenset())


ANONYMOUS = Access()


def access_for(user) -> Access:
    """The user's access, computed once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_lika_access", None)
    if cached is not None:
        return cached
    memberships = list(Membership.objects.filter(user=user).values_list("municipality_id", "role", "unit_id"))
    municipality_ids = {m for m, _, _ in memberships}
    municipality_id = municipality_ids.pop() if len(municipality_ids) == 1 else None
    unit_ids: dict[str, set[int]] = {}
    for _, role, unit_id in memberships:
        if unit_id is not None:
            unit_ids.setdefault(role, set()).add(unit_id)
    # A coordinator or reporter at a department also acts for its divisions.
    all_ids = set().union(*unit_ids.values()) if unit_ids else set()
    children: dict[int, set[int]] = {}
    if all_ids:
        for child_id, parent_id in OrganisationUnit.objects.filter(parent_id__in=all_ids).values_list(
            "id", "parent_id"
        ):
            children.setdefault(parent_id, set()).add(child_id)
    for role, ids in unit_ids.items():
        for unit_id in list(ids):
            ids |= children.get(unit_id, set())
    access = Access(
        municipality_id=municipality_id,
        roles=frozenset(role for m, role, _ in memberships if m == municipality_id) if municipality_id else frozenset(),
        unit_ids={role: frozenset(ids) for role, ids in unit_ids.items()} if municipality_id else {},
        is_superuser=user.is_superuser,
    )
    user._lika_access = access
    return access


def can_analyse(access: Access, municipality) -> bool:
    """Analysts and plan owners work with statistics and the business-plan analysis."""
    return access.is_superuser or any(access.has_role(municipality, role) for role in (Role.ANALYST, Role.PLAN_OWNER))
