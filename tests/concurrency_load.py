"""Simultaneous saves against a running Lika with the demo data, as several users at once.

Used by tests/test_concurrency_live.py and by the CI step "concurrency check"
(`python tests/concurrency_load.py http://127.0.0.1:PORT`). Standard library
only, so it runs against any server. Every scenario fires its requests at the
same moment (a barrier releases the threads together) and checks what a user
would notice: no error page (500) and no lost text.

Scenarios, on the open demo round, as hbg-kultur in four signed-in browsers
with several tabs each:
- saves: N sessions each add an example at the same moment; all land.
- cap: 8 sessions add an example to the same measure at once; the measure ends
  with exactly the round's maximum, the others are told the rule.
- conflict: two tabs save the same example at once from the same version; one
  lands, the other gets the conflict page with its text kept.
- submit: two tabs hand in the submission at once; it is handed in once.
"""

from __future__ import annotations

import html
import http.client
import http.cookiejar
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

ROUND = "helsingborg-lika-2025"
UNIT = "kulturforvaltningen"
USER, PASSWORD = "hbg-kultur", "lika-demo"
BROWSERS = 4
CAP_MESSAGE = re.compile(r"at most \d+ examples per measure|högst \d+ exempel per åtgärd")


class Failed(AssertionError):
    pass


@dataclass
class Answer:
    status: int
    body: str
    location: str


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Session:
    """One browser: its own cookies, its own CSRF token."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def _open(self, request) -> Answer:
        try:
            with self.opener.open(request, timeout=60) as response:
                return Answer(response.status, response.read().decode("utf-8", "replace"), "")
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.read().decode("utf-8", "replace"), error.headers.get("Location", ""))

    def get(self, path: str) -> Answer:
        return self._open(urllib.request.Request(self.base + path, headers={"Accept-Language": "en"}))

    def post(self, path: str, data: dict) -> Answer:
        token = next((c.value for c in self.jar if c.name == "csrftoken"), "")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True).encode()
        headers = {"Accept-Language": "en", "Content-Type": "application/x-www-form-urlencoded", "Referer": self.base + path}
        return self._open(urllib.request.Request(self.base + path, data=body, headers=headers))

    def tab(self) -> Session:
        """Another tab of this browser: the same cookies, from now on its own."""
        other = Session(self.base)
        for cookie in self.jar:
            other.jar.set_cookie(cookie)
        return other

    def login(self) -> None:
        self.get("/accounts/login/")
        answer = self.post("/accounts/login/", {"login": USER, "password": PASSWORD})
        if answer.status != 302:
            raise Failed(f"login as {USER} answered {answer.status}")


def form_fields(page: str) -> dict:
    """The values of a form as the browser would send them back."""
    data: dict = {}
    for tag in re.findall(r"<input [^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if not name or name.group(1) == "csrfmiddlewaretoken":
            continue
        kind = (re.search(r'type="([^"]+)"', tag) or [None, "text"])[1]
        if kind in ("checkbox", "radio") and "checked" not in tag:
            continue
        if kind == "file":
            continue
        default = "on" if kind in ("checkbox", "radio") else ""
        data.setdefault(name.group(1), []).append(html.unescape(value.group(1)) if value else default)
    for name, text in re.findall(r'<textarea [^>]*?name="([^"]+)"[^>]*>\n?(.*?)</textarea>', page, re.DOTALL):
        data[name] = [html.unescape(text)]
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', page, re.DOTALL):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = [chosen.group(1) if chosen else ""]
    return data


def at_once(jobs) -> list:
    """Run the callables at the same moment, one thread each; their results in order."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(i, job):
        barrier.wait()
        try:
            results[i] = job()
        except (OSError, http.client.HTTPException) as error:  # a dropped connection: report it, do not hide it
            results[i] = error

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _unit_path() -> str:
    return f"/followup/{ROUND}/units/{UNIT}/"


def measures_with_room(session: Session) -> dict[str, int]:
    """Measure code -> examples it may still take, read from the unit's pages."""
    page = session.get(_unit_path()).body
    codes = sorted(set(re.findall(rf"/followup/{ROUND}/units/{UNIT}/measures/([^/\"]+)/\"", page)))
    room = {}
    for code in codes:
        text = session.get(f"{_unit_path()}measures/{code}/").body
        found = re.search(r"\((\d+) (?:of at most|av högst) (\d+)\)", text)
        if found:
            room[code] = int(found.group(2)) - int(found.group(1))
    return room


def _new_example(session: Session, code: str, title: str) -> Answer:
    return session.post(
        f"{_unit_path()}measures/{code}/examples/new/",
        {"title": title, "what_was_done": f"Text skriven samtidigt: {title}."},
    )


def _check_no_errors(name: str, answers: list) -> None:
    errors = [a if isinstance(a, Exception) else a.status for a in answers if isinstance(a, Exception) or a.status >= 500]
    if errors:
        raise Failed(f"{name}: {len(errors)} of {len(answers)} requests failed: {errors[:5]}")


def scenario_saves(sessions: list[Session], room: dict[str, int]) -> str:
    slots = [code for code, free in room.items() for _ in range(free)]
    if len(slots) < len(sessions):
        raise Failed(f"saves: the demo round has room for {len(slots)} examples, {len(sessions)} needed")
    stamp = int(time.time())
    titles = [f"Samtidig {stamp}-{i}" for i in range(len(sessions))]
    answers = at_once([lambda s=s, c=slots[i], t=titles[i]: _new_example(s, c, t) for i, s in enumerate(sessions)])
    _check_no_errors("saves", answers)
    refused = [a.status for a in answers if a.status != 302]
    if refused:
        raise Failed(f"saves: {len(refused)} of {len(answers)} saves were not accepted: {refused}")
    landed = {t for code in set(slots[: len(sessions)]) for t in titles if t in sessions[0].get(f"{_unit_path()}measures/{code}/").body}
    lost = [t for t in titles if t not in landed]
    if lost:
        raise Failed(f"saves: {len(lost)} examples were accepted but are not stored: {lost}")
    return f"saves: {len(sessions)} simultaneous new examples, all stored"


