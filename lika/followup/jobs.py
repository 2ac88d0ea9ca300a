"""Long work of the follow-up, run by the background worker (lika.jobs)."""

from django.core.mail import get_connection, send_mass_mail
from django.utils import timezone
from django.utils.translation import gettext as _

from lika.jobs.results import JobFailed, TextResult

from . import actions
from .models import FollowUpRound, RoundState


def send_due_reminders(*, progress) -> None:
    """The daily reminders: every open round's units that have not submitted, once, before the deadline."""
    rounds = list(FollowUpRound.objects.filter(state=RoundState.OPEN))
    today = timezone.localdate()
    for number, round_ in enumerate(rounds, start=1):
        units = actions.send_reminders(round_, today=today)
        progress(100 * number // len(rounds), f"{round_.identifier}: {len(units)}")


def send_round_opened_mail(*, round_id: int, progress) -> TextResult:
    """The e-mail to every reporter of a round just opened, in batches of 50 with progress."""
    round_ = FollowUpRound.objects.select_related("document").filter(pk=round_id).first()
    if round_ is None:
        raise JobFailed(_("The follow-up round no longer exists."))
    messages = actions.round_opened_messages(round_)
    batch = 50
    with get_connection() as connection:
        for start in range(0, len(messages), batch):
            send_mass_mail(messages[start : start + batch], fail_silently=False, connection=connection)
            sent = min(start + batch, len(messages))
            progress(100 * sent // len(messages), _("%(sent)s of %(count)s e-mails sent") % {"sent": sent, "count": len(messages)})
    return TextResult(_("%(count)s reporters were told by e-mail that %(round)s is open.") % {"count": len(messages), "round": round_.title})
