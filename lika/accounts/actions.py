"""Changes to a municipality's sign-in rules: role rules from the identity provider's claims
and the roles that must use two-factor. One transaction each, the permission checked (the
plan owner of that municipality, a superuser, or IT with `actor=None`), audited by lika.audit.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lika.accounts import rules as rule_logic
from lika.accounts.models import RoleRule, TwoFactorPolicy
from lika.organisations import actions as people_actions
from lika.organisations.actions import ActionRefused
from lika.organisations.models import (
    ROLES_WITH_UNIT,
    Municipality,
    OrganisationUnit,
    Role,
)

logger = logging.getLogger("lika.accounts")


def _check_may_manage(actor, municipality: Municipality) -> None:
    people_actions._check_may_manage(actor, municipality)


def add_rule(
    actor, municipality: Municipality, *, claim: str, value: str, role: str, unit_key: str = "", unit_from_value=False
) -> RoleRule:
    """A rule giving `role` to people whose claim holds the value; refused in another
    municipality, for an unknown role, or with a unit that is not the municipality's."""
    _check_may_manage(actor, municipality)
    claim, value, unit_key = claim.strip(), value.strip(), (unit_key or "").strip()
    if not claim or not value:
        raise ActionRefused(_("A rule needs the claim's name and the value to look for."))
    if role not in Role.values:
        raise ActionRefused(_("Unknown role %(role)s.") % {"role": role})
    unit = None
    if role in ROLES_WITH_UNIT:
        if unit_from_value:
            unit_key = ""
        elif not unit_key:
            raise ActionRefused(
                _("Reporters, coordinators and case officers act for a unit: choose one, or the unit named by the value.")
            )
        else:
            unit = OrganisationUnit.objects.filter(municipality=municipality, key=unit_key).first()
            if unit is None:
                raise ActionRefused(_("%(name)s has no unit %(key)s.") % {"name": municipality, "key": unit_key})
    elif unit_key or unit_from_value:
        raise ActionRefused(_("The role %(role)s is not tied to a unit.") % {"role": Role(role).label})
    with transaction.atomic():
        return RoleRule.objects.create(
            municipality=municipality, claim=claim, value=value, role=role, unit=unit, unit_from_value=unit_from_value
        )


def remove_rule(actor, rule: RoleRule) -> None:
    _check_may_manage(actor, rule.municipality)
    with transaction.atomic():
        rule.delete()


def _rule_dicts(municipality: Municipality) -> list[dict]:
    return [
        {
            "id": rule.pk,
            "claim": rule.claim,
            "value": rule.value,
            "role": rule.role,
            "unit_key": rule.unit.key if rule.unit and rule.unit.is_active else None,
            "unit_from_value": rule.unit_from_value,
            "broken": rule.role in ROLES_WITH_UNIT and not rule.unit_from_value and not (rule.unit and rule.unit.is_active),
        }
        for rule in RoleRule.objects.filter(municipality=municipality).select_related("unit")
    ]


def _unit_names(municipality: Municipality) -> dict[str, str]:
    names = {}
    for unit in OrganisationUnit.objects.filter(municipality=municipality, is_active=True).prefetch_related("aliases"):
        for name in (unit.key, unit.name_sv, unit.name_en, *(alias.name for alias in unit.aliases.all())):
            if name:
                names[name] = unit.key
    return names


def matches_for(municipality: Municipality, claims: dict) -> list[rule_logic.Match]:
    """What the municipality's rules give a person with these claims (a rule whose fixed unit
    is gone counts as a match without a unit)."""
    rules = _rule_dicts(municipality)
    found = rule_logic.matches(rules, claims, _unit_names(municipality))
    broken = {rule["id"] for rule in rules if rule["broken"]}
    return [
        rule_logic.Match(m.rule_id, m.role, None, m.claim_value, unit_missing=True) if m.rule_id in broken else m
        for m in found
    ]


def granting(found: list[rule_logic.Match]) -> list[rule_logic.Match]:
    return [m for m in found if not m.unit_missing]


def record_misses(found: list[rule_logic.Match]) -> None:
    """A rule that matched a sign-in but found no unit: kept on the rule for the plan owner to see."""
    for match in found:
        if match.unit_missing:
            RoleRule.objects.filter(pk=match.rule_id).update(missed_value=match.claim_value[:200], missed_at=timezone.now())
            logger.warning("role rule %s matched %r at a sign-in but found no unit", match.rule_id, match.claim_value)


def apply_rules(person, municipality: Municipality, claims: dict) -> list:
    """Give `person` the roles the rules grant for these claims (roles they have stay)."""
    found = matches_for(municipality, claims)
    with transaction.atomic():
        record_misses(found)
        given = []
        for match in granting(found):
            try:
                given.append(people_actions.assign_role(None, person, municipality, match.role, match.unit_key))
            except ActionRefused as exc:
                logger.warning("role rule %s not applied to %s: %s", match.rule_id, person.username, exc)
    for membership in given:
        logger.info("role rule applied: %s is %s", person.username, membership)
    return given


def _policy_cache_key(municipality_id: int) -> str:
    return f"lika-two-factor-roles-{municipality_id}"


def set_two_factor_roles(actor, municipality: Municipality, roles: list[str]) -> TwoFactorPolicy:
    """The roles of this municipality whose people must set up two-factor (superusers are the installation's)."""
    _check_may_manage(actor, municipality)
    unknown = [role for role in roles if role not in Role.values]
    if unknown:
        raise ActionRefused(_("Unknown role %(role)s.") % {"role": unknown[0]})
    with transaction.atomic():
        policy, _created = TwoFactorPolicy.objects.get_or_create(municipality=municipality)
        policy.roles = sorted(set(roles))
        policy.save()
    cache.delete(_policy_cache_key(municipality.pk))
    return policy


def two_factor_roles(municipality_id: int | None) -> set[str]:
    """The installation's LIKA_MFA_REQUIRED_ROLES and the municipality's own choice, together.
    Read from the cache (a change clears it), so pages do not query for it."""
    required = set(settings.LIKA_MFA_REQUIRED_ROLES)
    if municipality_id is None:
        return required
    key = _policy_cache_key(municipality_id)
    chosen = cache.get(key)
    if chosen is None:
        chosen = list(
            TwoFactorPolicy.objects.filter(municipality_id=municipality_id).values_list("roles", flat=True).first() or []
        )
        cache.set(key, chosen, 300)
    return required | set(chosen)

