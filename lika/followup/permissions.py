"""Who may see and change which follow-up material.

- A reporter sees and edits only their own unit's submissions.
- A coordinator sees the measure reports of the measures their unit coordinates,
  in every unit's submission, and reviews them.
- The plan owner sees and reviews everything in the municipality.
Anything else is "not found", the same answer as for a record that does not exist.
"""

from dataclasses import dataclass

from django.http import Http404

from lika.organisations.access import Access, access_for
from lika.organisations.models import Role
from lika.plans.queries import coordinated_measures

from .models import FollowUpRound, MeasureReport, Submission


@dataclass
class RoundAccess:
    round: FollowUpRound
    access: Access
    is_plan_owner: bool
    reporter_unit_ids: frozenset[int]
    coordinated_measure_ids: set[int]

    @property
    def is_coordinator(self) -> bool:
        return bool(self.coordinated_measure_ids)

    @property
    def can_analyse(self) -> bool:
        return self.is_plan_owner or self.is_coordinator

    def can_see_submission(self, submission: Submission) -> bool:
        return (
            self.is_plan_owner
            or submission.unit_id in self.reporter_unit_ids
            or (self.is_coordinator and submission.state != "draft")
        )

    def can_edit_submission(self, submission: Submission) -> bool:
        return submission.unit_id in self.reporter_unit_ids

    def can_see_report(self, report: MeasureReport) -> bool:
        submission = report.submission
        if self.is_plan_owner or submission.unit_id in self.reporter_unit_ids:
            return True
        return submission.state != "draft" and report.measure_id in self.coordinated_measure_ids

    def can_review(self, report: MeasureReport) -> bool:
        return self.is_plan_owner or report.measure_id in self.coordinated_measure_ids


def round_access(user, round_: FollowUpRound) -> RoundAccess:
    """The user's access to one round; 404 for anyone outside the round's municipality."""
    access = access_for(user)
    if not access.is_member(round_.document.municipality_id):
        raise Http404("no such round")
    return RoundAccess(
        round=round_,
        access=access,
        is_plan_owner=access.is_plan_owner(round_.document.municipality_id),
        reporter_unit_ids=access.units_for(Role.REPORTER),
        coordinated_measure_ids=coordinated_measures(round_.document, access.units_for(Role.COORDINATOR)),
    )
