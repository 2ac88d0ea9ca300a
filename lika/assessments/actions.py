"""Every change to assessments and templates goes through these actions.

Each checks who is acting, writes in one transaction and raises
`ActionRefused` with a message for the user when it cannot. Who may do what:

- case officers act for their unit: they start its assessments and edit them,
  several of them on the same assessment;
- plan owners may do the same for any unit, and edit the templates;
- analysts and coordinators read every assessment of the municipality;
- the public reads the published ones.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from lika.core.editing import check_version, version_of
from lika.organisations.access import Access
from lika.organisations.models import OrganisationUnit, Role
from lika.reference.models import Perspective

from . import section, templatefile
from .models import (
    Answer,
    AnswerRevision,
    Assessment,
    AssessmentEvent,
    AssessmentKind,
    AssessmentSettings,
    AssessmentState,
    AssessmentTemplate,
    TemplateVersion,
)

DEFAULT_TEMPLATES = Path(__file__).resolve().parent / "default_templates"
DEFAULT_TEMPLATE_FILES = ("lika-mojligheter.yaml", "barnets-basta.yaml", "jamstalldhet-3r.yaml")


class ActionRefused(Exception):
    pass


class Incomplete(ActionRefused):
    """Required answers are missing; `slots` lists every one of them."""

    def __init__(self, slots):
        self.slots = slots
        super().__init__(_("%(count)d required answers are missing.") % {"count": len(slots)})


# --- Who may ----------------------------------------------------------------------


def case_officer_units(access: Access, municipality) -> frozenset[int] | None:
    """The units a user may start assessments for; None means every unit (plan owners)."""
    if access.is_superuser or access.is_plan_owner(municipality):
        return None
    if access.has_role(municipality, Role.CASE_OFFICER):
        return access.units_for(Role.CASE_OFFICER)
    return frozenset()


def can_start(access: Access, municipality) -> bool:
    units = case_officer_units(access, municipality)
    return units is None or bool(units)


def can_edit(access: Access, assessment: Assessment) -> bool:
    units = case_officer_units(access, assessment.municipality_id)
    return units is None or assessment.unit_id in units


def can_read_all(access: Access, municipality) -> bool:
    return access.is_superuser or access.sees_unpublished_follow_up(municipality)


def can_view(access: Access, assessment: Assessment) -> bool:
    return can_edit(access, assessment) or can_read_all(access, assessment.municipality_id)


def can_use(access: Access, municipality) -> bool:
    """Whether the assessment pages are for this user at all: they start assessments or follow them up."""
    return can_start(access, municipality) or can_read_all(access, municipality)


def can_edit_templates(access: Access, municipality) -> bool:
    return access.is_superuser or access.is_plan_owner(municipality)


def visible(access: Access, municipality):
    """The assessments a user may open, in their municipality."""
    found = Assessment.objects.filter(municipality=municipality)
    if can_read_all(access, municipality):
        return found
    units = case_officer_units(access, municipality)
    if units is None:
        return found
    return found.filter(unit_id__in=units)


def perspectives() -> list[templatefile.Perspective]:
    return [
        templatefile.Perspective(p.key, templatefile.Text(p.name_sv, p.name_en))
        for p in Perspective.objects.order_by("position")
    ]


# --- Templates -----------------------------------------------------------------------


def ensure_templates(municipality) -> list[str]:
    """Give a municipality Lika's three default templates, unless it has templates already."""
    if AssessmentTemplate.objects.filter(municipality=municipality).exists():
        return []
    lines = []
    with transaction.atomic():
        for position, name in enumerate(DEFAULT_TEMPLATE_FILES):
            text = (DEFAULT_TEMPLATES / name).read_text(encoding="utf-8")
            save_template(municipality, text, name, access=None, position=position)
            lines.append(f"template {name} for {municipality.slug}")
    return lines


@transaction.atomic
def template_version(template: AssessmentTemplate) -> str:
    """The version of a template's newest file as its edit form reads it (lika.lib.versions)."""
    latest = template.versions.order_by("-number").first()
    return version_of({"source": latest.source if latest else ""})


