"""Example bank search time over about 50,000 examples (target: p95 < 200 ms).

Generates a municipality with 60 units, 17 measures, 3 examples per unit and measure and 16
published rounds (48,960 examples) on a private SQLite database (or DATABASE_URL), indexes
them, then times searches of one and two words as the public page runs them, in-process.

    .venv/bin/python bench/example_search.py [--searches 60]
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIKA = ROOT / ".venv" / "bin" / "lika"

SCRIPT = """
import random, statistics, time
from lika.followup.synthetic import synthetic_municipality
from lika.followup.models import Example
from lika.examples.search import Filters, refresh, search

t = time.perf_counter()
doc, rounds = synthetic_municipality(slug="stor", code="9901", units=UNITS, measures=17, examples_per_report=3, rounds=ROUNDS)
from lika.followup.models import MeasureReport
MeasureReport.objects.update(review_state="approved")  # the public page shows approved examples only
print(f"generated {Example.objects.count()} examples in {time.perf_counter() - t:.0f} s", flush=True)
# Real wording: the 2023 follow-up's example texts, shuffled over the generated examples.
import yaml
from django.conf import settings
data = yaml.safe_load((settings.BASE_DIR / "demo" / "helsingborg-uppfoljning-2023.yaml").read_text(encoding="utf-8"))
texts = [(e.get("title", ""), e.get("what_was_done", "") or "", e.get("effects", "") or "", e.get("learning", "") or "")
         for u in data["submissions"] for m in u.get("measures", []) for e in m.get("examples", [])]
if not texts:
    texts = [(e.title, e.what_was_done, e.effects, e.learning) for e in Example.objects.all()[:1]]
rng0 = random.Random(0)
batch = []
for example in Example.objects.only("pk").iterator():
    example.title, example.what_was_done, example.effects, example.learning = rng0.choice(texts)
    batch.append(example)
    if len(batch) == 2000:
        Example.objects.bulk_update(batch, ["title", "what_was_done", "effects", "learning"]); batch = []
Example.objects.bulk_update(batch, ["title", "what_was_done", "effects", "learning"])
print(f"gave them the {len(texts)} texts of the 2023 follow-up", flush=True)
t = time.perf_counter()
indexed = refresh()
print(f"indexed {indexed} examples in {time.perf_counter() - t:.0f} s", flush=True)
words = sorted({w for e in Example.objects.order_by("?")[:300] for w in e.what_was_done.lower().split() if len(w) > 6 and w.isalpha()})
rng = random.Random(1)
queries = [rng.choice(words) for _ in range(SEARCHES // 2)] + [" ".join(rng.sample(words, 2)) for _ in range(SEARCHES // 2)]
times = []
hits = []
for query in queries:
    start = time.perf_counter()
    result = search(query, None, Filters(municipality=doc.municipality_id), public=True)
    times.append((time.perf_counter() - start) * 1000)
    hits.append(len(result.examples))
times.sort()
print(f"RESULT\\t{len(queries)}\\t{statistics.median(times):.1f}\\t{times[int(round(0.95 * (len(times) - 1)))]:.1f}\\t{statistics.median(hits)}", flush=True)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--searches", type=int, default=60)
    parser.add_argument("--units", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=16)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        env = {**os.environ, "LIKA_VAR_DIR": work, "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{work}/bench.sqlite3")}
        subprocess.run([str(LIKA), "migrate", "-v0"], env=env, check=True)
        script = SCRIPT.replace("SEARCHES", str(args.searches)).replace("UNITS", str(args.units)).replace("ROUNDS", str(args.rounds))
        out = subprocess.run([str(LIKA), "shell", "-c", script], env=env, check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        if not line.startswith("RESULT"):
            print(line)
    for line in out.splitlines():
        if line.startswith("RESULT"):
            _r, count, p50, p95, hits = line.split("\t")
            print(f"{count} searches: p50 {p50} ms, p95 {p95} ms (target < 200), median hits {hits}")
            return 0 if float(p95) < 200 else 1
    return 1


if __name__ == "__main__":
    sys.exit(main())
