"""Load test: the production server on the demo data, with concurrent users of four kinds.

Starts `lika serve --production` on the database in DATABASE_URL (PostgreSQL,
loaded with `lika demo` first; the run adds examples and history to it), then
for each number of concurrent users runs a closed loop for --seconds (each user
waits a random think time between its requests with --think 1,3, as a person
reading the page would; without pauses by default) and prints, per kind of request, the requests per second, the 50th,
95th and 99th percentile of the response time and the errors. The users are
mixed: half anonymous readers of the public pages, a quarter reporters saving an
example (GET the form, POST it), the coordinator reading the round and a
report, the plan owner reading the round's analysis. After the run it counts in
the database that every save that was answered as saved is in the history.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lika_load \\
        .venv/bin/python bench/load.py [--users 10,50,100] [--seconds 30] [--think MIN,MAX] [--workers N] [--port 9135]

Client and server share the machine: the figures are for both together; each
level also prints the CPU time per request of the web server's processes, the
database's (every PostgreSQL process on the machine) and the load client. At
the end it prints the run as Markdown tables, ready to paste into
docs/load.md, and checks the targets (50 users: p95 of every page under
300 ms, no errors, no lost writes). A smoke run that only shows the script
works: `--users 10 --seconds 20`.
"""

import argparse
import http.client
import os
import random
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIKA = str(ROOT / ".venv" / "bin" / "lika")
ROUND = "helsingborg-lika-2025"
EOP = "/helsingborg/documents/helsingborg-lika-mojligheter-2022"
PUBLIC_PAGES = {
    "anonymous: documents": "/helsingborg/",
    "anonymous: plan tree": EOP + "/",
    "anonymous: measure page": EOP + "/nodes/6/",
    "anonymous: reports list": "/helsingborg/reports/",
    "anonymous: 2023 report page": "/helsingborg/reports/helsingborg-lika-2023/",
}
REPORTERS = {"hbg-kultur": "kulturforvaltningen", "hbg-soc": "socialforvaltningen"}
PASSWORD = "lika-demo"
RUN = secrets.token_hex(3)