@transaction.atomic
def save_template(
    municipality, text: str, filename: str, *, access: Access | None, user=None, position: int | None = None,
    version: str | None = None,
):
    """Store a template file as the template's next version (or the first). Returns the version, or None if unchanged.

    `version`: what the edit form was read at (None: a file from the command line); EditConflict if
    someone saved another file of the template since."""
    if access is not None and not can_edit_templates(access, municipality):
        raise ActionRefused(_("Only plan owners may change assessment templates."))
    parsed = templatefile.parse_template(text, filename)  # FileProblems: nothing is written
    template, _created = AssessmentTemplate.objects.get_or_create(
        municipality=municipality,
        key=parsed.key,
        defaults={"kind": parsed.kind, "position": position if position is not None else 99},
    )
    template = AssessmentTemplate.objects.select_for_update().get(pk=template.pk)
    latest = template.versions.select_related("created_by").order_by("-number").first()
    if version is not None:
        who = (latest.created_by.get_full_name() or latest.created_by.get_username()) if latest and latest.created_by else ""
        check_version(version, stored={"source": latest.source if latest else ""}, submitted={"source": text},
                      labels={"source": _("Template file (YAML)")}, changed_by=who, changed_at=latest.created_at if latest else None)
    definition = templatefile.as_data(parsed)
    if latest is not None and latest.definition == definition:
        return None
    if template.kind != parsed.kind:
        template.kind = parsed.kind
        template.save(update_fields=["kind"])
    return TemplateVersion.objects.create(
        template=template,
        number=(latest.number + 1) if latest else 1,
        source=text,
        definition=definition,
        created_by=user,
    )


def current_versions(municipality) -> list[TemplateVersion]:
    """The newest version of each active template, in the templates' order (two queries)."""
    templates = list(AssessmentTemplate.objects.filter(municipality=municipality, is_active=True))
    newest: dict[int, TemplateVersion] = {}
    for version in TemplateVersion.objects.filter(template__in=templates).select_related("template").order_by("number"):
        newest[version.template_id] = version
    return [newest[t.pk] for t in templates if t.pk in newest]


# --- Starting and editing --------------------------------------------------------------


def settings_for(municipality) -> AssessmentSettings:
    found = AssessmentSettings.objects.filter(municipality=municipality).select_related("default_measure").first()
    return found or AssessmentSettings(municipality=municipality)


def check_case_number(municipality, case_number: str) -> str:
    """The case number, stripped; or ActionRefused naming the expected format."""
    case_number = (case_number or "").strip()
    if not case_number:
        raise ActionRefused(_("Give the matter's case number."))
    rules = settings_for(municipality)
    if rules.case_number_pattern and not re.fullmatch(rules.case_number_pattern, case_number):
        if rules.case_number_example:
            raise ActionRefused(
                _("The case number %(given)s is not in %(municipality)s's format. Write it like %(example)s.")
                % {"given": case_number, "municipality": municipality.name, "example": rules.case_number_example}
            )
        raise ActionRefused(
            _("The case number %(given)s is not in %(municipality)s's format (%(pattern)s).")
            % {"given": case_number, "municipality": municipality.name, "pattern": rules.case_number_pattern}
        )
    return case_number


@dataclass(frozen=True)
class MatterDetails:
    title: str
    case_number: str
    unit: OrganisationUnit
    decision_body: str
    decision_date: object
    language: str
    measure: object  # Node or None


def _check_matter(access: Access, municipality, details: MatterDetails) -> str:
    if details.unit.municipality_id != municipality.pk:
        raise ActionRefused(_("The unit belongs to another municipality."))
    units = case_officer_units(access, municipality)
    if units is not None and details.unit.pk not in units:
        raise ActionRefused(_("You can start assessments only for your own unit."))
    if details.measure is not None and details.measure.document.municipality_id != municipality.pk:
        raise ActionRefused(_("The measure belongs to another municipality's plan."))
    if not details.title.strip():
        raise ActionRefused(_("Give the matter's title."))
    return check_case_number(municipality, details.case_number)


@transaction.atomic
def start(access: Access, municipality, version: TemplateVersion, details: MatterDetails, user) -> Assessment:
    if not can_start(access, municipality):
        raise ActionRefused(_("Only case officers and plan owners start assessments."))
    if version.template.municipality_id != municipality.pk:
        raise ActionRefused(_("The template belongs to another municipality."))
    case_number = _check_matter(access, municipality, details)
    assessment = Assessment.objects.create(
        municipality=municipality,
        template_version=version,
        kind=version.template.kind,
        title=details.title.strip(),
        case_number=case_number,
        unit=details.unit,
        decision_body=details.decision_body.strip(),
        decision_date=details.decision_date,
        language=details.language,
        measure=details.measure,
        created_by=user,
    )
    AssessmentEvent.objects.create(assessment=assessment, action="started", by=user)
    return assessment


