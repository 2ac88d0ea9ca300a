"""Who is acting and from where, set once at each edge (decision 5).

The web middleware sets it for each request, the `lika` command for the
command line, the API for a token. Everything recorded meanwhile carries it.
"""

import contextlib
import hashlib
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    source: str = "system"
    label: str = ""
    request: object | None = None
    user: object | None = None
    suspended: bool = False


_current: ContextVar[Actor | None] = ContextVar("lika_audit_actor", default=None)
_NOBODY = Actor()


def current() -> Actor:
    return _current.get() or _NOBODY


@contextlib.contextmanager
def acting(**fields):
    """Act as someone else within the block: `with acting(source="command", label="lika ...")`."""
    token = _current.set(Actor(**{**current().__dict__, **fields}))
    try:
        yield
    finally:
        _current.reset(token)


def set_command(argv: list[str]) -> None:
    """The `lika` command line: who ran what, for the rest of the process."""
    import getpass

    try:
        who = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in the environment; the command is still named
        who = "?"
    _current.set(Actor(source="command", label=f"{who}: lika {' '.join(argv)}"[:300]))


def set_actor(**fields) -> None:
    """Act as someone else for the rest of the current request (an API token's use); the edge's block resets it."""
    _current.set(Actor(**{**current().__dict__, **fields}))


@contextlib.contextmanager
def suspended():
    """Bulk loading (the demo data) records one entry of its own instead of one per row."""
    with acting(suspended=True):
        yield


def session_hash(session_key: str | None) -> str:
    if not session_key:
        return ""
    return hashlib.sha256(session_key.encode()).hexdigest()[:16]


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None
