"""Every change to follow-up data goes through these actions.

Each checks who is acting and whether the round and submission allow the
change, writes in one transaction, and records the change in the
submission's history. Views and management commands call them; nothing else
saves these models. A refused change raises `ActionRefused` with a message
for the user.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from lika import jobs
from lika.core.editing import EditConflict, check_version, version_of
from lika.organisations.models import Membership, OrganisationUnit, Role
from lika.plans.queries import implementing_units, leaf_names, leaf_words, measure_nodes

from .models import (
    Answer,
    Attachment,
    EventAction,
    Example,
    FollowUpRound,
    MeasureReport,
    ReminderSent,
    ReviewState,
    RoundQuestion,
    RoundState,
    Submission,
    SubmissionEvent,
    SubmissionState,
)
from .permissions import RoundAccess


class ActionRefused(Exception):
    """The change is not allowed now; the message says why, for the user."""


__all__ = ["ActionRefused", "EditConflict"]  # a stale save raises EditConflict (lika.core.editing)


def _record(submission, user, action, *, measure=None, comment="", changes=None) -> None:
    SubmissionEvent.objects.create(
        submission=submission,
        actor=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        measure=measure,
        comment=comment,
        changes=changes or {},
    )


def _diff(before: dict, after: dict) -> dict:
    def show(value):
        if isinstance(value, (list, tuple, set)):
            return sorted(str(v) for v in value)
        return "" if value is None else str(value)

    return {key: [show(before.get(key)), show(after[key])] for key in after if show(before.get(key)) != show(after[key])}


# Rounds -----------------------------------------------------------------------------------


def responsible_units(round_: FollowUpRound) -> dict[int, set[int]]:
    """Measure id -> ids of the units that report on it in this round."""
    return implementing_units(round_.document)


def reporting_units(round_: FollowUpRound) -> list[OrganisationUnit]:
    responsible = responsible_units(round_)
    ids = set().union(*responsible.values()) if responsible else set()
    return list(OrganisationUnit.objects.filter(pk__in=ids).order_by("name_sv"))


@dataclass
class Asked:
    """One unit a round asks to report: on which measures, and who in it gets the e-mail."""

    unit: OrganisationUnit
    measures: list
    reporters: list[str]


def who_will_be_asked(round_: FollowUpRound) -> list[Asked]:
    """The units the round asks, each with its measures in plan order and its reporters' addresses."""
    responsible = responsible_units(round_)
    measures = [node for node in measure_nodes(round_.document) if responsible.get(node.pk)]
    units = reporting_units(round_)
    addresses = _reporters([unit.pk for unit in units])
    return [
        Asked(unit, [node for node in measures if unit.pk in responsible[node.pk]], addresses.get(unit.pk, []))
        for unit in units
    ]


def _check_someone_is_asked(round_: FollowUpRound) -> None:
    if any(responsible_units(round_).values()):
        return
    _leaf, leaves = leaf_names(round_.document)
    raise ActionRefused(
        _(
            "The round would ask nobody to report: no unit implements the plan's %(leaves)s. "
            "In the plan's responsibilities, name the units that implement each of them, or a rule "
            "such as 'all departments' on the whole plan, then open the round."
        )
        % {"leaves": leaves}
    )