@dataclass
class Session:
    port: int
    cookies: dict = field(default_factory=dict)

    def request(self, method, path, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            body = urllib.parse.urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = cookie.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
            return response.status, response.headers, content.decode("utf-8", "replace")
        finally:
            connection.close()

    def csrf(self, page):
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def login(self, username):
        _status, _headers, page = self.request("GET", "/accounts/login/")
        form = {"csrfmiddlewaretoken": self.csrf(page), "login": username, "password": PASSWORD}
        status, _headers, _page = self.request("POST", "/accounts/login/", form)
        assert status == 302, f"login of {username} failed ({status})"
        return self


def example_urls(session, unit, wanted):
    """WANTED example forms of the reporter's unit in the open round (one per virtual reporter), added where missing."""
    base = f"/followup/{ROUND}/units/{unit}/"
    status, _headers, page = session.request("GET", base)
    assert status == 200, f"{base}: {status}"
    if f'action="{base}start/"' in page:
        session.request("POST", base + "start/", {"csrfmiddlewaretoken": session.csrf(page)})
        page = session.request("GET", base)[2]
    urls = []
    for code in sorted(set(re.findall(re.escape(base) + r"measures/([^/]+)/", page))):
        report = f"{base}measures/{code}/"
        found = examples_on(session, report)
        while len(urls) + len(found) < wanted and add_example(session, report):
            found = examples_on(session, report)
        urls += found
        if len(urls) >= wanted:
            return urls[:wanted]
    assert urls, f"no example to edit for {unit}"
    return urls


def examples_on(session, report):
    page = session.request("GET", report)[2]
    return [f"{report}examples/{pk}/" for pk in sorted(set(re.findall(re.escape(report) + r"examples/(\d+)/(?!delete|attach)", page)))]


def add_example(session, report):
    """Add an example; False when the measure takes no more."""
    status, _headers, form_page = session.request("GET", report + "examples/new/")
    if status != 200:
        return False
    status, _headers, _answer = session.request("POST", report + "examples/new/", example_form(form_page, session, "start"))
    return status == 302


def example_form(page, session, label):
    version = re.search(r'name="version" value="([^"]*)"', page)
    return {
        "csrfmiddlewaretoken": session.csrf(page),
        "version": version.group(1) if version else "",
        "title": f"Lasttest {RUN} {label}",
        "what_was_done": "Vi höll samtalscaféer med äldre om digital delaktighet.",
        "effects": "Fler deltog.",
        "effects_kind": "observed",
        "learning": "Korta träffar fungerade bäst.",
    }


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = defaultdict(list)
        self.errors = defaultdict(int)
        self.saved = 0
        self.conflicts = 0
        self.cpu = {}  # CPU seconds the level took: server, database, load client

    def record(self, kind, seconds, ok):
        with self.lock:
            self.times[kind].append(seconds)
            if not ok:
                self.errors[kind] += 1


def is_conflict(status, page):
    """A save refused because another user saved the same example first: the user is told, nothing is written."""
    return status == 200 and 'name="version"' in page and "conflict" in page


def timed(results, kind, session, method, path, body=None, expect=200):
    start = time.perf_counter()
    try:
        status, _headers, page = session.request(method, path, body)
    except (OSError, http.client.HTTPException):
        results.record(kind, time.perf_counter() - start, False)
        return None, ""
    results.record(kind, time.perf_counter() - start, status == expect or is_conflict(status, page))
    return status, page


def reporter_step(results, session, url, label):
    status, page = timed(results, "reporter: open example", session, "GET", url)
    if status != 200:
        return
    status, answer = timed(results, "reporter: save example", session, "POST", url, example_form(page, session, label), expect=302)
    with results.lock:
        if status == 302:
            results.saved += 1
        elif is_conflict(status, answer):
            results.conflicts += 1


THINK = (0.0, 0.0)  # seconds a user waits between requests, from --think


def user_loop(kind, number, sessions, examples, results, stop):
    step, pause = 0, random.Random(number)
    while not stop.is_set():
        if step and THINK[1]:
            stop.wait(pause.uniform(*THINK))
            if stop.is_set():
                break
        step += 1
        if kind == "anonymous":
            label, path = list(PUBLIC_PAGES.items())[(number + step) % len(PUBLIC_PAGES)]
            timed(results, label, sessions["anonymous"], "GET", path)
        elif kind == "reporter":
            ordinal = sum(kind_of(other) == "reporter" for other in range(number))
            username = list(REPORTERS)[ordinal % len(REPORTERS)]
            urls = examples[username]
            reporter_step(results, sessions[username], urls[(ordinal // len(REPORTERS)) % len(urls)], f"{number}-{step}")
        elif kind == "coordinator":
            path = f"/followup/{ROUND}/" if step % 2 else examples["review"]
            timed(results, "coordinator: round and review", sessions["hbg-samordnare"], "GET", path)
        else:
            timed(results, "plan owner: analysis", sessions["hbg-agare"], "GET", f"/followup/{ROUND}/analysis/")


# Of every 20 users: 10 anonymous, 5 reporters, 3 coordinators, 2 plan owners, mixed from the first on.
MIX = "ARACARPAARACARAPARCA"
KINDS = {"A": "anonymous", "R": "reporter", "C": "coordinator", "P": "plan owner"}


def kind_of(number):
    return KINDS[MIX[number % len(MIX)]]


def _proc_cpu(wanted) -> float:
    """CPU seconds (own and reaped children's) of the processes for which wanted(name, session) is
    true, from /proc (Linux); 0 elsewhere."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended meanwhile
            continue
        name, rest = text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2 :].split()
        if wanted(name, int(rest[3])):
            total += sum(int(value) for value in rest[11:15]) / tick
    return total


def cpu_now(server_session: int) -> dict:
    """CPU seconds used so far by the web server's processes, the database's, and this load client."""
    client = os.times()
    return {
        "server": _proc_cpu(lambda _name, session: session == server_session),
        "database": _proc_cpu(lambda name, _session: name.startswith("postgres")),
        "client": client.user + client.system,
    }


def run_level(users, seconds, sessions, examples):
    results, stop = Results(), threading.Event()
    threads = [
        threading.Thread(target=user_loop, args=(kind_of(n), n, sessions, examples, results, stop), daemon=True)
        for n in range(users)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=180)
    return results, time.perf_counter() - start


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def print_level(users, results, elapsed):
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"\n{users} concurrent users, {elapsed:.0f} s (machine load average after: {load})")
    print(f"  {'request':32} {'count':>6} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    total = 0
    for kind in sorted(results.times):
        times = results.times[kind]
        total += len(times)
        print(
            f"  {kind:32} {len(times):6} {len(times) / elapsed:7.1f} {percentile(times, 0.5):8.0f} "
            f"{percentile(times, 0.95):8.0f} {percentile(times, 0.99):8.0f} {results.errors[kind]:7}"
        )
    print(f"  {'all':32} {total:6} {total / elapsed:7.1f}   saves answered as saved: {results.saved}, refused as stale: {results.conflicts}")
    if results.cpu and total:
        print("  CPU per request: " + ", ".join(f"{who} {seconds * 1000 / total:.1f} ms" for who, seconds in results.cpu.items()))


def markdown(run_levels, saved, stored, cores, load_before) -> str:
    """The run as the tables of docs/load.md."""
    lines = [
        f"## {time.strftime('%Y-%m-%d')}, {cores} cores, run {RUN}",
        "",
        f"Load average before the run: {load_before}. "
        + (f"Each user waits {THINK[0]:g}–{THINK[1]:g} s between requests." if THINK[1] else "Users send their next request at once (no think time)."),
        "",
        "| users | requests/s | p50 | p95 | p99 | errors | CPU per request: server / database / load client | load average after |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for users, results, elapsed, load_after in run_levels:
        times = [t for kind in results.times for t in results.times[kind]]
        if not times:
            continue
        lines.append(
            f"| {users} | {len(times) / elapsed:.1f} | {_ms(percentile(times, 0.5))} | {_ms(percentile(times, 0.95))} "
            f"| {_ms(percentile(times, 0.99))} | {sum(results.errors.values())} "
            f"| {' / '.join(f'{seconds * 1000 / len(times):.1f}' for seconds in results.cpu.values())} ms | {load_after} |"
        )
    lines += ["", f"Writes: {saved} saves answered as saved, {stored} found in the history.", ""]
    kinds = sorted({kind for _u, results, _e, _l in run_levels for kind in results.times})
    lines += ["Per kind of request (p50 / p95 ms, errors):", ""]
    lines.append("| request | " + " | ".join(f"{users} users" for users, *_ in run_levels) + " |")
    lines.append("| --- |" + " --- |" * len(run_levels))
    for kind in kinds:
        cells = []
        for _users, results, _elapsed, _load in run_levels:
            times = results.times.get(kind)
            cells.append(f"{percentile(times, 0.5):.0f} / {percentile(times, 0.95):.0f}, {results.errors[kind]}" if times else "")
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _ms(milliseconds: float) -> str:
    return f"{milliseconds:.0f} ms" if milliseconds < 1000 else f"{milliseconds / 1000:.1f} s"


def targets(run_levels, saved, stored) -> list[str]:
    """The issue's targets, checked on the level of 50 users (when it ran)."""
    checks = [f"no lost writes: {'ok' if saved == stored else 'MISSED'} ({saved} saved, {stored} found)"]
    for users, results, _elapsed, _load in run_levels:
        if users != 50:
            continue
        pages = [t for kind in results.times if not kind.startswith("reporter: save") for t in results.times[kind]]
        p95 = percentile(pages, 0.95) if pages else float("nan")
        errors = sum(results.errors.values())
        checks.append(f"50 users, pages p95 {p95:.0f} ms (target < 300 ms): {'ok' if p95 < 300 else 'MISSED'}")
        checks.append(f"50 users, errors {errors} (target 0): {'ok' if errors == 0 else 'MISSED'}")
    return checks


def saved_in_history(env):
    """How many saves of this run are in the submissions' history."""
    code = (
        "from lika.followup.models import SubmissionEvent as E; "
        f"print(E.objects.filter(comment__startswith='Lasttest {RUN} ', action='example_changed').count())"
    )
    done = subprocess.run([LIKA, "shell", "-c", code], env=env, capture_output=True, text=True, check=True)
    return int(done.stdout.strip().splitlines()[-1])


def start_server(env, port, workers):
    command = [LIKA, "serve", "--production", "--port", str(port)] + (["--workers", str(workers)] if workers else [])
    log = open(Path(env["LIKA_VAR_DIR"]) / "server.log", "w")  # noqa: SIM115 (open while the server runs)
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    health = "no answer"
    for _ in range(1200):
        try:
            status, _headers, health = Session(port).request("GET", "/healthz")
            if status == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            sys.exit(f"the server stopped: see {log.name}")
        time.sleep(0.5)
    server.terminate()
    sys.exit(f"the server's /healthz was not green within 10 minutes ({health.strip()}): see {log.name}")


def prepare(port, users):
    sessions = {"anonymous": Session(port)}
    for username in [*REPORTERS, "hbg-samordnare", "hbg-agare"]:
        sessions[username] = Session(port).login(username)
    reporters = sum(kind_of(n) == "reporter" for n in range(users))
    wanted = -(-reporters // len(REPORTERS))
    examples = {username: example_urls(sessions[username], unit, wanted) for username, unit in REPORTERS.items()}
    round_page = sessions["hbg-samordnare"].request("GET", f"/followup/{ROUND}/")[2]
    reports = re.findall(rf"/followup/{ROUND}/units/[^/]+/measures/[^/]+/", round_page)
    examples["review"] = reports[0] if reports else f"/followup/{ROUND}/"
    return sessions, examples


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", default="10,50,100")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--think", default="0,0", help="MIN,MAX seconds each user waits between requests (default 0,0: none)")
    parser.add_argument("--workers", type=int, help="web processes (default: the server's own default)")
    parser.add_argument("--port", type=int, default=9135)
    parser.add_argument("--var-dir", help="the server's folder (static files, log); default: a folder per port in the temp folder")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("set DATABASE_URL to a PostgreSQL database for the run (it is loaded with the demo), e.g. postgres://postgres@127.0.0.1:5432/lika_load")
    if args.seconds < 1 or not re.fullmatch(r"\d+(,\d+)*", args.users):
        sys.exit("--users is a list of numbers such as 10,50,100 and --seconds at least 1")
    if not re.fullmatch(r"\d+(\.\d+)?,\d+(\.\d+)?", args.think) or float(args.think.split(",")[0]) > float(args.think.split(",")[1]):
        sys.exit("--think is MIN,MAX in seconds, such as 1,3 (MIN not above MAX)")
    global THINK
    THINK = tuple(float(part) for part in args.think.split(","))
    # Kept between runs, so the next run need not compress the static files again.
    var_dir = args.var_dir or os.path.join(tempfile.gettempdir(), f"lika-load-{args.port}")
    os.makedirs(var_dir, exist_ok=True)
    env = {**os.environ, "LIKA_VAR_DIR": var_dir, "LIKA_SECRET_KEY": secrets.token_urlsafe(50), "LIKA_ALLOWED_HOSTS": "127.0.0.1"}
    env["LIKA_MFA_REQUIRED_ROLES"] = ""  # the demo plan owner signs in with the password alone
    subprocess.run([LIKA, "migrate", "-v0"], env=env, check=True)
    subprocess.run([LIKA, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    server = start_server(env, args.port, args.workers)
    try:
        levels = [int(n) for n in args.users.split(",")]
        sessions, examples = prepare(args.port, max(levels))
        load_before = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(f"run {RUN}: {os.cpu_count()} cores, load average before: {load_before}; server log in {var_dir}/server.log")
        saved, run_levels = 0, []
        for users in levels:
            before = cpu_now(server.pid)
            results, elapsed = run_level(users, args.seconds, sessions, examples)
            results.cpu = {who: seconds - before[who] for who, seconds in cpu_now(server.pid).items()}
            print_level(users, results, elapsed)
            run_levels.append((users, results, elapsed, ", ".join(f"{value:.1f}" for value in os.getloadavg())))
            saved += results.saved
    finally:
        server.terminate()
        server.wait(timeout=60)
    stored = saved_in_history(env)
    print(f"\nwrites: {saved} saves answered as saved, {stored} in the history: {'none lost' if stored == saved else 'LOST WRITES'}")
    print("\n" + "\n".join(targets(run_levels, saved, stored)))
    print("\n--- for docs/load.md ---\n")
    print(markdown(run_levels, saved, stored, os.cpu_count(), load_before))
    sys.exit(0 if stored == saved else 1)


if __name__ == "__main__":
    main()
