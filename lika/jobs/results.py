"""What a job function may return: a file for the user to download."""

from dataclasses import dataclass


@dataclass(frozen=True)
class FileResult:
    name: str
    content: bytes


class JobFailed(Exception):
    """A job cannot be done; the message is shown to the user as it is (translate it)."""
