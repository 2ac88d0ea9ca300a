"""Print what a backup must keep, for the CI's backup and restore drill (.ci/run).

Row counts per table and the text of every `lika plan export` and
`lika followup export`, as JSON: the drill compares the output on the
database backed up with the output on the database restored.
"""

import io
import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lika.settings")

import django

django.setup()

from django.core.management import call_command

from lika.backup.data import counts
from lika.followup.models import FollowUpRound
from lika.plans.models import SteeringDocument


def exported(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


fingerprint = {
    "counts": counts(),
    "plans": {d: exported("plan", "export", d) for d in SteeringDocument.objects.values_list("identifier", flat=True)},
    "followup": {r: exported("followup", "export", r) for r in FollowUpRound.objects.values_list("identifier", flat=True)},
}
json.dump(fingerprint, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