def _queue_opening_mail(round_: FollowUpRound, user) -> list[str]:
    """Queue the e-mail that a draft round is open; refused when no unit it asks has a reporter,
    because then nobody would learn that the round is open. Returns what was done, for the user."""
    units = reporting_units(round_)
    addresses = _reporters([unit.pk for unit in units])  # one query, whatever the number of units
    untold = [unit for unit in units if unit.pk not in addresses]
    if len(untold) == len(units):
        raise ActionRefused(
            ngettext(
                "Nobody would be told that the round is open: %(total)s unit is asked, and it has no reporter in "
                "Lika with an e-mail address. Add a reporter to the unit under People and roles, then open the round.",
                "Nobody would be told that the round is open: %(total)s units are asked, and none of them has a "
                "reporter in Lika with an e-mail address. Add reporters to the units under People and roles, then "
                "open the round.",
                len(units),
            )
            % {"total": len(units)}
        )
    jobs.enqueue(
        "followup.round_opened_mail", kwargs={"round_id": round_.pk}, owner=user,
        subject=f"round-opened:{round_.pk}", language=get_language() or "",
        label=_("E-mail that %(round)s is open") % {"round": round_.title},
    )
    count = sum(len(unit_addresses) for unit_addresses in addresses.values())
    done = [_("The e-mail to %(count)s reporters is sent in the background (see Background jobs).") % {"count": count}]
    if untold:
        done.append(
            ngettext(
                "%(count)s of the %(total)s units asked has no reporter in Lika and is not told: %(units)s. "
                "Add reporters under People and roles.",
                "%(count)s of the %(total)s units asked have no reporter in Lika and are not told: %(units)s. "
                "Add reporters under People and roles.",
                len(untold),
            )
            % {"count": len(untold), "total": len(units), "units": ", ".join(unit.name for unit in untold)}
        )
    return done


@transaction.atomic
def change_round_state(round_: FollowUpRound, target: str, *, who: RoundAccess, today: date | None = None, user=None) -> list[str]:
    """Open, close, reopen or publish a round. Returns what was done, for the user.

    Opening a draft queues the e-mail to its reporters as a background job (owned by `user`),
    in the same transaction: the round is open if and only if the e-mail is on its way."""
    if not who.is_plan_owner:
        raise ActionRefused(_("Only the plan owner changes the state of a round."))
    round_.state = FollowUpRound.objects.select_for_update().filter(pk=round_.pk).values_list("state", flat=True).get()
    if not round_.can_move_to(target):
        raise ActionRefused(
            _("A round that is %(state)s cannot become %(target)s.")
            % {"state": round_.get_state_display().lower(), "target": RoundState(target).label.lower()}
        )
    done = []
    now = timezone.now()
    today = today or timezone.localdate()
    if target == RoundState.OPEN:
        if round_.closes_on < today:
            raise ActionRefused(
                _("The deadline %(date)s has passed; move it before opening the round.") % {"date": round_.closes_on}
            )
        _check_someone_is_asked(round_)
        if round_.state == RoundState.DRAFT:
            done.extend(_queue_opening_mail(round_, user))
        round_.opened_at = round_.opened_at or now
    elif target == RoundState.CLOSED:
        round_.closed_at = now
    elif target == RoundState.PUBLISHED:
        round_.published_at = now
    round_.state = target
    round_.save()
    return done


ROUND_FIELDS = [
    "title_sv", "title_en", "reference_number", "period_start", "period_end", "opens_on", "closes_on", "max_examples",
    "reminder_days",
]


def _lines(text: str) -> str:
    return "\n".join(line.strip() for line in (text or "").splitlines() if line.strip())


def _round_settings(round_: FollowUpRound) -> dict:
    state = {name: getattr(round_, name) for name in ROUND_FIELDS}
    questions = list(round_.questions.order_by("position"))
    state["questions_sv"] = "\n".join(q.text_sv for q in questions)
    state["questions_en"] = "\n".join(q.text_en for q in questions)
    return state


def round_settings_version(round_: FollowUpRound) -> str:
    return version_of(_round_settings(round_))


def write_round_questions(round_: FollowUpRound, questions: list[tuple[str, str]]) -> None:
    """The round's questions, (Swedish, English) in order; called inside the actions that change a round."""
    kept = []
    for position, (sv, en) in enumerate(questions):
        question, _created = RoundQuestion.objects.update_or_create(
            round=round_, key=f"q{position + 1}", defaults={"position": position, "text_sv": sv, "text_en": en}
        )
        kept.append(question.pk)
    round_.questions.exclude(pk__in=kept).delete()