def scenario_reads_after_saves(sessions: list[Session], codes: list[str]) -> str:
    """Everyone opens the example form at once right after the saves: each form looks up similar
    examples, so each request finds the new examples not yet in the example bank's index."""
    answers = at_once([lambda s=s, c=codes[i % len(codes)]: s.get(f"{_unit_path()}measures/{c}/examples/new/") for i, s in enumerate(sessions)])
    _check_no_errors("reads", answers)
    slow = [a.status for a in answers if a.status != 200]
    if slow:
        raise Failed(f"reads: {len(slow)} of {len(answers)} example forms did not open: {slow}")
    return f"reads: {len(sessions)} example forms opened at once just after the saves"


def room_on(session: Session, code: str) -> int:
    text = session.get(f"{_unit_path()}measures/{code}/").body
    found = re.search(r"\((\d+) (?:of at most|av högst) (\d+)\)", text)
    return int(found.group(2)) - int(found.group(1))


def scenario_cap(sessions: list[Session], code: str) -> str:
    free = room_on(sessions[0], code)
    racers = sessions[:8]
    answers = at_once([lambda s=s, i=i: _new_example(s, code, f"Kapplöpning {i}") for i, s in enumerate(racers)])
    _check_no_errors("cap", answers)
    accepted = sum(1 for a in answers if a.status == 302)
    told = sum(1 for a in answers if a.status == 200 and CAP_MESSAGE.search(a.body))
    after = room_on(sessions[0], code)
    if accepted != free or told != len(racers) - free or after != 0:
        raise Failed(f"cap: measure {code} had room for {free}; {accepted} accepted, {told} told the rule, room after {after}")
    return f"cap: {len(racers)} simultaneous adds on measure {code} with room for {free}: {accepted} stored, {told} told the rule"


def scenario_conflict(sessions: list[Session], code: str) -> str:
    page = sessions[0].get(f"{_unit_path()}measures/{code}/").body
    pk = re.search(rf"measures/{re.escape(code)}/examples/(\d+)/\"", page).group(1)
    url = f"{_unit_path()}measures/{code}/examples/{pk}/"
    tab_a, tab_b = sessions[0], sessions[1]
    form_a, form_b = form_fields(tab_a.get(url).body), form_fields(tab_b.get(url).body)
    mine = {"a": "Flik A skrev detta.", "b": "Flik B skrev detta."}
    answers = at_once([
        lambda: tab_a.post(url, {**form_a, "what_was_done": [mine["a"]]}),
        lambda: tab_b.post(url, {**form_b, "what_was_done": [mine["b"]]}),
    ])
    _check_no_errors("conflict", answers)
    statuses = sorted(a.status for a in answers)
    if statuses != [200, 302]:
        raise Failed(f"conflict: expected one save and one conflict page, got {statuses}")
    loser = next(a for a in answers if a.status == 200)
    if not (mine["a"] in loser.body and mine["b"] in loser.body):
        raise Failed("conflict: the conflict page does not show both texts")
    return "conflict: two tabs saving one example at once: one stored, the other shown both texts"


def scenario_submit(sessions: list[Session]) -> str:
    """Two tabs hand in the same submission at once: handed in once, the other told it already is."""
    answers = at_once([lambda s=s: s.post(f"{_unit_path()}submit/", {}) for s in sessions[:2]])
    _check_no_errors("submit", answers)
    history = sessions[0].get(f"{_unit_path()}history/").body
    handed_in = len(re.findall(r"<td>(?:submitted|lämnade in)</td>", history))
    if handed_in != 1:
        raise Failed(f"submit: two simultaneous submits recorded {handed_in} submissions in the history")
    return "submit: two tabs submitting at once: submitted once"


def wait_until_up(base: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(base.rstrip("/") + "/", timeout=5).close()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline:
                raise Failed(f"{base} did not answer within {seconds:.0f} s") from None
            time.sleep(0.5)


def run(base: str, *, sessions: int = 16) -> list[str]:
    wait_until_up(base)
    browsers = [Session(base) for _ in range(BROWSERS)]
    for browser in browsers:
        browser.login()  # signing in is slow on purpose (password hashing): a few browsers, many tabs
    people = [browsers[i % BROWSERS].tab() for i in range(sessions)]
    people[0].post(f"{_unit_path()}start/", {})
    room = measures_with_room(people[0])
    if not room:
        raise Failed(f"no measures found for {UNIT} in {ROUND}: is the demo loaded and the round open?")
    cap_code = max(room, key=lambda c: room[c])
    done = [scenario_saves(people, {c: free for c, free in room.items() if c != cap_code})]
    done.append(scenario_reads_after_saves(people, sorted(room)))
    done.append(scenario_cap(people, cap_code))
    done.append(scenario_conflict(people, cap_code))
    done.append(scenario_submit(people))
    return done


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: concurrency_load.py http://127.0.0.1:PORT [sessions]")
    try:
        for line in run(sys.argv[1], sessions=int(sys.argv[2]) if len(sys.argv) > 2 else 16):
            print(f"ok  {line}")
    except Failed as failure:
        sys.exit(f"FAILED  {failure}")


def post_form(client, url: str, changes: dict):
    """Open the form at `url` as a browser does (its version included), change `changes`, save it."""
    page = client.get(url).content.decode()
    return client.post(url, {**form_fields(page), **changes})
