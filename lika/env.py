"""Strict readers for settings from the environment.

A boolean is "true" or "false", a number is a number: anything else stops
start-up with a message that names the variable, instead of a quiet default.
"""

import os
import re
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str) -> str:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {file_name}: {exc.strerror}") from exc
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    normalised = value.strip().lower()
    if normalised == "true":
        return True
    if normalised == "false":
        return False
    raise ImproperlyConfigured(f"{name} must be 'true' or 'false', not {value!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}")
    return number


def env_choice(name: str, default: str, choices: list[str]) -> str:
    """One of a few known values, compared case-insensitively; returned as written in CHOICES."""
    value = os.environ.get(name)
    if value is None:
        return default
    for choice in choices:
        if value.strip().lower() == choice.lower():
            return choice
    accepted = ", ".join(repr(choice) for choice in choices)
    raise ImproperlyConfigured(f"{name} must be one of {accepted}, not {value!r}")


DATABASE_EXAMPLE = "postgres://USER:PASSWORD@HOST:5432/NAME or sqlite:///PATH/lika.sqlite3"


def database_url(default: str) -> dict:
    """DATABASE_URL as Django's database settings: PostgreSQL or SQLite, nothing else.

    LIKA_DB_CONN_MAX_AGE: seconds a process keeps its connection (checked before reuse); by
    default 60 on PostgreSQL, where opening one costs more than most pages, and 0 on SQLite,
    which opens a file cheaply and whose kept connection would go on reading a moved-away file.

    The messages never repeat the value: it may hold a password.
    """
    import dj_database_url

    value = env_str("DATABASE_URL", default).strip()
    scheme = value.split("://", 1)[0].lower() if "://" in value else ""
    if scheme not in ("postgres", "postgresql", "pgsql", "sqlite"):
        shown = f"'{scheme}://'" if scheme else "no '://'"
        raise ImproperlyConfigured(f"DATABASE_URL must look like {DATABASE_EXAMPLE} (it has {shown})")
    conn_max_age = env_int("LIKA_DB_CONN_MAX_AGE", 0 if scheme == "sqlite" else 60, minimum=0)
    try:
        config = dj_database_url.parse(value, conn_max_age=conn_max_age, conn_health_checks=conn_max_age > 0)
    except ValueError:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a valid address: it must look like {DATABASE_EXAMPLE} "
            "(special characters in the password written as %XX)"
        ) from None
    if scheme != "sqlite" and not config["NAME"]:
        raise ImproperlyConfigured(f"DATABASE_URL names no database: it must look like {DATABASE_EXAMPLE}")
    return config


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_rate(name: str, default: str) -> str:
    """A rate such as 120/m (per second, minute, hour or day), or empty for none."""
    value = os.environ.get(name, default).strip()
    if value and not re.fullmatch(r"[1-9][0-9]*/[smhd]", value):
        raise ImproperlyConfigured(f"{name} must be a rate such as 120/m (s, m, h or d), or empty, not {value!r}")
    return value


def secret_key(var_dir: Path) -> str:
    """LIKA_SECRET_KEY, or a key kept in VAR_DIR/secret-key, made on first start."""
    configured = env_str("LIKA_SECRET_KEY", "")
    if configured:
        return configured
    path = var_dir / "secret-key"
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise ImproperlyConfigured(f"LIKA_VAR_DIR: cannot read {path}: {exc.strerror}") from None
    key = secrets.token_urlsafe(50)
    try:
        var_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(key, encoding="utf-8")
        path.chmod(0o600)
    except OSError as exc:
        raise ImproperlyConfigured(f"LIKA_VAR_DIR: cannot write {path}: {exc.strerror}") from None
    return key
