"""Time and peak memory to produce the follow-up report as DOCX and PDF.

Two rounds: the 2023 demo round (39 examples) and a generated round of 1,020
examples (20 units × 17 measures × 3, each about 120 words, all approved), on
a private SQLite database. Each report is made in a fresh process, so the peak
resident memory printed is that of one `lika report` run, Django included.
Targets on 2 cores: the demo round under 10 s for both formats; 1,000 examples
under 60 s and under 1 GB.

    .venv/bin/python bench/report.py
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIKA = ROOT / ".venv" / "bin" / "lika"

GENERATE = """
from lika.followup.models import Example, MeasureReport
from lika.followup.synthetic import synthetic_municipality
document, rounds = synthetic_municipality(slug="stor", code="9901", units=20, measures=17, examples_per_report=3, rounds=1)
MeasureReport.objects.filter(submission__round=rounds[0]).update(review_state="approved")
text = " ".join(["Förvaltningen har genomfört dialoger med invånare i flera stadsdelar för att nå fler grupper."] * 8)
Example.objects.filter(measure_report__submission__round=rounds[0]).update(what_was_done=text, effects=text[:400], learning=text[:200])
print(rounds[0].identifier)
"""

RENDER = """
import resource, time
from lika.followup.models import FollowUpRound
from lika.reports.report_data import render
round_ = FollowUpRound.objects.get(identifier=ROUND)
start = time.perf_counter()
content = render(round_, FORMAT, "sv")
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"RESULT\\t{elapsed:.2f}\\t{peak:.0f}\\t{len(content) / 1024:.0f}")
"""

TARGETS = {"helsingborg-lika-2023": (10, None), "stor-2016": (60, 1024)}


def main() -> int:
    with tempfile.TemporaryDirectory() as work:
        env = {**os.environ, "LIKA_VAR_DIR": work, "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{work}/bench.sqlite3")}
        subprocess.run([str(LIKA), "demo"], env=env, check=True, capture_output=True)
        subprocess.run([str(LIKA), "shell", "-c", GENERATE], env=env, check=True, capture_output=True)
        print(f"{'round':<24} {'format':<6} {'seconds':>8} {'peak MB':>8} {'size kB':>8}   target")
        failed = False
        for round_identifier, (seconds, megabytes) in TARGETS.items():
            for file_format in ("docx", "pdf"):
                script = RENDER.replace("ROUND", repr(round_identifier)).replace("FORMAT", repr(file_format))
                out = subprocess.run([str(LIKA), "shell", "-c", script], env=env, check=True, capture_output=True, text=True).stdout
                elapsed, peak, size = next(line for line in out.splitlines() if line.startswith("RESULT")).split("\t")[1:]
                ok = float(elapsed) < seconds and (megabytes is None or float(peak) < megabytes)
                failed |= not ok
                target = f"< {seconds} s" + (f", < {megabytes} MB" if megabytes else "")
                print(f"{round_identifier:<24} {file_format:<6} {elapsed:>8} {peak:>8} {size:>8}   {target} {'ok' if ok else 'MISSED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
