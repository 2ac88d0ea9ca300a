"""`lika serve --production`: refuse an unsafe configuration, then serve through gunicorn.

Why gunicorn: docs/decisions/0006-production-server.md. The developer's server
(`lika serve`) stays Django's runserver; nothing here runs for it.
"""

import hashlib
import os
from pathlib import Path

from django.conf import settings

from lika.env import env_int, env_list, env_str

KEY_ADVICE = "at least 50 random characters, e.g. from: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
DEFAULT_TIMEOUT = 120  # seconds; a large report may still be made in the request


def default_workers() -> int:
    """Gunicorn's rule of thumb, 2 × cores + 1, capped so a small machine is not swamped."""
    return min(2 * (os.cpu_count() or 1) + 1, 9)


def configured_workers() -> int:
    return env_int("LIKA_WEB_WORKERS", default_workers())


def problems() -> list[str]:
    """What stops the production server from starting, one line each (empty: safe to start)."""
    found = []
    if settings.DEBUG:
        found.append("LIKA_DEBUG is true: the production server runs only with LIKA_DEBUG=false")
    found.extend(_secret_key_problems())
    if "LIKA_ALLOWED_HOSTS" not in os.environ or not env_list("LIKA_ALLOWED_HOSTS", []):
        found.append(
            "LIKA_ALLOWED_HOSTS is not set: give the host names the server answers to, "
            "comma-separated (e.g. LIKA_ALLOWED_HOSTS=lika.example.org)"
        )
    return found


def _secret_key_problems() -> list[str]:
    key = env_str("LIKA_SECRET_KEY", "")
    if not key:
        return [f"LIKA_SECRET_KEY is not set: the production server needs its own secret key ({KEY_ADVICE})"]
    if len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure"):
        return [f"LIKA_SECRET_KEY is insecure: use a key of {KEY_ADVICE}"]
    return []


def use_collected_static() -> Path:
    """Serve static files from STATIC_ROOT under hashed, compressed names.

    Must run before anything opens the static storage or builds the middleware.
    Files with a content hash in their name are cached by browsers for a year
    (WhiteNoise marks them immutable); each upgrade collects them anew.
    """
    root = Path(settings.STATIC_ROOT or Path(settings.VAR_DIR) / "static")
    settings.STATIC_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = False
    return root


def collect_static(root: Path) -> bool:
    """Collect and compress the static files, unless the same files were collected last time; True if it did."""
    from django.contrib.staticfiles import finders
    from django.core.management import call_command

    entries = []
    for finder in finders.get_finders():
        for path, storage in finder.list(None):
            stat = os.stat(storage.path(path))
            entries.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    fingerprint = hashlib.sha256("\n".join(sorted(entries)).encode()).hexdigest()
    stamp = root / ".lika-collected"
    if (root / "staticfiles.json").is_file() and stamp.is_file() and stamp.read_text() == fingerprint:
        return False
    call_command("collectstatic", interactive=False, verbosity=0, clear=True)
    stamp.write_text(fingerprint)
    return True


def share_cache() -> str:
    """The workers must share one cache (the failed-login counters live there): a folder unless LIKA_CACHE_DIR chose one."""
    backend = settings.CACHES["default"]
    if backend["BACKEND"].endswith("LocMemCache"):
        location = str(Path(settings.VAR_DIR) / "cache")
        settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": location}}
        return location
    return backend.get("LOCATION", "")


def gunicorn_options(*, bind: str, workers: int) -> dict:
    trusted = env_list("LIKA_TRUSTED_PROXIES", [])
    return {
        "bind": [bind],
        "workers": workers,
        "timeout": env_int("LIKA_WEB_TIMEOUT", DEFAULT_TIMEOUT),
        "graceful_timeout": 30,
        "proc_name": "lika",
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": "info",
        # The forwarded-protocol header counts only from the proxies named here.
        "forwarded_allow_ips": ",".join(trusted),
        "preload_app": True,
        # Several servers may run as one user (tests, load runs): no shared control socket.
        "control_socket_disable": True,
    }


def run_gunicorn(application, options: dict) -> None:
    from gunicorn.app.base import BaseApplication

    class LikaServer(BaseApplication):
        def load_config(self):
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return application

    LikaServer().run()
