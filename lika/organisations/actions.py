"""Changes to who is who: people and their roles in a municipality.

Every change goes through these actions: one transaction, the permission
checked (the plan owner of that municipality, a superuser, or IT at the
command line, `actor=None`), the model's own rules applied. The audit log
records the saves and deletes (lika.audit). A refused change raises
`ActionRefused` with a message for the person who tried.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from lika.core.editing import check_version, version_of
from lika.organisations.access import access_for
from lika.organisations.models import (
    ROLES_WITH_UNIT,
    Membership,
    Municipality,
    OrganisationUnit,
    Role,
)


class ActionRefused(Exception):
    """The change is not allowed; the message says why, for the user."""


def _check_may_manage(actor, municipality: Municipality) -> None:
    if actor is None:  # IT at the command line
        return
    access = access_for(actor)
    if not (access.is_superuser or access.is_plan_owner(municipality)):
        raise ActionRefused(
            _("Only the plan owner of %(name)s may change its people and roles.")
            % {"name": municipality}
        )


def _unit_for(
    municipality: Municipality, role: str, unit_key: str | None
) -> OrganisationUnit | None:
    if role not in Role.values:
        raise ActionRefused(_("Unknown role %(role)s.") % {"role": role})
    if role not in ROLES_WITH_UNIT:
        if unit_key:
            raise ActionRefused(
                _("The role %(role)s is not tied to a unit.")
                % {"role": Role(role).label}
            )
        return None
    if not unit_key:
        raise ActionRefused(
            _("Reporters, coordinators and case officers act for a unit.")
        )
    unit = OrganisationUnit.objects.filter(
        municipality=municipality, key=unit_key
    ).first()
    if unit is None:
        raise ActionRefused(
            _("%(name)s has no unit %(key)s.") % {"name": municipality, "key": unit_key}
        )
    return unit


def add_person(
    actor,
    municipality: Municipality,
    *,
    username: str,
    email: str,
    first_name="",
    last_name="",
):
    """A new person who signs in with single sign-on (matched by e-mail) or sets a password by reset."""
    _check_may_manage(actor, municipality)
    username, email = username.strip(), email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ActionRefused(
            _("%(email)s is not an e-mail address.") % {"email": email}
        ) from None
    User = get_user_model()
    if not username or User.objects.filter(username__iexact=username).exists():
        raise ActionRefused(
            _("The user name %(name)s is empty or taken.") % {"name": username}
        )
    if User.objects.filter(email__iexact=email).exists():
        raise ActionRefused(
            _("Someone in Lika already has the e-mail address %(email)s.")
            % {"email": email}
        )
    with transaction.atomic():
        user = User(
            username=username,
            email=email,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
        )
        user.set_unusable_password()
        user.save()
    return user


def assign_role(
    actor, person, municipality: Municipality, role: str, unit_key: str | None = None
) -> Membership:
    """Give `person` a role in `municipality` (for a unit where the role needs one)."""
    _check_may_manage(actor, municipality)
    unit = _unit_for(municipality, role, unit_key)
    if person.is_superuser and actor is not None and not access_for(actor).is_superuser:
        raise ActionRefused(_("Superusers' roles are changed by a superuser."))
    with transaction.atomic():
        membership = Membership(
            user=person, municipality=municipality, role=role, unit=unit
        )
        try:
            membership.full_clean(validate_constraints=False)
        except ValidationError as exc:
            raise ActionRefused(" ".join(exc.messages)) from None
        existing = Membership.objects.filter(
            user=person, municipality=municipality, role=role, unit=unit
        ).first()
        if existing is not None:
            return existing
        membership.save()
    return membership


def remove_role(actor, membership: Membership) -> None:
    _check_may_manage(actor, membership.municipality)
    if (
        actor is not None
        and membership.user_id == actor.pk
        and membership.role == Role.PLAN_OWNER
    ):
        raise ActionRefused(
            _("You cannot remove your own role as plan owner; ask another plan owner.")
        )
    with transaction.atomic():
        membership.delete()


def give_role(
    actor,
    municipality: Municipality,
    username: str,
    role: str,
    unit_key: str | None = None,
    **new_person,
):
    """Give a role to the person with this user name, adding the person first if there is none.

    `new_person` (email, first_name, last_name) is needed only for a new person.
    Nothing is saved if any part is refused.
    """
    _check_may_manage(actor, municipality)
    _unit_for(municipality, role, unit_key)
    person = (
        get_user_model().objects.filter(username__iexact=username.strip()).first()
        if username.strip()
        else None
    )
    with transaction.atomic():
        if person is None:
            if not new_person.get("email"):
                raise ActionRefused(
                    _(
                        "%(name)s is not in Lika yet: give an e-mail address to add them."
                    )
                    % {"name": username}
                )
            person = add_person(actor, municipality, username=username, **new_person)
        return assign_role(actor, person, municipality, role, unit_key)


def readability_targets_version(municipality: Municipality) -> str:
    """The version of the municipality's targets as their form reads them (lika.lib.versions)."""
    from lika.core.readability import targets_for

    return version_of(targets_for(municipality.pk))


