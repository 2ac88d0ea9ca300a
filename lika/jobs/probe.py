"""`jobs.probe`: a job that waits, telling its progress, and does nothing else.

Queued from `lika shell` (`lika.jobs.enqueue("jobs.probe", kwargs={"seconds": 5})`) it shows
end to end that a worker takes jobs; the tests use it as a job that is under way long enough
to kill its worker.
"""

import time

from django.utils.translation import gettext as _

from .results import TextResult


def probe(*, progress, seconds: float = 0.0, steps: int = 10) -> TextResult:
    steps = max(1, int(steps))
    for step in range(1, steps + 1):
        time.sleep(max(0.0, float(seconds)) / steps)
        progress(100 * step // steps, _("Step %(step)s of %(steps)s") % {"step": step, "steps": steps})
    return TextResult(_("The worker ran the test job."))
