"""A pause point for the crash tests only (tests/test_crash_safety.py).

`pause_for_crash_test("plan-import")` does nothing unless the environment
variable LIKA_TEST_PAUSE_AT names that point: then it writes the point's name
to the file LIKA_TEST_PAUSE_FILE and sleeps, so that a test can kill the
process (SIGKILL) in the middle of its work, inside the open transaction, and
check that nothing of it was written. Never set these variables in production.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

PAUSE_AT = "LIKA_TEST_PAUSE_AT"
PAUSE_FILE = "LIKA_TEST_PAUSE_FILE"


def pause_for_crash_test(point: str, *, seconds: float = 120) -> None:
    if os.environ.get(PAUSE_AT) != point:
        return
    marker = os.environ.get(PAUSE_FILE)
    if marker:
        Path(marker).write_text(point, encoding="utf-8")
    time.sleep(seconds)
