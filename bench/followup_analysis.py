"""Response time and query count of the follow-up analysis page, as the data grows.

Generates a municipality with 20 units, 17 measures, 3 examples per unit and
measure and 5 rounds (5,100 examples), and a small one (3 units, 17 measures,
1 example, 2 rounds), on a private SQLite database; then renders each one's
latest round's analysis (which also analyses the round before) in-process.

    .venv/bin/python bench/followup_analysis.py [--requests 20]
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIKA = ROOT / ".venv" / "bin" / "lika"

SCRIPT = """
import statistics, time
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
# As in Django's test runner: keep one connection, so every query is counted.
request_started.disconnect(close_old_connections)
request_finished.disconnect(close_old_connections)
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from lika.followup.synthetic import synthetic_municipality
from lika.organisations.models import Membership

t = time.perf_counter()
big_doc, big_rounds = synthetic_municipality(slug="stor", code="9901", units=20, measures=17, examples_per_report=3, rounds=5)
small_doc, small_rounds = synthetic_municipality(slug="liten", code="9902", units=3, measures=17, examples_per_report=1, rounds=2)
print(f"generated in {time.perf_counter() - t:.1f} s", flush=True)
results = {}
for name, doc, rounds in (("large", big_doc, big_rounds), ("small", small_doc, small_rounds)):
    user = User.objects.create_user(f"owner-{name}", password="x")
    Membership.objects.create(user=user, municipality=doc.municipality, role="plan_owner")
    client = Client()
    client.force_login(user)
    url = f"/followup/{rounds[-1].identifier}/analysis/"
    # Django empties the query log when a request starts: begin from an empty log.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as q:
        assert client.get(url, HTTP_HOST="127.0.0.1").status_code == 200
    query_count = len(q.captured_queries)  # read now: the log is emptied by the next request
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        client.get(url, HTTP_HOST="127.0.0.1")
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    from lika.followup.models import Example
    examples = Example.objects.filter(measure_report__submission__round__document=doc).count()
    print(f"RESULT\\t{name}\\t{examples}\\t{query_count}\\t{statistics.median(times):.1f}\\t{times[int(round(0.95 * (len(times) - 1)))]:.1f}", flush=True)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        env = {**os.environ, "LIKA_VAR_DIR": work, "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{work}/bench.sqlite3")}
        subprocess.run([str(LIKA), "migrate", "-v0"], env=env, check=True)
        out = subprocess.run(
            [str(LIKA), "shell", "-c", SCRIPT.replace("REQUESTS", str(args.requests))],
            env=env, check=True, capture_output=True, text=True,
        ).stdout
    rows = [line.split("\t")[1:] for line in out.splitlines() if line.startswith("RESULT")]
    print(f"{'municipality':<14} {'examples':>9} {'queries':>8} {'p50 ms':>8} {'p95 ms':>8}   (analysis page of the latest round, in-process)")
    for name, examples, queries, p50, p95 in rows:
        print(f"{name:<14} {examples:>9} {queries:>8} {p50:>8} {p95:>8}")
    queries = {name: int(q) for name, _e, q, _p50, _p95 in rows}
    constant = queries["large"] == queries["small"]
    print(f"\nqueries small vs large: {queries['small']} vs {queries['large']} -> {'constant' if constant else 'GROWS'}")
    return 0 if constant else 1


if __name__ == "__main__":
    sys.exit(main())
