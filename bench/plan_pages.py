"""Response times and query counts of the plan pages.

Serves the demo (plus a generated plan of 200 measures × 60 units) with
`lika serve` on a private SQLite database and requests each page repeatedly
over HTTP; query counts come from the same pages rendered in-process.

    .venv/bin/python bench/plan_pages.py [--requests 40]
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIKA = ROOT / ".venv" / "bin" / "lika"

PAGES = {
    "tree (EOP)": "/helsingborg/documents/helsingborg-lika-mojligheter-2022/",
    "node (measure 6)": "/helsingborg/documents/helsingborg-lika-mojligheter-2022/nodes/6/",
    "unit (social services)": "/helsingborg/units/socialforvaltningen/",
    "matrix (EOP)": "/helsingborg/documents/helsingborg-lika-mojligheter-2022/matrix/",
    "tree (200×60)": "/synthetic/documents/large/",
    "node (200×60)": "/synthetic/documents/large/nodes/100/",
    "unit (200×60)": "/synthetic/units/unit-001/",
    "matrix (10×6)": "/synthetic/documents/small/matrix/",
    "matrix (200×60)": "/synthetic/documents/large/matrix/",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(env) -> None:
    subprocess.run([str(LIKA), "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    script = (
        "from lika.plans.importing import import_plan\n"
        "from lika.plans.synthetic import synthetic_plan\n"
        "import_plan(synthetic_plan(measures=10, units=6, identifier='small'), 'small')\n"
        "import_plan(synthetic_plan(measures=200, units=60, identifier='large'), 'large')\n"
    )
    subprocess.run([str(LIKA), "shell", "-c", script], env=env, check=True)


def query_counts(env) -> dict[str, int]:
    script = (
        "from django.core.signals import request_finished, request_started\n"
        "from django.db import close_old_connections\n"
        "request_started.disconnect(close_old_connections)\n"
        "request_finished.disconnect(close_old_connections)\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "from django.db import connection\n"
        f"pages = {PAGES!r}\n"
        "client = Client()\n"
        "for name, url in pages.items():\n"
        "    connection.queries_log.clear()  # Django empties it when a request starts\n"
        "    with CaptureQueriesContext(connection) as q:\n"
        "        assert client.get(url, HTTP_HOST='127.0.0.1').status_code == 200, url\n"
        "    print(f'{name}\\t{len(q.captured_queries)}')\n"
    )
    out = subprocess.run([str(LIKA), "shell", "-c", script], env=env, check=True, capture_output=True, text=True).stdout
    return {name: int(count) for name, count in (line.split("\t") for line in out.strip().splitlines() if "\t" in line)}


def timings(base: str, url: str, requests: int) -> list[float]:
    urllib.request.urlopen(base + url).read()  # warm up
    result = []
    for _ in range(requests):
        start = time.perf_counter()
        with urllib.request.urlopen(base + url) as response:
            response.read()
        result.append((time.perf_counter() - start) * 1000)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        env = {**os.environ, "LIKA_VAR_DIR": work, "DATABASE_URL": f"sqlite:///{work}/bench.sqlite3"}
        print("preparing the demo and the generated plans ...", file=sys.stderr)
        prepare(env)
        counts = query_counts(env)
        port = free_port()
        server = subprocess.Popen(
            [str(LIKA), "serve", "--port", str(port), "--noreload"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(50):
                try:
                    urllib.request.urlopen(base + "/").read()
                    break
                except OSError:
                    time.sleep(0.2)
            print(f"{'page':<24} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}   ({args.requests} requests each, lika serve, SQLite)")
            for name, url in PAGES.items():
                values = sorted(timings(base, url, args.requests))
                p50 = statistics.median(values)
                p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
                print(f"{name:<24} {p50:8.1f} {p95:8.1f} {counts[name]:8d}")
        finally:
            server.terminate()
            server.wait(timeout=10)
    same = counts["matrix (10×6)"] == counts["matrix (200×60)"]
    print(f"\nmatrix queries 10×6 vs 200×60: {counts['matrix (10×6)']} vs {counts['matrix (200×60)']} -> {'constant' if same else 'GROWS'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
