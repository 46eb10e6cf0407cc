"""Settings for the moderator community portal.

Every value comes from the environment. A missing DEBUG means production, which refuses to start
without a real SECRET_KEY and a real email backend (see README, "Production"); development says
DEBUG=true explicitly (bin/run and the test settings do) and then gets SQLite in the project
folder, tasks run in-process and email printed to the console.
"""

import logging
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
log = logging.getLogger("portal.settings")


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# Fail closed: only an explicit DEBUG=true turns on development mode.
DEBUG = env_bool("DEBUG", False)

DEV_SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"
SECRET_KEY = env("SECRET_KEY", DEV_SECRET_KEY if DEBUG else "")
if not DEBUG and (
    len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure")
):
    raise ImproperlyConfigured(
        "DEBUG is off, so SECRET_KEY must be set to a random value of at least 50 characters "
        '(python -c "import secrets; print(secrets.token_urlsafe(64))").'
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_NAME = env("SITE_NAME", "Modportal")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Lets a monitor run /healthz?worker=1 with `Authorization: Bearer <token>`; unset: staff only.
HEALTHZ_TOKEN = env("HEALTHZ_TOKEN")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django.contrib.sites",
    "django_htmx",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "portal",
    "portal.notifications",
    "channels",
    "moderators",
    "norms",
    "resources",
    "twitch",
    "community",
    "debriefs",
    "privacy",
    "shifts",
    "api",
    "exercises",
    "integrations",
    "records",
    "portal.pages",
]

TWITCH_CLIENT_ID = env("TWITCH_CLIENT_ID")
TWITCH_CLIENT_SECRET = env("TWITCH_CLIENT_SECRET")
TWITCH_ENABLED = bool(TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET)
if TWITCH_ENABLED:
    INSTALLED_APPS.append("allauth.socialaccount.providers.twitch")

MIDDLEWARE = [
    "portal.middleware.ServedByMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.UploadSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.personalpages.WritesMakeStaleMiddleware",
    "portal.middleware.PersonalLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.replicas.ReplicaMiddleware",
]
# The web node's name, sent as X-Served-By on every response when set (bin/fleet sets it).
NODE_NAME = env("NODE_NAME")

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "portal.context_processors.site",
            ],
        },
    },
]
FORM_RENDERER = "portal.forms.PortalFormRenderer"

