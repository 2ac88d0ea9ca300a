"""Examples through the token API: JSON in, the web form's validation, the same action, ETags out.

The body is turned into the data of `ExampleForm` (the form a reporter fills in), so a title
that is too long, effects without their kind or a link that is not a web address are refused
with the form's own messages; `lika.followup.actions.save_example` then checks the round,
the submission, the cap and the version as for the web, in one transaction.
"""

from datetime import date
from typing import Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError

from lika.core.editing import EditConflict
from lika.followup import actions
from lika.followup.forms import ExampleForm
from lika.followup.models import Example, FollowUpRound
from lika.followup.permissions import RoundAccess
from lika.organisations.models import OrganisationUnit
from lika.plans.models import Node
from lika.reference.models import Perspective

from .auth import token_access
from .followup import ExampleOut

RELATIONS = ("related_measures", "perspectives", "partner_units")


class ExampleFieldsIn(Schema):
    title: str = Field(examples=["Språkcafé på biblioteket"])
    what_was_done: str = Field(examples=["Veckovisa samtalsträffar för nyanlända."])
    effects: str = ""
    effects_kind: Literal["", "observed", "expected"] = Field("", description="Required when effects are given.")
    learning: str = ""
    related_measures: list[str] = Field(default_factory=list, description="Codes of other measures of the plan.")
    perspectives: list[str] = Field(default_factory=list, description="Perspective keys, e.g. disability.", examples=[["disability"]])
    partner_units: list[str] = Field(default_factory=list, description="Keys of other units of the municipality.")
    partner_civil_society: bool = False
    partner_business: bool = False
    partner_academia: bool = False
    partner_public_sector: bool = False
    partner_names: str = ""
    target_groups: str = ""
    period_start: date | None = None
    period_end: date | None = None
    links: list[str] = Field(default_factory=list, description="Web addresses (https://…).")


class ExampleIn(ExampleFieldsIn):
    unit: str = Field(description="The unit the example is reported for (its key).", examples=["kulturforvaltningen"])
    measure: str = Field(description="The measure's code; the unit must be responsible for it.", examples=["6"])


class ExamplePatchIn(Schema):
    title: str | None = None
    what_was_done: str | None = None
    effects: str | None = None
    effects_kind: Literal["", "observed", "expected"] | None = None
    learning: str | None = None
    related_measures: list[str] | None = None
    perspectives: list[str] | None = None
    partner_units: list[str] | None = None
    partner_civil_society: bool | None = None
    partner_business: bool | None = None
    partner_academia: bool | None = None
    partner_public_sector: bool | None = None
    partner_names: str | None = None
    target_groups: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    links: list[str] | None = None


def invalid(field: str, message: str) -> HttpError:
    """422 in the same shape as a parameter error: detail is a list of {loc, msg, type}."""
    error = HttpError(422, message)
    error.body = {"detail": [{"loc": ["body", field], "msg": str(message), "type": "value_error"}]}
    return error


def with_relations(examples):
    return examples.select_related(
        "measure_report__measure",
        "measure_report__submission__unit",
        "measure_report__submission__round__document__municipality",
    ).prefetch_related("perspectives", "related_measures", "partner_units")


def version(example: Example) -> str:
    return actions.example_version(example)


def find(municipality, example_id: int) -> Example:
    example = with_relations(Example.objects.filter(pk=example_id, measure_report__submission__round__document__municipality=municipality)).first()
    if example is None:
        raise Http404(f"No example {example_id} in {municipality.slug}.")
    return example


class ExampleStateOut(ExampleOut):
    review_state: str = Field(description="pending, approved or returned: the coordinator's review of the measure report.")
    submission_state: str = Field(description="draft, submitted, returned or approved.")
    version: str = Field(description="The example's version: send it as If-Match to change it (it is also the ETag).")

    @staticmethod
    def resolve_review_state(obj) -> str:
        return obj.measure_report.review_state

    @staticmethod
    def resolve_submission_state(obj) -> str:
        return obj.measure_report.submission.state

    @staticmethod
    def resolve_version(obj) -> str:
        return version(obj)


def with_etag(request, example: Example, status: int):
    from .api import api  # the API instance imports this module's router

    example = find(example.measure_report.submission.round.document.municipality, example.pk)
    response = api.create_response(request, ExampleStateOut.from_orm(example).dict(), status=status)
    response["ETag"] = f'"{version(example)}"'
    return response


def _keys(model_rows, given: list[str], field: str, what: str) -> list[int]:
    found = {key: pk for key, pk in model_rows}
    missing = [key for key in given if key not in found]
    if missing:
        raise invalid(field, _("Unknown %(what)s: %(keys)s.") % {"what": what, "keys": ", ".join(missing)})
    return [found[key] for key in given]


