"""What a job function may return: a file for the user to download."""

from dataclasses import dataclass


@dataclass(frozen=True)
class FileResult:
    name: str
    content: bytes


@dataclass(frozen=True)
class TextResult:
    """What the job did, in words for the user (translated), shown on its page."""

    text: str


class JobFailed(Exception):
    """A job cannot be done; the message is shown to the user as it is (translate it)."""