# Database: SQLite in the project by default; PostgreSQL through psycopg 3 with Django's
# connection pool when DATABASE_URL says postgres.
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = {
        "pool": {
            "min_size": env_int("DATABASE_POOL_MIN", 2),
            "max_size": env_int("DATABASE_POOL_MAX", 10),
            "timeout": 10,
        },
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps connections, not Django
else:
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Read replicas (portal/replicas.py): comma-separated PostgreSQL URLs of streaming replicas;
# none by default. The reads of views marked replica_reads go to a healthy one, the rest to the
# primary. Tests mirror each replica to the test database.
DATABASE_REPLICA_URLS = env_list("DATABASE_REPLICA_URLS")
for number, url in enumerate(DATABASE_REPLICA_URLS, start=1):
    replica = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    replica["OPTIONS"] = {"connect_timeout": env_int("REPLICA_CONNECT_TIMEOUT", 1)}
    replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica_{number}"] = replica
DATABASE_ROUTERS = ["portal.replicas.ReplicaRouter"]
REPLICA_MAX_LAG_SECONDS = env_int("REPLICA_MAX_LAG_SECONDS", 10)  # lagging more: skipped
REPLICA_CHECK_SECONDS = env_int("REPLICA_CHECK_SECONDS", 5)  # how often a process re-checks
REPLICA_PIN_COOKIE = "primary_reads"
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", REPLICA_MAX_LAG_SECONDS + 5)
REPLICA_DEBUG_HEADER = env_bool("REPLICA_DEBUG_HEADER", False)  # X-Database: who answered
# Public, read-heavy views whose GETs may read from a replica say so themselves with
# portal.replicas.replica_reads; team pages (channel_view without public=True) never do.

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if env_bool("FAST_PASSWORD_HASHER", False):
    # Tests only: hashing with PBKDF2 dominates a test suite that logs many users in.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

SITE_ID = 1
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"

# django-allauth: sign up with username and email, verified email required.
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_FORMS = {"login": "portal.forms.LoginForm"}
# Account emails go through the notifications outbox, so a mail outage never fails a page.
ACCOUNT_ADAPTER = "privacy.accounts.AccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_USERNAME_BLACKLIST = ["admin", "staff", "support", "root", "system", "moderator"]
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_PROVIDERS = {}
# What the Twitch sync (twitch/) needs of the owner's token; sign-in asks for user:read:email too.
TWITCH_SYNC_SCOPES = [
    "moderation:read",
    "channel:manage:moderators",
    "channel:read:vips",
    "channel:manage:vips",
]
if TWITCH_ENABLED:
    SOCIALACCOUNT_PROVIDERS["twitch"] = {
        "APPS": [{"client_id": TWITCH_CLIENT_ID, "secret": TWITCH_CLIENT_SECRET, "key": ""}],
        # Twitch sync (twitch/): reading and managing the channel's moderators and VIPs.
        "SCOPE": ["user:read:email", *TWITCH_SYNC_SCOPES],
        # Its Twitch addresses follow TWITCH_ID_BASE_URL and TWITCH_API_BASE_URL (twitch/oauth).
        "provider_class": "twitch.oauth.provider.PortalTwitchProvider",
    }
# Twitch sync (twitch/) keeps the owner's token as allauth stores it (SocialToken); hidden and
# inert without credentials. The base URLs let tests answer as Twitch does, locally.
SOCIALACCOUNT_STORE_TOKENS = True
TWITCH_SYNC_ENABLED = env_bool("TWITCH_SYNC_ENABLED", TWITCH_ENABLED)
# Every Twitch address follows these: TWITCH_ID_BASE_URL moves sign-in's authorize page, the
# code exchange, refreshes and token validation ({base}/oauth2/...); TWITCH_API_BASE_URL moves
# Helix (the sync's calls and sign-in's profile read, {base}/users). TWITCH_TOKEN_URL, when set,
# moves the code exchange and refreshes alone.
TWITCH_ID_BASE_URL = env("TWITCH_ID_BASE_URL", "https://id.twitch.tv").rstrip("/")
TWITCH_API_BASE_URL = env("TWITCH_API_BASE_URL", "https://api.twitch.tv/helix").rstrip("/")
TWITCH_TOKEN_URL = env("TWITCH_TOKEN_URL", f"{TWITCH_ID_BASE_URL}/oauth2/token")
TWITCH_TIMEOUT_SECONDS = float(env("TWITCH_TIMEOUT_SECONDS", "10"))
TWITCH_MAX_ATTEMPTS = env_int("TWITCH_MAX_ATTEMPTS", 6)  # then a change fails for good
TWITCH_STALE_SECONDS = env_int("TWITCH_STALE_SECONDS", 300)  # a claim this old is a dead worker's
TWITCH_SWEEP_SECONDS = env_int("TWITCH_SWEEP_SECONDS", 60)
TWITCH_DRIFT_SECONDS = env_int("TWITCH_DRIFT_SECONDS", 900)  # compare with Twitch this often
# Token validation runs every this many seconds, each run taking the links whose slot (id modulo
# the hour's runs) is due, so each token is validated hourly and the hour's calls are spread.
TWITCH_VALIDATE_TICK_SECONDS = env_int("TWITCH_VALIDATE_TICK_SECONDS", 300)
# EventSub webhook (optional): the secret given to Twitch when subscribing; unset: no endpoint.
TWITCH_EVENTSUB_SECRET = env("TWITCH_EVENTSUB_SECRET")

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("pt-br", _("Brazilian Portuguese")),
    ("de", _("German")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Serve uploads from the app (fine for small sites); turn off when a web server or CDN does it.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
# Private uploads (portal/storage.py, alias "private"): outside MEDIA_ROOT, served only by views
# that check access first; on S3 as signed URLs valid this many seconds.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
PRIVATE_MEDIA_URL_SECONDS = env_int("PRIVATE_MEDIA_URL_SECONDS", 60)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "portal.storage.PrivateFileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Uploads on an S3-compatible bucket (django-storages) when S3_BUCKET is set: public files under
# public/, private ones under private/ (or in S3_PRIVATE_BUCKET).
S3_BUCKET = env("S3_BUCKET")
if S3_BUCKET:
    S3_OPTIONS = {
        "bucket_name": S3_BUCKET,
        "endpoint_url": env("S3_ENDPOINT_URL") or None,
        "access_key": env("S3_ACCESS_KEY_ID") or None,
        "secret_key": env("S3_SECRET_ACCESS_KEY") or None,
        "region_name": env("S3_REGION") or None,
        "addressing_style": env("S3_ADDRESSING_STYLE", "path"),
        "signature_version": "s3v4",
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "portal.storage_s3.PublicS3Storage",
        "OPTIONS": {**S3_OPTIONS, "location": "public", "querystring_auth": False},
    }
    STORAGES["private"] = {
        "BACKEND": "portal.storage_s3.PrivateS3Storage",
        "OPTIONS": {
            **S3_OPTIONS,
            "bucket_name": env("S3_PRIVATE_BUCKET", S3_BUCKET),
            "location": "private",
            "querystring_expire": PRIVATE_MEDIA_URL_SECONDS,
        },
    }

# Cache: Redis when REDIS_URL is set (shared by every web process, needed for rate limits to
# hold across processes), otherwise local memory.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Public pages for signed-out visitors from that cache (portal/pagecache.py). Off, every
# request renders (the fleet's replica tests turn it off to see which database answered).
PAGE_CACHE = env_bool("PAGE_CACHE", True)
# Sessions in the database, read through the shared cache when there is one: any node serves
# any request.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)

# Celery: with no broker configured, tasks run in-process (eagerly) so the portal needs no
# services; production points CELERY_BROKER_URL at Redis and runs a worker and beat.
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env(
    "CELERY_RESULT_BACKEND", CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else ""
)
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_RETRY_DELAY = 10
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
# Notifications (portal/notifications): the outbox's delivery, its sweep and the daily digest.
NOTIFICATIONS_DELIVERY_CHUNK = env_int("NOTIFICATIONS_DELIVERY_CHUNK", 100)  # ids per task
NOTIFICATIONS_MAX_ATTEMPTS = env_int("NOTIFICATIONS_MAX_ATTEMPTS", 6)  # then failed for good
NOTIFICATIONS_STALE_SECONDS = env_int("NOTIFICATIONS_STALE_SECONDS", 300)  # unsent this long: swept
NOTIFICATIONS_SWEEP_SECONDS = env_int("NOTIFICATIONS_SWEEP_SECONDS", 120)

# Data rights (privacy/, docs/privacy.md): exports, deletions and how long delivery rows stay.
PRIVACY_EXPORT_DAYS = env_int("PRIVACY_EXPORT_DAYS", 7)
PRIVACY_EXPORT_RATE = env("PRIVACY_EXPORT_RATE", "3/d")
PRIVACY_DELETION_GRACE_DAYS = env_int("PRIVACY_DELETION_GRACE_DAYS", 7)
PRIVACY_CHANNEL_GRACE_DAYS = env_int("PRIVACY_CHANNEL_GRACE_DAYS", 7)
PRIVACY_RETENTION_DAYS = {
    "notifications": env_int("PRIVACY_RETAIN_NOTIFICATIONS_DAYS", 180),
    "emails": env_int("PRIVACY_RETAIN_EMAILS_DAYS", 30),
    "eventsub": env_int("PRIVACY_RETAIN_EVENTSUB_DAYS", 7),
    "invitations": env_int("PRIVACY_RETAIN_INVITATIONS_DAYS", 30),
}
PRIVACY_RETENTION_BATCH = env_int("PRIVACY_RETENTION_BATCH", 1000)
NOTIFICATIONS_SWEEP_LIMIT = env_int("NOTIFICATIONS_SWEEP_LIMIT", 5000)  # rows per sweep run
NOTIFICATIONS_DIGEST_HOUR = env_int("NOTIFICATIONS_DIGEST_HOUR", 8)  # in each user's time zone
NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE = env_int("NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE", 90 * 24 * 3600)
NOTIFICATIONS_BADGE_POLL_SECONDS = env_int("NOTIFICATIONS_BADGE_POLL_SECONDS", 30)
# The beat schedule is each app's: registered from its plugin module (portal.tasks.beat_tasks).
# Days after a version is published before members who haven't acknowledged it are reminded.
NORMS_REMINDER_DAYS = env_int("NORMS_REMINDER_DAYS", 7)
TRAINING_DUE_DAYS = env_int("TRAINING_DUE_DAYS", 14)  # required training due after joining
# How long each web process remembers a channel's current norms version for rules.json.
NORMS_STAMP_LOCAL_SECONDS = float(env("NORMS_STAMP_LOCAL_SECONDS", "1"))
if CELERY_TASK_ALWAYS_EAGER:
    log.info("CELERY_BROKER_URL is not set: Celery tasks run in-process.")

# Email: console by default; SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <noreply@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
else:
    EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(BASE_DIR / "sent_emails"))
# Backends that deliver nothing to anyone: fine for development, a silent failure in production
# (password-reset and verification links would only reach a log).
DEVELOPMENT_EMAIL_BACKENDS = {
    f"django.core.mail.backends.{name}.EmailBackend"
    for name in ("console", "locmem", "dummy", "filebased")
}
if not DEBUG and EMAIL_BACKEND in DEVELOPMENT_EMAIL_BACKENDS:
    raise ImproperlyConfigured(
        "DEBUG is off, so email must reach people: set EMAIL_HOST (SMTP), or EMAIL_BACKEND to a "
        f"real backend ({EMAIL_BACKEND} delivers nothing). For development set DEBUG=true."
    )

# Security. Production defaults are strict; each can be relaxed from the environment.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("SECURE_PROXY_SSL_HEADER", False) else None
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE  # the footer's language choice, signed out
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Uploads: a whole request body over UPLOAD_MAX_BYTES is refused with 413 before it is read
# (portal.middleware); keep the reverse proxy's limit (nginx client_max_body_size) the same.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # form fields other than files
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger files spool to a temporary file, not to memory

# Content-Security-Policy (django-csp): everything from this site, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'", TWITCH_ID_BASE_URL] if TWITCH_ENABLED else ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Outgoing webhooks (integrations/). Only the tests allow private hosts, never production.
WEBHOOKS_ALLOW_HTTP = DEBUG
WEBHOOKS_ALLOW_PRIVATE_HOSTS = DEBUG and env_bool("WEBHOOKS_ALLOW_PRIVATE_HOSTS", False)
WEBHOOKS_TIMEOUT = 5
# Verifying another instance's credential resolves its did:web over https; development and the
# tests (two local instances without TLS) may resolve over http.
DID_WEB_ALLOW_HTTP = DEBUG and env_bool("DID_WEB_ALLOW_HTTP", False)
WEBHOOKS_RETRY_HOURS = 26
WEBHOOKS_DISABLE_AFTER_DAYS = 3
WEBHOOKS_LEASE_SECONDS = env_int(
    "WEBHOOKS_LEASE_SECONDS", 30
)  # a claim this old is a dead worker's
WEBHOOKS_SWEEP_SECONDS = env_int("WEBHOOKS_SWEEP_SECONDS", 60)