def set_readability_targets(actor, municipality: Municipality, targets: dict[str, int], *, version: str | None = None) -> None:
    """The LIX the municipality's writers aim at, per kind of public text; all kinds or nothing.
    `version`: what the form was read at (None: no form); EditConflict if someone changed them since."""
    from lika.core.readability import targets_for
    from lika.lib.readability import TARGET_RANGE, TEXT_KINDS
    from lika.organisations.models import ReadabilityTarget

    if actor is not None:
        access = access_for(actor)
        if not (access.is_superuser or access.is_plan_owner(municipality)):
            raise ActionRefused(_("Only the plan owner of %(name)s may set its readability targets.") % {"name": municipality})
    low, high = TARGET_RANGE
    for kind, value in targets.items():
        if kind not in TEXT_KINDS:
            raise ActionRefused(_("Unknown kind of text %(kind)s.") % {"kind": kind})
        if not isinstance(value, int) or not low <= value <= high:
            raise ActionRefused(_("A target LIX is a whole number from %(low)s to %(high)s.") % {"low": low, "high": high})
    with transaction.atomic():
        Municipality.objects.select_for_update().filter(pk=municipality.pk).exists()
        targets = check_version(version, stored=targets_for(municipality.pk), submitted=targets)
        for kind, value in targets.items():
            ReadabilityTarget.objects.update_or_create(municipality=municipality, kind=kind, defaults={"target": value})


# Reported accessibility problems --------------------------------------------------------------

MAX_PROBLEM_TEXT = 5000  # characters


def report_problem(municipality: Municipality, *, description: str, page: str = "", name: str = "", email: str = "", language: str = "sv"):
    """A visitor reports an accessibility problem; the municipality's plan owners are told by e-mail."""
    from django.conf import settings
    from django.core.mail import send_mass_mail
    from django.urls import reverse

    from lika.organisations.models import ProblemReport

    description = description.strip()
    if not description:
        raise ActionRefused(_("Describe the problem."))
    if len(description) > MAX_PROBLEM_TEXT:
        raise ActionRefused(_("Describe the problem in at most %(count)s characters.") % {"count": MAX_PROBLEM_TEXT})
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ActionRefused(_("Enter a valid e-mail address, or leave it empty.")) from None
    with transaction.atomic():
        report = ProblemReport.objects.create(
            municipality=municipality, description=description, page=page.strip()[:500], name=name.strip()[:200],
            email=email.strip(), language=language,
        )
    owners = Membership.objects.filter(municipality=municipality, role=Role.PLAN_OWNER).exclude(user__email="")
    subject = _("Lika: an accessibility problem was reported")
    body = _("Someone reported an accessibility problem in Lika. Read and answer it here: %(url)s") % {
        "url": settings.LIKA_SITE_URL.rstrip("/") + reverse("problem-reports")
    }
    messages = [(subject, body, None, [member.user.email]) for member in owners.select_related("user")]
    if messages:
        send_mass_mail(messages, fail_silently=True)
    return report


def answer_problem(actor, report, *, answer: str) -> None:
    """The plan owner answers a reported problem; the answer is kept and sent to the reporter if they gave an address."""
    from django.core.mail import send_mail
    from django.utils import timezone

    from lika.organisations.models import ProblemReport

    access = access_for(actor)
    if not (access.is_superuser or access.is_plan_owner(report.municipality_id)):
        raise ActionRefused(_("Only the plan owner may answer reported problems."))
    answer = answer.strip()
    if not answer:
        raise ActionRefused(_("Write an answer."))
    with transaction.atomic():
        report = ProblemReport.objects.select_for_update().get(pk=report.pk)
        report.answer, report.answered_at, report.answered_by = answer, timezone.now(), actor
        report.save(update_fields=["answer", "answered_at", "answered_by"])
    if report.email:
        send_mail(_("Answer about the accessibility of Lika"), answer, None, [report.email], fail_silently=True)