@transaction.atomic
def save_round_settings(round_: FollowUpRound, values: dict, *, who: RoundAccess, version: str | None = None) -> None:
    """Change a round's settings (ROUND_FIELDS, questions_sv, questions_en); EditConflict if stale."""
    if not who.is_plan_owner:
        raise ActionRefused(_("Only the plan owner changes the settings of a round."))
    round_ = FollowUpRound.objects.select_for_update().get(pk=round_.pk)
    if round_.state == RoundState.PUBLISHED:
        raise ActionRefused(_("A published round's settings can no longer be changed."))
    values = {**values, "questions_sv": _lines(values["questions_sv"]), "questions_en": _lines(values["questions_en"])}
    labels = {name: str(FollowUpRound._meta.get_field(name).verbose_name) for name in ROUND_FIELDS}
    labels.update(questions_sv=_("Questions to every unit (Swedish)"), questions_en=_("The same questions in English"))
    merged = check_version(version, stored=_round_settings(round_), submitted=values, labels=labels)
    for name in ROUND_FIELDS:
        setattr(round_, name, merged[name])
    round_.full_clean(exclude=["document", "identifier"])
    round_.save()
    sv, en = merged["questions_sv"].splitlines(), merged["questions_en"].splitlines()
    write_round_questions(round_, [(q, en[i] if i < len(en) else "") for i, q in enumerate(sv)])


def _reporters(unit_ids) -> dict[int, list[str]]:
    result: dict[int, list[str]] = {}
    for membership in Membership.objects.filter(role=Role.REPORTER, unit_id__in=unit_ids).select_related("user"):
        if membership.user.email and membership.user.is_active:
            result.setdefault(membership.unit_id, []).append(membership.user.email)
    return result


def _round_url(round_: FollowUpRound) -> str:
    return settings.LIKA_SITE_URL.rstrip("/") + reverse("followup:round", args=[round_.identifier])


