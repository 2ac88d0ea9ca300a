"""The coordinators' network, read from what exists: who coordinates a measure comes from the plan's
responsibilities (role 'coordinates'), who the coordinators are from the role administration
(memberships with the coordinator role at that unit or the department it belongs to). Nothing is
typed twice. Every function runs a fixed number of queries, whatever the number of rows."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from lika.followup.models import FollowUpRound, MeasureReport, RoundState, Submission
from lika.organisations.models import Membership, OrganisationUnit, Role
from lika.plans.models import Node, Responsibility, ResponsibilityRole, SteeringDocument
from lika.plans.queries import (
    coordinated_measures,
    implementing_units,
    leaf_words,
    measure_nodes,
)


@dataclass
class Person:
    user_id: int
    username: str
    name: str
    email: str
    units: list = field(default_factory=list)  # the units they coordinate for


def coordinating_units(node: Node) -> list[OrganisationUnit]:
    """The units that coordinate `node`: named on it, on an ancestor, or on the whole document."""
    parents = dict(Node.objects.filter(document_id=node.document_id).values_list("pk", "parent_id"))
    ids, current = [], node.pk
    while current is not None:
        ids.append(current)
        current = parents.get(current)
    found = (
        Responsibility.objects.filter(document_id=node.document_id, role=ResponsibilityRole.COORDINATES, unit__isnull=False)
        .filter(node_id__in=ids)
        .select_related("unit")
        .order_by("position")
    )
    own = [r.unit for r in found]
    if own:
        return own
    whole = Responsibility.objects.filter(
        document_id=node.document_id, node__isnull=True, role=ResponsibilityRole.COORDINATES, unit__isnull=False
    ).select_related("unit")
    return [r.unit for r in whole]


def coordinators_of(units: list[OrganisationUnit]) -> list[Person]:
    """The people with the coordinator role at these units, or at the department a unit belongs to."""
    if not units:
        return []
    by_unit = {unit.pk: unit for unit in units}
    parent_of = {unit.parent_id: unit for unit in units if unit.parent_id}
    memberships = (
        Membership.objects.filter(role=Role.COORDINATOR, unit_id__in=[*by_unit, *parent_of], user__is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    people: dict[int, Person] = {}
    for membership in memberships:
        user = membership.user
        person = people.setdefault(
            user.pk, Person(user.pk, user.username, user.get_full_name() or user.username, user.email)
        )
        unit = by_unit.get(membership.unit_id) or parent_of.get(membership.unit_id)
        if unit not in person.units:
            person.units.append(unit)
    return list(people.values())


def coordinators_in(municipality_id: int) -> list[Person]:
    """Every coordinator of the municipality, with the units they coordinate for."""
    memberships = (
        Membership.objects.filter(municipality_id=municipality_id, role=Role.COORDINATOR, user__is_active=True)
        .select_related("user", "unit")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    people: dict[int, Person] = {}
    for membership in memberships:
        user = membership.user
        person = people.setdefault(user.pk, Person(user.pk, user.username, user.get_full_name() or user.username, user.email))
        person.units.append(membership.unit)
    return list(people.values())


@dataclass
class UnitStatus:
    unit: OrganisationUnit
    submission_state: str  # "" when the unit has not started
    submission_label: str
    status_label: str  # the measure's status as the unit reported it, "" if none yet
    reporters: list = field(default_factory=list)  # the people who report for the unit (Person)


@dataclass
class CoordinatedMeasure:
    document: SteeringDocument
    node: Node
    round: FollowUpRound | None
    units: list[UnitStatus]
    leaf: str = ""  # the plan's word for its items, lower case: "strategi" in Halmstad, "åtgärd" in Helsingborg


def coordinator_measures(user) -> list[CoordinatedMeasure]:
    """The measures a coordinator's units coordinate in the municipality's documents, each with the
    units that implement it and their status in the document's open round."""
    unit_ids = set(Membership.objects.filter(user=user, role=Role.COORDINATOR).values_list("unit_id", flat=True))
    unit_ids |= set(OrganisationUnit.objects.filter(parent_id__in=unit_ids).values_list("pk", flat=True))
    if not unit_ids:
        return []
    documents = SteeringDocument.objects.filter(
        responsibilities__role=ResponsibilityRole.COORDINATES, responsibilities__unit_id__in=unit_ids
    ).distinct().select_related("municipality")
    result = []
    for document in documents:  # one per plan the coordinator works with: not rows
        result.extend(_document_measures(document, unit_ids))
    return result


def _document_measures(document: SteeringDocument, unit_ids: set[int]) -> list[CoordinatedMeasure]:
    leaves = measure_nodes(document)
    coordinated = coordinated_measures(document, unit_ids)
    nodes = [node for node in leaves if node.pk in coordinated]
    if not nodes:
        return []
    implementing = implementing_units(document)
    leaf = leaf_words(document)["leaf"]  # once per plan
    units = {u.pk: u for u in OrganisationUnit.objects.filter(pk__in=set().union(*(implementing.get(n.pk, set()) for n in nodes)))}
    reporters = _reporters_of(set(units))
    open_round = FollowUpRound.objects.filter(document=document, state=RoundState.OPEN).order_by("-period_end").first()
    submissions, statuses = {}, {}
    if open_round is not None:
        submissions = {s.unit_id: s for s in Submission.objects.filter(round=open_round, unit_id__in=units)}
        statuses = {
            (r.submission.unit_id, r.measure_id): r
            for r in MeasureReport.objects.filter(submission__round=open_round, measure__in=nodes).select_related("submission")
        }
    result = []
    for node in nodes:
        rows = []
        for unit in sorted((units[pk] for pk in implementing.get(node.pk, set()) if pk in units), key=lambda u: u.name):
            submission = submissions.get(unit.pk)
            report = statuses.get((unit.pk, node.pk))
            rows.append(UnitStatus(
                unit=unit,
                submission_state=submission.state if submission else "",
                submission_label=submission.get_state_display() if submission else "",
                status_label=report.get_status_display() if report and report.status else "",
                reporters=reporters.get(unit.pk, []),
            ))
        result.append(CoordinatedMeasure(document=document, node=node, round=open_round, units=rows, leaf=leaf))
    return result


def _reporters_of(unit_ids: set[int]) -> dict[int, list[Person]]:
    """Unit -> the people with the reporter role there, from the role administration: one query."""
    found: dict[int, list[Person]] = {}
    memberships = (
        Membership.objects.filter(role=Role.REPORTER, unit_id__in=unit_ids, user__is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    for membership in memberships:
        user = membership.user
        found.setdefault(membership.unit_id, []).append(Person(user.pk, user.username, user.get_full_name() or user.username, user.email))
    return found


def person(municipality_id: int, username: str):
    """The coordinator `username` of the municipality, or None."""
    return (
        get_user_model()
        .objects.filter(username=username, is_active=True, memberships__municipality_id=municipality_id, memberships__role=Role.COORDINATOR)
        .first()
    )