MATTER_LABELS = {
    "title": _lazy("Matter"), "case_number": _lazy("Case number"), "unit": _lazy("Unit"), "decision_body": _lazy("Decided by"),
    "decision_date": _lazy("Date of decision"), "language": _lazy("Language of the answers"), "measure": _lazy("Plan measure it serves"),
}


def _matter_state(assessment: Assessment) -> dict:
    return {
        "title": assessment.title, "case_number": assessment.case_number, "unit": str(assessment.unit) if assessment.unit_id else "",
        "decision_body": assessment.decision_body, "decision_date": assessment.decision_date, "language": assessment.language,
        "measure": str(assessment.measure) if assessment.measure_id else "",
    }


def matter_version(assessment: Assessment) -> str:
    """The version of a matter's details as its form reads them (lika.lib.versions)."""
    return version_of(_matter_state(assessment))


@transaction.atomic
def update_matter(access: Access, assessment: Assessment, details: MatterDetails, user, *, version: str | None = None) -> None:
    """Change the matter's details; `version`: what the form was read at (None: no form), EditConflict if stale."""
    _check_editable(access, assessment)
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    case_number = _check_matter(access, assessment.municipality, details)
    stored = _matter_state(assessment)
    submitted = {
        "title": details.title.strip(), "case_number": case_number, "unit": str(details.unit),
        "decision_body": details.decision_body.strip(), "decision_date": details.decision_date, "language": details.language,
        "measure": str(details.measure) if details.measure is not None else "",
    }
    merged = check_version(version, stored=stored, submitted=submitted, labels={k: str(v) for k, v in MATTER_LABELS.items()})
    for name in ("title", "case_number", "decision_body", "decision_date", "language"):
        setattr(assessment, name, merged[name])
    if merged["unit"] is not stored["unit"]:
        assessment.unit = details.unit
    if merged["measure"] is not stored["measure"]:
        assessment.measure = details.measure
    assessment.save()


def _check_editable(access: Access, assessment: Assessment, *, finished_ok: bool = False) -> None:
    if not can_edit(access, assessment):
        raise ActionRefused(_("Only the unit's case officers and plan owners may change this assessment."))
    if assessment.is_finished and not finished_ok:
        raise ActionRefused(_("The assessment is finished. Reopen it to change it."))


def current_answers(assessment: Assessment) -> dict[str, Answer]:
    return {a.key: a for a in assessment.answers.all()}


def answers_version(assessment: Assessment, keys) -> str:
    """The version of the answers to `keys` (one step's questions) as the step's form reads them."""
    stored = dict(assessment.answers.filter(key__in=list(keys)).values_list("key", "value"))
    return version_of({key: stored.get(key, "") for key in keys})


def _answered_by(answers) -> tuple[str, object]:
    latest = max((a for a in answers if a.updated_by_id), key=lambda a: a.updated_at, default=None)
    if latest is None:
        return "", None
    return latest.updated_by.get_full_name() or latest.updated_by.get_username(), latest.updated_at


@transaction.atomic
def save_answers(
    access: Access, assessment: Assessment, submitted: dict[str, str], user, *, version: str | None = None, labels=None
) -> int:
    """Save a step's answers (key -> value, every question of the step); returns how many changed.

    `version` is what the step's form was read at (None: no form, e.g. the demo). A stale
    save raises EditConflict and writes nothing; answers others changed that the user did
    not touch are kept (lika.core.editing).
    """
    _check_editable(access, assessment)
    Assessment.objects.select_for_update().filter(pk=assessment.pk).exists()
    known = {slot.key for slot in templatefile.slots(assessment.template(), perspectives())}
    unknown = sorted(set(submitted) - known)
    if unknown:
        raise ActionRefused(_("The form asks a question the template does not have (%(key)s).") % {"key": unknown[0]})
    rows = {a.key: a for a in Answer.objects.select_for_update(of=("self",)).select_related("updated_by").filter(assessment=assessment, key__in=list(submitted))}
    stored = {key: rows[key].value if key in rows else "" for key in submitted}
    who, when = _answered_by(rows.values())
    submitted = {key: value.replace("\r\n", "\n") for key, value in submitted.items()}
    merged = check_version(version, stored=stored, submitted=submitted, labels=labels, changed_by=who, changed_at=when)
    revisions = []
    for key, value in merged.items():
        if value == stored[key]:
            continue
        answer = rows.get(key) or Answer(assessment=assessment, key=key)
        answer.value = value
        answer.revision += 1
        answer.updated_by = user
        answer.save()
        revisions.append(AnswerRevision(assessment=assessment, key=key, value=value, revision=answer.revision, changed_by=user))
    AnswerRevision.objects.bulk_create(revisions)
    if revisions:
        assessment.save(update_fields=["updated_at"])
    return len(revisions)


