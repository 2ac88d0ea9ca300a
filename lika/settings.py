"""Django settings for Lika.

Everything that differs between installations comes from environment
variables, read by the strict helpers in lika.env. Secrets may also be given
as NAME_FILE, a path to a file that holds the value.
"""

from pathlib import Path

from lika.accounts.config import (
    login_failed_rate,
    mfa_required_roles,
    oidc_apps,
    oidc_origins,
    saml_apps,
    saml_provider_app,
)
from lika.env import (
    database_url,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_rate,
    env_str,
    secret_key,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("LIKA_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("LIKA_DEBUG", False)
SECRET_KEY = secret_key(VAR_DIR)
ALLOWED_HOSTS = env_list("LIKA_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("LIKA_CSRF_TRUSTED_ORIGINS", [])
# A form sent after the session ran out: Lika's page that gives the text back, not a bare 403.
CSRF_FAILURE_VIEW = "lika.core.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin.apps.SimpleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "lika.accounts",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    *saml_provider_app(),
    "allauth.mfa",
    "allauth.usersessions",
    "lika.core",
    "lika.audit",
    "django_tasks",
    "django_tasks_db",
    "lika.jobs",
    "lika.backup",
    "lika.documents",
    "lika.organisations",
    "lika.reference",
    "lika.plans",
    "lika.followup",
    "lika.consultation",
    "lika.reports",
    "lika.statistics",
    "lika.assessments",
    "lika.textanalysis",
    "lika.examples",
    "lika.support",
    "lika.demo",
    "lika.api",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "lika.core.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "lika.api.limits.PublicCorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lika.audit.middleware.AuditMiddleware",
    "lika.core.security.RequestSizeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "lika.accounts.middleware.UserSessionsMiddleware",
    "lika.accounts.middleware.RequireTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "lika.urls"
WSGI_APPLICATION = "lika.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lika.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": database_url(f"sqlite:///{VAR_DIR / 'lika.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default takes simultaneous users: readers do not wait for
    # writers (write-ahead log), a write transaction takes the lock when it
    # begins (IMMEDIATE) instead of failing half-way, and a writer waits its
    # turn (busy timeout) instead of answering "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("LIKA_SQLITE_TIMEOUT", 30),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "my-page"
LOGOUT_REDIRECT_URL = "home"

# Sign-in (lika/accounts, django-allauth; docs/sign-in.md, decision 0008).
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "lika.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# A handful of failed logins per account name (whether it exists or not) and per
# address locks further attempts, even with the right password, until the time is up.
ACCOUNT_RATE_LIMITS = {"login_failed": login_failed_rate(), "report_problem": "5/h/ip"}  # report_problem: the accessibility form
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Lika: "
SOCIALACCOUNT_ADAPTER = "lika.accounts.adapter.SocialAccountAdapter"
_OIDC_APPS = oidc_apps()
_SAML_APPS = saml_apps()
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {"APPS": _OIDC_APPS, "OAUTH_PKCE_ENABLED": True},
    "saml": {"APPS": _SAML_APPS},
}
SOCIALACCOUNT_STORE_TOKENS = False
# WebAuthn: security keys and passkeys as the second factor (fido2, via allauth[mfa]); plain
# http is allowed only in development (browsers treat 127.0.0.1 and localhost as secure).
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_TOTP_ISSUER = "Lika"
# Roles whose people must set up two-factor authentication before they go on
# ("superuser" counts as a role here). Empty: nobody is asked.
LIKA_MFA_REQUIRED_ROLES = mfa_required_roles()
# People who signed in through their organisation's identity provider use its two-factor.
LIKA_MFA_TRUST_SSO = env_bool("LIKA_MFA_TRUST_SSO", True)
USERSESSIONS_TRACK_ACTIVITY = True
# Logged out after this many minutes without a request (lika.accounts.middleware refreshes the
# session at most once a minute, so reading pages does not write on every request).
SESSION_COOKIE_AGE = env_int("LIKA_SESSION_IDLE_MINUTES", 60) * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# The failed-login counters live in the cache: a directory shared by the server's
# processes (LIKA_CACHE_DIR), or the process's memory when it is empty.
_CACHE_DIR = env_str("LIKA_CACHE_DIR", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": _CACHE_DIR}
    if _CACHE_DIR
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "lika" / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Only for deployments that run collectstatic; the app serves from the apps otherwise.
STATIC_ROOT = env_str("LIKA_STATIC_ROOT", "") or None
# Serve static files straight from the apps: no collectstatic step to forget.
WHITENOISE_USE_FINDERS = True

# Uploaded attachments are personal work material: never served as static
# files, only through views that check who is asking.
MEDIA_ROOT = Path(env_str("LIKA_MEDIA_ROOT", str(VAR_DIR / "media")))
LIKA_MAX_ATTACHMENT_BYTES = env_int("LIKA_MAX_ATTACHMENT_MB", 10, minimum=1) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
LIKA_MAX_IMPORT_BYTES = env_int("LIKA_MAX_IMPORT_MB", 20, minimum=1) * 1024 * 1024

# Counts below this are never shown when statistics are broken down by
# discrimination grounds (see docs/small-cells.md).
LIKA_SMALL_CELL_THRESHOLD = env_int("LIKA_SMALL_CELL_THRESHOLD", 5, minimum=1)
# Business plans for the analysis: the largest file accepted.
LIKA_BUSINESS_PLAN_MAX_BYTES = env_int("LIKA_BUSINESS_PLAN_MAX_MB", 50, minimum=1) * 1024 * 1024
# A request body larger than the largest upload above (plus room for the form) is refused
# with a plain page before it is read (lika.core.security.RequestSizeMiddleware).
LIKA_MAX_REQUEST_BYTES = max(LIKA_MAX_ATTACHMENT_BYTES, LIKA_MAX_IMPORT_BYTES, LIKA_BUSINESS_PLAN_MAX_BYTES) + 1024 * 1024

# Background jobs: django-tasks with its database backend, run by `lika worker` (decision 7).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Finished jobs and their result files are deleted after this many days (the daily clean-up).
LIKA_JOB_RESULT_DAYS = env_int("LIKA_JOB_RESULT_DAYS", 7)
# The public API: requests per address (for example 120/m, 2000/h; empty: no limit), and how many
# proxies in front of Lika append to X-Forwarded-For (0: the address is the connection's own).
LIKA_API_RATE_LIMIT = env_rate("LIKA_API_RATE_LIMIT", "120/m")
NINJA_NUM_PROXIES = env_int("LIKA_API_PROXIES", 0)
# The open data's licence (an SPDX identifier and its web address) for the files and the catalogue.
LIKA_OPEN_DATA_LICENCE = env_str("LIKA_OPEN_DATA_LICENCE", "CC0-1.0")
LIKA_OPEN_DATA_LICENCE_URL = env_str("LIKA_OPEN_DATA_LICENCE_URL", "http://creativecommons.org/publicdomain/zero/1.0/")
# The e-mail address the catalogue gives as the data's contact point.
LIKA_OPEN_DATA_CONTACT = env_str("LIKA_OPEN_DATA_CONTACT", env_str("LIKA_FROM_EMAIL", "lika@localhost"))

EMAIL_BACKEND = env_str("LIKA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("LIKA_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("LIKA_EMAIL_PORT", 25, minimum=1)
DEFAULT_FROM_EMAIL = env_str("LIKA_FROM_EMAIL", "lika@localhost")
LIKA_SITE_URL = env_str("LIKA_SITE_URL", "http://127.0.0.1:8000")

# LIKA_HTTPS=true: the site is reached over HTTPS only (docs/deploy.md). Cookies
# are sent only over HTTPS, browsers are told to use nothing else (HSTS) and a
# plain-HTTP request is redirected, except /healthz for local monitoring. Behind
# a TLS proxy, the proxy's X-Forwarded-Proto counts only from LIKA_TRUSTED_PROXIES
# (lika/core/production.py).
HTTPS = env_bool("LIKA_HTTPS", False)

# The accessibility statement (/accessibility/, lag 2018:1937): who runs this installation and how to reach them.
LIKA_ACCESSIBILITY_ORGANISATION = env_str("LIKA_ACCESSIBILITY_ORGANISATION", "")
LIKA_ACCESSIBILITY_EMAIL = env_str("LIKA_ACCESSIBILITY_EMAIL", "")
LIKA_ACCESSIBILITY_PHONE = env_str("LIKA_ACCESSIBILITY_PHONE", "")
LIKA_ACCESSIBILITY_ASSESSED_ON = env_str("LIKA_ACCESSIBILITY_ASSESSED_ON", "2026-12-05")  # YYYY-MM-DD

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("LIKA_SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("LIKA_HSTS_SECONDS", 365 * 24 * 3600 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("LIKA_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("LIKA_HSTS_PRELOAD", True)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# A strict Content-Security-Policy (django-csp): scripts and styles only from Lika's own
# static files, nothing inline (templates have no <script>, <style> or style=), no
# framing, forms post only to Lika. Permissions-Policy: lika.core.security.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        # Single sign-on posts to the identity provider: the configured providers'
        # origins are allowed; LIKA_CSP_FORM_ACTION adds others.
        "form-action": ["'self'", *oidc_origins(_OIDC_APPS + _SAML_APPS), *env_list("LIKA_CSP_FORM_ACTION", [])],
        "frame-ancestors": ["'none'"],
    },
}

# The audit log keeps every entry this many days; `lika audit prune` removes older ones.
LIKA_AUDIT_RETENTION_DAYS = env_int("LIKA_AUDIT_RETENTION_DAYS", 3650)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_choice("LIKA_LOG_LEVEL", "WARNING", ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"])},
}
