"""Long work of the follow-up, run by the background worker (lika.jobs)."""

from django.utils import timezone

from . import actions
from .models import FollowUpRound, RoundState


def send_due_reminders(*, progress) -> None:
    """The daily reminders: every open round's units that have not submitted, once, before the deadline."""
    rounds = list(FollowUpRound.objects.filter(state=RoundState.OPEN))
    today = timezone.localdate()
    for number, round_ in enumerate(rounds, start=1):
        units = actions.send_reminders(round_, today=today)
        progress(100 * number // len(rounds), f"{round_.identifier}: {len(units)}")