def answer_values(assessment: Assessment) -> dict[str, str]:
    return {key: value for key, value in assessment.answers.values_list("key", "value")}


@transaction.atomic
def complete(access: Access, assessment: Assessment, user) -> None:
    _check_editable(access, assessment)
    gaps = section.missing(assessment.template(), perspectives(), answer_values(assessment))
    if gaps:
        raise Incomplete(gaps)
    assessment.state = AssessmentState.COMPLETED
    assessment.screened_out_reason = ""
    assessment.finished_at = timezone.now()
    assessment.save()
    AssessmentEvent.objects.create(assessment=assessment, action="completed", by=user)


@transaction.atomic
def screen_out(access: Access, assessment: Assessment, reason: str, user) -> None:
    _check_editable(access, assessment)
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(_("Say why the assessment is not relevant for this matter."))
    assessment.state = AssessmentState.SCREENED_OUT
    assessment.screened_out_reason = reason
    assessment.finished_at = timezone.now()
    assessment.save()
    AssessmentEvent.objects.create(assessment=assessment, action="screened_out", note=reason, by=user)


@transaction.atomic
def reopen(access: Access, assessment: Assessment, user) -> None:
    _check_editable(access, assessment, finished_ok=True)
    if not assessment.is_finished:
        return
    assessment.state = AssessmentState.DRAFT
    assessment.finished_at = None
    assessment.published = False
    assessment.published_at = None
    assessment.save()
    AssessmentEvent.objects.create(assessment=assessment, action="reopened", by=user)


@transaction.atomic
def set_published(access: Access, assessment: Assessment, published: bool, user) -> None:
    _check_editable(access, assessment, finished_ok=True)
    if published and not assessment.is_finished:
        raise ActionRefused(_("Only a finished assessment can be published."))
    assessment.published = published
    assessment.published_at = timezone.now() if published else None
    assessment.save(update_fields=["published", "published_at", "updated_at"])
    AssessmentEvent.objects.create(assessment=assessment, action="published" if published else "unpublished", by=user)


# --- Counting -------------------------------------------------------------------------


def counted(assessments) -> list[section.Counted]:
    """Finished assessments as the follow-up counts them (answers fetched in one query)."""
    items = list(assessments.filter(state__in=[AssessmentState.COMPLETED, AssessmentState.SCREENED_OUT]).select_related("unit", "template_version"))
    answers: dict[int, dict[str, str]] = {}
    for assessment_id, key, value in Answer.objects.filter(assessment__in=[a.pk for a in items]).values_list("assessment_id", "key", "value"):
        answers.setdefault(assessment_id, {})[key] = value
    views = perspectives()
    result = []
    for item in items:
        risks, asked = (), ()
        if item.state == AssessmentState.COMPLETED:
            risks = tuple(section.risk_findings(item.template(), views, answers.get(item.pk, {}))["yes"])
            asked = section.asked_perspectives(item.template(), views)
        screened_out = item.state == AssessmentState.SCREENED_OUT
        result.append(section.Counted(item.unit.name, item.decision_date.year, item.kind, screened_out, risks, asked))
    return result


# --- Reading out ----------------------------------------------------------------------


def consequence_section(assessment: Assessment, language: str) -> section.Section:
    """The assessment's consequence section in `language`, whatever the language of the interface."""
    with translation.override(language):
        matter = section.Matter(
            title=assessment.title,
            case_number=assessment.case_number,
            unit=assessment.unit.name_en if language == "en" and assessment.unit.name_en else assessment.unit.name_sv,
            decision_body=assessment.decision_body,
            decision_date=date_format(assessment.decision_date, "j F Y"),
            screened_out_reason=assessment.screened_out_reason if assessment.state == AssessmentState.SCREENED_OUT else "",
        )
        return section.build_section(
            assessment.template(), perspectives(), answer_values(assessment), matter, language, _
        )


def summary_tables(municipality, language: str, measure=None, **filters):
    """The follow-up counts (per unit and year; risks per ground) of the municipality's finished assessments."""
    found = Assessment.objects.filter(municipality_id=getattr(municipality, "pk", municipality), **filters)
    if measure is not None:
        found = found.filter(measure=measure)
    kinds = [(value, str(label)) for value, label in AssessmentKind.choices if value != AssessmentKind.OTHER]
    return section.summarise(counted(found), kinds, perspectives(), language, _)