def _form_data(report, values: dict) -> dict:
    document = report.measure.document
    data = {name: value for name, value in values.items() if name not in RELATIONS and value is not None}
    data["links"] = "\n".join(values.get("links") or [])
    for name in ("period_start", "period_end"):
        data[name] = values[name].isoformat() if values.get(name) else ""
    data["related_measures"] = _keys(Node.objects.filter(document=document).values_list("code", "pk"), values.get("related_measures") or [], "related_measures", _("measure"))
    data["perspectives"] = _keys(Perspective.objects.values_list("key", "pk"), values.get("perspectives") or [], "perspectives", _("perspective"))
    units = OrganisationUnit.objects.filter(municipality_id=document.municipality_id).values_list("key", "pk")
    data["partner_units"] = _keys(units, values.get("partner_units") or [], "partner_units", _("unit"))
    return data


def _checked(report, values: dict) -> actions.ExampleInput:
    form = ExampleForm(data=_form_data(report, values), report=report)
    if not form.is_valid():
        error = HttpError(422, "invalid example")
        error.body = {"detail": [
            {"loc": ["body", name if name != "__all__" else "example"], "msg": str(message), "type": "value_error"}
            for name, messages in form.errors.items() for message in messages
        ]}
        raise error
    return actions.ExampleInput(
        fields=form.example_fields(),
        related_measures=list(form.cleaned_data["related_measures"]),
        perspectives=list(form.cleaned_data["perspectives"]),
        partner_units=list(form.cleaned_data["partner_units"]),
    )


def _who(token, round_: FollowUpRound, unit) -> RoundAccess:
    """The token acts as a reporter of the unit the example is for."""
    return RoundAccess(round=round_, access=token_access(token), is_plan_owner=False, reporter_unit_ids=frozenset({unit.pk}), coordinated_measure_ids=set())


def _report(round_: FollowUpRound, unit_key: str, code: str, token):
    unit = OrganisationUnit.objects.filter(municipality=round_.document.municipality, key=unit_key).first()
    if unit is None:
        raise invalid("unit", _("Unknown unit: %(key)s.") % {"key": unit_key})
    measure = Node.objects.filter(document=round_.document, code=code).first()
    if measure is None:
        raise invalid("measure", _("Unknown measure: %(code)s.") % {"code": code})
    if measure not in actions.unit_measures(round_, unit):
        codes = ", ".join(node.code for node in actions.unit_measures(round_, unit)) or "-"
        raise invalid("measure", _("%(unit)s is not responsible for measure %(code)s in this round; it reports on: %(codes)s.") % {"unit": unit.name, "code": code, "codes": codes})
    submission = actions.get_or_create_submission(round_, unit, user=token.created_by)
    return submission.measure_reports.select_related("measure__document", "submission__unit", "submission__round__document").get(measure=measure)


def add(token, round_: FollowUpRound, body: ExampleIn) -> Example:
    report = _report(round_, body.unit, body.measure, token)
    data = _checked(report, body.dict(exclude={"unit", "measure"}))
    try:
        return actions.save_example(report, data, who=_who(token, round_, report.submission.unit), user=token.created_by)
    except actions.ActionRefused as refused:
        raise HttpError(409, str(refused)) from None


def _current_values(example: Example) -> dict:
    values = {name: getattr(example, name) for name in actions.EXAMPLE_FIELDS}
    values["links"] = [line for line in example.links.splitlines() if line.strip()]
    values["related_measures"] = [n.code for n in example.related_measures.all()]
    values["perspectives"] = [p.key for p in example.perspectives.all()]
    values["partner_units"] = [u.key for u in example.partner_units.all()]
    return values


def change(request, example: Example, given: dict) -> Example:
    """PUT (every field) or PATCH (some): If-Match required; a stale version of the same field is 412."""
    if_match = request.headers.get("If-Match", "").strip().strip('"').removeprefix("W/").strip('"')
    if not if_match:
        raise HttpError(428, _("Send If-Match with the ETag (or version) you read: GET the example first."))
    report = example.measure_report
    data = _checked(report, {**_current_values(example), **given})
    round_ = report.submission.round
    try:
        return actions.save_example(report, data, who=_who(request.auth, round_, report.submission.unit), user=request.auth.created_by, example=example, version=if_match)
    except EditConflict as conflict:
        raise stale(conflict) from None
    except actions.ActionRefused as refused:
        raise HttpError(409, str(refused)) from None


def stale(conflict: EditConflict) -> HttpError:
    error = HttpError(412, str(conflict))
    error.body = {
        "detail": _("The example was changed since the version in If-Match, in the same fields as yours; nothing was saved. GET it again, merge, and send the new ETag."),
        "fields": [{"name": f.name, "yours": f.mine, "stored": f.theirs} for f in conflict.fields],
        "etag": conflict.version,
    }
    return error
