"""Which role rules a person's claims from the identity provider match (plain data, no Django).

A rule is (claim, value): it matches when the claim, a string or a list of strings
(for example `groups`), holds the value; letter case and surrounding spaces do not
count. The value `*` matches any non-empty claim. A rule whose unit comes from the
claim's value (`unit_from_value`) finds the unit by its key, Swedish or English
name, or another name; if none has that name the rule gives nothing and is reported.
"""

from dataclasses import dataclass

ANY_VALUE = "*"


def _norm(text) -> str:
    return " ".join(str(text).split()).casefold()


def claim_values(claims: dict, claim: str) -> list[str]:
    """The claim's values as a list of strings; [] when absent or empty."""
    value = claims.get(claim)
    if value is None:
        return []
    values = value if isinstance(value, (list, tuple)) else [value]
    return [str(v) for v in values if str(v).strip()]


def merged_claims(extra_data: dict) -> dict:
    """One dict of claims from what allauth keeps of a sign-in: the ID token's claims,
    overlaid by userinfo's (OpenID Connect), or the attributes as they are (SAML)."""
    if "userinfo" in extra_data or "id_token" in extra_data:
        return {**(extra_data.get("id_token") or {}), **(extra_data.get("userinfo") or {})}
    return dict(extra_data)


@dataclass(frozen=True)
class Match:
    rule_id: int
    role: str
    unit_key: str | None  # None: the role has no unit
    claim_value: str
    unit_missing: bool = False  # the rule wanted a unit named by the claim value and found none


def matches(rules: list[dict], claims: dict, units: dict[str, str]) -> list[Match]:
    """What the rules give for these claims.

    rules: dicts with id, claim, value, role, unit_key (or None) and unit_from_value.
    units: every name of the municipality's active units (normalised by the caller or not)
    mapped to the unit's key.
    """
    by_name = {_norm(name): key for name, key in units.items()}
    found = []
    for rule in rules:
        for seen in claim_values(claims, rule["claim"]):
            if rule["value"] != ANY_VALUE and _norm(seen) != _norm(rule["value"]):
                continue
            if rule["unit_from_value"]:
                key = by_name.get(_norm(seen))
                found.append(Match(rule["id"], rule["role"], key, seen, unit_missing=key is None))
            else:
                found.append(Match(rule["id"], rule["role"], rule["unit_key"], seen))
            if not rule["unit_from_value"]:
                break  # one match per rule is enough when the unit is fixed
    return found