def round_opened_messages(round_: FollowUpRound) -> list[tuple]:
    """The e-mails telling each reporting unit's reporters that the round is open."""
    units = {unit.pk: unit for unit in reporting_units(round_)}
    leaf = leaf_names(round_.document, "sv")[0].lower()  # the plan's own word: "strategi", "åtgärd"
    messages = []
    for unit_id, addresses in _reporters(units.keys()).items():
        subject = f"Uppföljning öppen: {round_.title_sv}"
        body = (
            f"Hej!\n\nUppföljningen {round_.title_sv} av {round_.document.title_sv} är öppen.\n"
            f"{units[unit_id].name_sv} rapporterar status och upp till {round_.max_examples} exempel per {leaf} "
            f"senast {round_.closes_on:%Y-%m-%d}.\n\n{_round_url(round_)}\n"
        )
        messages.extend((subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in addresses)
    return messages


@transaction.atomic
def send_reminders(round_: FollowUpRound, *, today: date) -> list[OrganisationUnit]:
    """Remind units that have not submitted, once, from `reminder_days` before the deadline."""
    if round_.state != RoundState.OPEN:
        return []
    days_left = (round_.closes_on - today).days
    if days_left < 0 or days_left > round_.reminder_days:
        return []
    submitted = set(
        Submission.objects.filter(round=round_).exclude(state=SubmissionState.DRAFT).values_list("unit_id", flat=True)
    )
    reminded = set(ReminderSent.objects.filter(round=round_).values_list("unit_id", flat=True))
    due = [unit for unit in reporting_units(round_) if unit.pk not in submitted and unit.pk not in reminded]
    addresses = _reporters([unit.pk for unit in due])
    messages = []
    for unit in due:
        subject = f"Påminnelse: {round_.title_sv} senast {round_.closes_on:%Y-%m-%d}"
        body = (
            f"Hej!\n\n{unit.name_sv} har inte lämnat in sin uppföljning av {round_.document.title_sv} ännu. "
            f"Sista dag är {round_.closes_on:%Y-%m-%d}.\n\n{_round_url(round_)}\n"
        )
        messages.extend((subject, body, settings.DEFAULT_FROM_EMAIL, [a]) for a in addresses.get(unit.pk, []))
    send_mass_mail(messages, fail_silently=False)
    ReminderSent.objects.bulk_create(ReminderSent(round=round_, unit=unit, sent_on=today) for unit in due)
    return due


# Submissions ------------------------------------------------------------------------------


def unit_measures(round_: FollowUpRound, unit: OrganisationUnit):
    """The measures this unit reports on, in document order."""
    responsible = responsible_units(round_)
    return [node for node in measure_nodes(round_.document) if unit.pk in responsible.get(node.pk, set())]


@transaction.atomic
def get_or_create_submission(round_: FollowUpRound, unit: OrganisationUnit, *, user) -> Submission:
    submission, created = Submission.objects.get_or_create(round=round_, unit=unit)
    if created:
        MeasureReport.objects.bulk_create(
            MeasureReport(submission=submission, measure=measure) for measure in unit_measures(round_, unit)
        )
        _record(submission, user, EventAction.CREATED)
    return submission


def _lock_submission(submission: Submission) -> None:
    """Lock the submission's row for this transaction and read its state anew.

    Two simultaneous requests (submit and submit, submit and an edit, approve and
    return) then run one after the other, and the second sees what the first did.
    """
    submission.state = Submission.objects.select_for_update().filter(pk=submission.pk).values_list("state", flat=True).get()


def _check_editable(submission: Submission, who: RoundAccess, *, today: date | None = None) -> None:
    _lock_submission(submission)
    if not who.can_edit_submission(submission):
        raise ActionRefused(_("Only the unit's own reporters change its submission."))
    round_ = submission.round
    if round_.state != RoundState.OPEN:
        raise ActionRefused(_("The round is %(state)s; nothing can be changed.") % {"state": round_.get_state_display().lower()})
    if not submission.is_editable:
        raise ActionRefused(
            _("The submission is %(state)s; it can be changed again if it is returned for completion.")
            % {"state": submission.get_state_display().lower()}
        )


def _touch(report: MeasureReport) -> None:
    if report.review_state == ReviewState.APPROVED and not report.changed_since_review:
        report.changed_since_review = True
        report.save(update_fields=["changed_since_review"])


def _labels(model, names) -> dict[str, str]:
    return {name: str(model._meta.get_field(name).verbose_name) for name in names}


def _last_change(submission, measure, actions_) -> tuple[str, object]:
    """Who last changed something of this measure in the submission, and when, for a conflict page."""
    event = (
        SubmissionEvent.objects.filter(submission=submission, measure=measure, action__in=actions_)
        .select_related("actor").order_by("-at", "-pk").first()
    )
    if event is None or event.actor is None:
        return "", None
    return event.actor.get_full_name() or event.actor.get_username(), event.at


def measure_report_version(report: MeasureReport) -> str:
    return version_of({"status": report.status, "comment": report.comment})


@transaction.atomic
def save_measure_report(
    report: MeasureReport, *, who: RoundAccess, user, status: str, comment: str, version: str | None = None
) -> None:
    """Save the status and comment; `version` is what the form was read at (None: no form, e.g. the demo)."""
    _check_editable(report.submission, who)
    report = MeasureReport.objects.select_for_update().select_related("measure", "submission").get(pk=report.pk)
    stored = {"status": report.status, "comment": report.comment}
    who_, when = _last_change(report.submission, report.measure, [EventAction.REPORT_CHANGED])
    merged = check_version(
        version, stored=stored, submitted={"status": status, "comment": comment},
        labels=_labels(MeasureReport, stored), changed_by=who_, changed_at=when,
    )
    status, comment = merged["status"], merged["comment"]
    changes = _diff(stored, {"status": status, "comment": comment})
    if not changes:
        return
    report.status, report.comment = status, comment
    report.save(update_fields=["status", "comment"])
    _touch(report)
    _record(report.submission, user, EventAction.REPORT_CHANGED, measure=report.measure, changes=changes)


EXAMPLE_FIELDS = [
    "title", "what_was_done", "effects", "effects_kind", "learning", "partner_civil_society", "partner_business",
    "partner_academia", "partner_public_sector", "partner_names", "target_groups", "period_start", "period_end", "links",
]
EXAMPLE_RELATIONS = ["related_measures", "perspectives", "partner_units"]


@dataclass
class ExampleInput:
    """What a reporter gives for one example (already validated by the form)."""

    fields: dict
    related_measures: list
    perspectives: list
    partner_units: list


def _example_state(example: Example) -> dict:
    state = {name: getattr(example, name) for name in EXAMPLE_FIELDS}
    if example.pk:
        state["related_measures"] = [n.code for n in example.related_measures.all()]
        state["perspectives"] = [p.key for p in example.perspectives.all()]
        state["partner_units"] = [u.key for u in example.partner_units.all()]
    return state


def example_version(example: Example) -> str:
    """The version of an example as a form reads it (lika.lib.versions)."""
    return version_of(_example_state(example))


def _input_state(data: ExampleInput) -> dict:
    return {
        **{name: data.fields[name] for name in EXAMPLE_FIELDS if name in data.fields},
        "related_measures": [n.code for n in data.related_measures],
        "perspectives": [p.key for p in data.perspectives],
        "partner_units": [u.key for u in data.partner_units],
    }


def _checked_input(example: Example, data: ExampleInput, version: str | None) -> ExampleInput:
    """The input to write after the version check: the user's, merged with other people's changes."""
    stored = _example_state(example)
    submitted = _input_state(data)
    labels = _labels(Example, stored)
    report = example.measure_report
    who_, when = _last_change(report.submission, report.measure, [EventAction.EXAMPLE_CHANGED, EventAction.EXAMPLE_ADDED])
    merged = check_version(version, stored=stored, submitted=submitted, labels=labels, changed_by=who_, changed_at=when)

    def relation(name, given, current):
        kept_theirs = merged[name] is stored[name] and stored[name] != submitted[name]
        return list(current.all()) if kept_theirs else given

    return ExampleInput(
        fields={name: merged[name] for name in data.fields},
        related_measures=relation("related_measures", data.related_measures, example.related_measures),
        perspectives=relation("perspectives", data.perspectives, example.perspectives),
        partner_units=relation("partner_units", data.partner_units, example.partner_units),
    )


def _check_example_input(report: MeasureReport, data: ExampleInput, *, adding: bool) -> None:
    submission = report.submission
    round_ = submission.round
    if adding and report.examples.count() >= round_.max_examples:
        raise ActionRefused(
            _("This round takes at most %(max)s examples per %(leaf)s; remove one before adding another.")
            % {"max": round_.max_examples, "leaf": leaf_words(round_.document)["leaf"]}
        )
    for node in data.related_measures:
        if node.document_id != round_.document_id or node.pk == report.measure_id:
            raise ActionRefused(
                _("%(code)s is not another %(leaf)s of %(document)s.")
                % {"code": node.code, "leaf": leaf_words(round_.document)["leaf"], "document": round_.document.title}
            )
    for unit in data.partner_units:
        if unit.municipality_id != submission.unit.municipality_id:
            raise ActionRefused(_("Partner units must belong to the same municipality."))


@transaction.atomic
def save_example(
    report: MeasureReport,
    data: ExampleInput,
    *,
    who: RoundAccess,
    user,
    example: Example | None = None,
    version: str | None = None,
) -> Example:
    """Add an example, or change `example`. `version`: what the form was read at (None: no form, e.g. the demo).

    The measure report's row is locked first, so two simultaneous adds cannot both
    pass the cap; a stale change raises EditConflict and writes nothing.
    """
    submission = report.submission
    _check_editable(submission, who)
    report = MeasureReport.objects.select_for_update().select_related("measure", "submission__round__document", "submission__unit").get(pk=report.pk)
    created = example is None
    if not created:
        example = Example.objects.select_for_update().filter(pk=example.pk, measure_report=report).first()
        if example is None:
            raise ActionRefused(_("The example was deleted while you were writing. Your text is kept below: copy it into a new example if it is still needed."))
        data = _checked_input(example, data, version)
    _check_example_input(report, data, adding=created)
    example = example or Example(measure_report=report, position=report.examples.count())
    before = _example_state(example) if not created else {}
    for name, value in data.fields.items():
        setattr(example, name, value)
    example.full_clean(exclude=["measure_report"])
    example.save()
    example.related_measures.set(data.related_measures)
    example.perspectives.set(data.perspectives)
    example.partner_units.set(data.partner_units)
    _touch(report)
    _record(
        report.submission,
        user,
        EventAction.EXAMPLE_ADDED if created else EventAction.EXAMPLE_CHANGED,
        measure=report.measure,
        comment=example.title,
        changes=_diff(before, _example_state(example)),
    )
    return example


@transaction.atomic
def delete_example(example: Example, *, who: RoundAccess, user) -> None:
    report = example.measure_report
    _check_editable(report.submission, who)
    for attachment in example.attachments.all():
        attachment.file.delete(save=False)
    title = example.title
    example.delete()
    _touch(report)
    _record(report.submission, user, EventAction.EXAMPLE_DELETED, measure=report.measure, comment=title)


@transaction.atomic
def add_attachment(example: Example, upload, content_type: str, *, who: RoundAccess, user) -> Attachment:
    report = example.measure_report
    _check_editable(report.submission, who)
    attachment = Attachment(
        example=example, original_name=upload.name[:255], content_type=content_type, size=upload.size, uploaded_by=user
    )
    attachment.file.save(upload.name, upload, save=False)
    attachment.save()
    _record(report.submission, user, EventAction.ATTACHMENT_ADDED, measure=report.measure, comment=attachment.original_name)
    return attachment


@transaction.atomic
def delete_attachment(attachment: Attachment, *, who: RoundAccess, user) -> None:
    report = attachment.example.measure_report
    _check_editable(report.submission, who)
    name = attachment.original_name
    attachment.file.delete(save=False)
    attachment.delete()
    _record(report.submission, user, EventAction.ATTACHMENT_DELETED, measure=report.measure, comment=name)


def answers_version(submission: Submission) -> str:
    """The version of a submission's answers to the round's questions, as a form reads them."""
    texts = {a.question_id: a.text for a in submission.answers.all()}
    return version_of({q.key: texts.get(q.pk, "") for q in submission.round.questions.all()})


@transaction.atomic
def save_answers(submission: Submission, answers: dict, *, who: RoundAccess, user, version: str | None = None) -> None:
    """answers: question -> text. `version`: what the form was read at (None: no form)."""
    _check_editable(submission, who)
    existing = {answer.question_id: answer for answer in submission.answers.select_for_update()}
    stored = {q.key: existing[q.pk].text if q.pk in existing else "" for q in submission.round.questions.all()}
    who_, when = _last_change(submission, None, [EventAction.ANSWERS_CHANGED])
    merged = check_version(
        version, stored=stored, submitted={q.key: text for q, text in answers.items()},
        labels={q.key: q.text for q in answers}, changed_by=who_, changed_at=when,
    )
    answers = {q: merged[q.key] for q in answers}
    changes = {}
    for question, text in answers.items():
        answer = existing.get(question.pk) or Answer(submission=submission, question=question)
        if answer.text != text:
            changes[question.key] = [answer.text, text]
            answer.text = text
            answer.save()
    if changes:
        _record(submission, user, EventAction.ANSWERS_CHANGED, changes=changes)


@transaction.atomic
def submit(submission: Submission, *, who: RoundAccess, user, today: date | None = None) -> None:
    _check_editable(submission, who)
    today = today or timezone.localdate()
    round_ = submission.round
    # A returned submission may be completed after the deadline: returning it gave the time.
    if today > round_.closes_on and submission.state != SubmissionState.RETURNED:
        raise ActionRefused(
            _("The deadline was %(date)s; the submission can no longer be submitted. Ask the plan owner to reopen the round.")
            % {"date": round_.closes_on}
        )
    reports = list(submission.measure_reports.all())
    for report in reports:
        if report.review_state == ReviewState.RETURNED or report.changed_since_review:
            report.review_state = ReviewState.PENDING
            report.changed_since_review = False
            report.save(update_fields=["review_state", "changed_since_review"])
    submission.state = SubmissionState.SUBMITTED
    submission.submitted_at = timezone.now()
    submission.submitted_by = user
    submission.save(update_fields=["state", "submitted_at", "submitted_by", "updated_at"])
    _record(submission, user, EventAction.SUBMITTED)
    _settle(submission)


def _settle(submission: Submission) -> None:
    """A submitted submission is returned if any report is, approved when all are."""
    if submission.state not in (SubmissionState.SUBMITTED, SubmissionState.RETURNED, SubmissionState.APPROVED):
        return
    states = set(submission.measure_reports.values_list("review_state", flat=True))
    if ReviewState.RETURNED in states:
        target = SubmissionState.RETURNED
    elif states and states <= {ReviewState.APPROVED}:
        target = SubmissionState.APPROVED
    else:
        target = SubmissionState.SUBMITTED
    if submission.state != target:
        submission.state = target
        submission.save(update_fields=["state", "updated_at"])


@transaction.atomic
def review(report: MeasureReport, decision: str, *, who: RoundAccess, user, comment: str = "") -> None:
    """decision: 'approve', 'return' or 'comment'."""
    submission = report.submission
    if not who.can_review(report):
        raise ActionRefused(
            _("Only the coordinators of %(leaf)s %(code)s and the plan owner review its reports.")
            % {"leaf": leaf_words(submission.round.document)["leaf"], "code": report.measure.code}
        )
    _lock_submission(submission)
    if decision == "comment":
        if not comment.strip():
            raise ActionRefused(_("Write the comment first."))
        _record(submission, user, EventAction.COMMENTED, measure=report.measure, comment=comment.strip())
        return
    if submission.state not in (SubmissionState.SUBMITTED, SubmissionState.APPROVED):
        raise ActionRefused(_("Only a submitted report can be approved or returned."))
    if submission.round.state not in (RoundState.OPEN, RoundState.CLOSED):
        raise ActionRefused(_("The round is %(state)s.") % {"state": submission.round.get_state_display().lower()})
    if decision == "return":
        if not comment.strip():
            raise ActionRefused(_("Say what should be completed: a returned report needs a comment."))
        report.review_state = ReviewState.RETURNED
        action = EventAction.RETURNED
    elif decision == "approve":
        report.review_state = ReviewState.APPROVED
        action = EventAction.APPROVED
    else:
        raise ActionRefused(_("Unknown decision."))
    report.reviewed_at = timezone.now()
    report.reviewed_by = user
    report.changed_since_review = False
    report.save(update_fields=["review_state", "reviewed_at", "reviewed_by", "changed_since_review"])
    _record(submission, user, action, measure=report.measure, comment=comment.strip())
    _settle(submission)


@transaction.atomic
def approve_submission(submission: Submission, *, who: RoundAccess, user, comment: str = "") -> None:
    """The plan owner approves everything still waiting, e.g. a unit that only answered the questions."""
    if not who.is_plan_owner:
        raise ActionRefused(_("Only the plan owner approves a whole submission."))
    _lock_submission(submission)
    if submission.state != SubmissionState.SUBMITTED:
        raise ActionRefused(_("Only a submitted submission can be approved."))
    now = timezone.now()
    for report in submission.measure_reports.exclude(review_state=ReviewState.APPROVED).select_related("measure"):
        report.review_state, report.reviewed_at, report.reviewed_by = ReviewState.APPROVED, now, user
        report.changed_since_review = False
        report.save(update_fields=["review_state", "reviewed_at", "reviewed_by", "changed_since_review"])
    submission.state = SubmissionState.APPROVED
    submission.save(update_fields=["state", "updated_at"])
    _record(submission, user, EventAction.APPROVED, comment=comment)
