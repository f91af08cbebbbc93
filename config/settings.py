"""Settings for fazhi, read from the environment only.

No secret lives in the repository. Production needs ``FAZHI_SECRET_KEY`` (or ``FAZHI_SECRET_KEY_FILE``) and
``FAZHI_ALLOWED_HOSTS``; ``DEBUG`` is off unless ``FAZHI_DEBUG=1``. The database defaults to an embedded SQLite file
under ``var/`` in WAL mode; ``FAZHI_DATABASE_URL=postgres://…`` points fazhi at PostgreSQL.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("FAZHI_VAR_DIR", BASE_DIR / "var"))

TESTING = "pytest" in sys.modules or os.environ.get("FAZHI_TESTING") == "1"


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    key = os.environ.get("FAZHI_SECRET_KEY", "")
    key_file = os.environ.get("FAZHI_SECRET_KEY_FILE", "")
    if not key and not key_file and (VAR_DIR / "secret_key").is_file():
        # `make run` writes a key here once; a production install sets the environment instead.
        key_file = str(VAR_DIR / "secret_key")
    if not key and key_file:
        try:
            key = Path(key_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"无法读取密钥文件 FAZHI_SECRET_KEY_FILE={key_file}：{exc}") from exc
    if key:
        return key
    if DEBUG or TESTING:
        return "insecure-development-key-not-for-production"
    raise ImproperlyConfigured("缺少密钥：生产环境必须设置 FAZHI_SECRET_KEY 或 FAZHI_SECRET_KEY_FILE（DEBUG 已关闭）。")


DEBUG = _env_bool("FAZHI_DEBUG")
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h for h in os.environ.get("FAZHI_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("FAZHI_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "fazhi.core",
    "fazhi.accounts",
    "fazhi.agencies",
    "fazhi.powers",
    "fazhi.cases",
    "fazhi.evidence",
    "fazhi.publicity",
    "fazhi.documents",
    "fazhi.legal_affairs",
    "fazhi.complaints",
    "fazhi.inspections",
    "fazhi.delivery",
    "fazhi.urban",
    "fazhi.waste",
    "fazhi.campaigns",
    "fazhi.counsel",
    "fazhi.imports",
    "fazhi.reports",
    "fazhi.supervision",
    "fazhi.field",
    "fazhi.portal",
    "fazhi.exchange",
    "fazhi.jobs",
    "fazhi.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "fazhi.core.dbrouter.ReplicaReadsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "fazhi.accounts.middleware.SessionTouchMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "fazhi.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "fazhi.core.middleware.InputSafetyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "fazhi.core.middleware.RequestLogMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fazhi.site.context_processors.navigation",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------------------
_SQLITE_PATH = VAR_DIR / "fazhi.sqlite3"
DATABASE_URL = os.environ.get("FAZHI_DATABASE_URL", f"sqlite:///{_SQLITE_PATH}")
_db = dj_database_url.parse(DATABASE_URL, conn_max_age=0 if TESTING else 60)
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer commits; IMMEDIATE takes the write lock at BEGIN so two
    # writers queue instead of failing with "database is locked" half-way through a transaction.
    _db["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
if _db["ENGINE"] in ("django.db.backends.postgresql", "django.db.backends.postgresql_psycopg2"):
    # Django's, with a pre-commit step that writes the transaction's audit events (fazhi.core.pgbackend)
    _db["ENGINE"] = "fazhi.core.pgbackend"
DATABASES = {"default": _db}
# Read replicas (fazhi.core.dbrouter, docs/scale.md): comma-separated URLs of streaming replicas of the primary.
# Reports, the dashboard, the portal and exports read from them; everything that writes, or read after a write,
# the primary. Tests mirror them onto the default database.
for _n, _url in enumerate(u.strip() for u in os.environ.get("FAZHI_DATABASE_REPLICA_URLS", "").split(",")):
    if _url:
        DATABASES[f"replica_{_n}"] = dj_database_url.parse(_url, conn_max_age=0 if TESTING else 60) | {
            "TEST": {"MIRROR": "default"}
        }
DATABASE_ROUTERS = ["fazhi.core.dbrouter.ReplicaRouter"]
FAZHI_REPLICA_PATHS = tuple(
    p for p in os.environ.get("FAZHI_REPLICA_PATHS", "/reports/,/public/,/open311/").split(",") if p.strip()
)
FAZHI_REPLICA_PIN_SECONDS = int(os.environ.get("FAZHI_REPLICA_PIN_SECONDS", "5"))
FAZHI_REPLICA_MAX_LAG_SECONDS = float(os.environ.get("FAZHI_REPLICA_MAX_LAG_SECONDS", "30"))
FAZHI_REPLICA_CHECK_SECONDS = float(os.environ.get("FAZHI_REPLICA_CHECK_SECONDS", "5"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Task queue (fazhi.jobs; see README「后台任务」) ------------------------------------------------------------
# Django's Tasks API (the django-tasks backport until Django 6) with the database backend: the queue is a table in
# fazhi's own database, so it runs on the embedded SQLite file and on PostgreSQL alike, with no broker to install.
# `fazhi worker` runs the queued tasks and enqueues the periodic jobs (fazhi.jobs.schedule) itself.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# An import or export whose row has shown no progress for this many minutes is taken as lost with a killed worker
# and marked failed by the periodic job `runs_fail_stale` (fazhi.jobs.stale). An operating choice, not a legal
# number: longer than any step that reports nothing (the write of a 100,000-row import takes about a minute).
# The case list counts at most this many rows (then shows "10,000+ 件"): a COUNT over a million cases on every
# page would cost more than the page itself (issue 14; docs/scale.md "Pages").
FAZHI_LIST_COUNT_CAP = int(os.environ.get("FAZHI_LIST_COUNT_CAP", "10000"))
FAZHI_STALE_RUN_MINUTES = int(os.environ.get("FAZHI_STALE_RUN_MINUTES", "30"))
# --- end of task queue ------------------------------------------------------------------------------------------

# --- Authentication -----------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["fazhi.accounts.backends.LockoutModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "fazhi.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "fazhi.accounts.validators.CharacterClassValidator"},
    {"NAME": "fazhi.accounts.validators.UsernameDerivedValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
# Lockout (fazhi.accounts.backends): after this many failures of one (username, client IP) pair within the window
# that pair is refused for the window; one client IP is refused after FAZHI_LOGIN_MAX_FAILURES_PER_IP failures for
# any usernames. An account itself is never locked by strangers; only an administrator locks it (User.locked_until).
FAZHI_LOGIN_MAX_FAILURES = int(os.environ.get("FAZHI_LOGIN_MAX_FAILURES", "5"))
FAZHI_LOGIN_MAX_FAILURES_PER_IP = int(os.environ.get("FAZHI_LOGIN_MAX_FAILURES_PER_IP", "30"))
FAZHI_LOGIN_LOCKOUT_MINUTES = int(os.environ.get("FAZHI_LOGIN_LOCKOUT_MINUTES", "15"))
# The client IP (logs, login log, lockout): REMOTE_ADDR, or the given header (e.g. X-Forwarded-For) when the request
# comes from one of the trusted proxies' addresses (fazhi.core.middleware.client_ip).
FAZHI_TRUSTED_PROXY_HEADER = os.environ.get("FAZHI_TRUSTED_PROXY_HEADER", "").strip()
FAZHI_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("FAZHI_TRUSTED_PROXIES", "").split(",") if p.strip()]
# Second factor (TOTP, django-otp): required for heads, legal reviewers, supervisors and administrators when on.
# Default: on in production, off under DEBUG and tests, and off for a server whose database holds the demo bureau
# (``fazhi demo`` leaves the marker file var/demo-no-otp unless FAZHI_OTP_REQUIRED=1). FAZHI_OTP_REQUIRED=1/0 wins.
FAZHI_OTP_REQUIRED = not TESTING and _env_bool(
    "FAZHI_OTP_REQUIRED", not DEBUG and not (VAR_DIR / "demo-no-otp").exists()
)  # under tests: off unless a test turns it on (override_settings)
OTP_TOTP_ISSUER = os.environ.get("FAZHI_OTP_ISSUER", "fazhi 法治")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a device's secret or QR code (django-otp)
SESSION_COOKIE_AGE = int(os.environ.get("FAZHI_SESSION_SECONDS", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Idle expiry: the clock restarts at a request once FAZHI_SESSION_TOUCH_SECONDS have passed since it last did
# (fazhi.accounts.middleware.SessionTouchMiddleware), not at every request: a session expires between
# SESSION_COOKIE_AGE - FAZHI_SESSION_TOUCH_SECONDS and SESSION_COOKIE_AGE after its last request, without a
# write (three queries) on every page.
SESSION_SAVE_EVERY_REQUEST = False
FAZHI_SESSION_TOUCH_SECONDS = int(os.environ.get("FAZHI_SESSION_TOUCH_SECONDS", "300"))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG and _env_bool("FAZHI_HTTPS", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if SESSION_COOKIE_SECURE:
    # Behind the bureau's TLS-terminating proxy, which sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("FAZHI_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("FAZHI_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _env_bool("FAZHI_HSTS_PRELOAD", True)
    # Plain http is redirected to https; a load balancer's http health check can be exempted by a path regex.
    SECURE_SSL_REDIRECT = _env_bool("FAZHI_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r for r in os.environ.get("FAZHI_SSL_REDIRECT_EXEMPT", "").split(",") if r]

# --- Internationalisation -----------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "fazhi" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# --- Security headers (production) --------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# /api/docs and /api/openapi.json: for logged-in users (or a bearer token) unless this is on.
FAZHI_API_DOCS_PUBLIC = _env_bool("FAZHI_API_DOCS_PUBLIC", DEBUG)

# Content-Security-Policy (django-csp) on every response. Scripts only from our own static files (htmx, ECharts
# and every page script are served locally; no inline <script>, no inline handler: a template that truly needs
# one uses nonce="{{ request.csp_nonce }}"). Styles allow 'unsafe-inline': ECharts' tooltips and a few templates
# set style attributes, and CSS cannot run script (templates autoescape). The field client's service worker,
# its fetches, and signatures/photo previews (data: and blob: images, blob: video) are covered.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "media-src": [SELF, "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Logging: one structured line per event on stdout, personal data masked ----------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "fazhi.core.logging.MaskPersonalDataFilter"}},
    "formatters": {"line": {"()": "fazhi.core.logging.LineFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "line",
            "filters": ["mask_personal_data"],
        }
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("FAZHI_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "django.db.backends": {"level": "WARNING"},
    },
}

# --- fazhi settings -----------------------------------------------------------------------------------------
# Years whose official holiday arrangement is known beyond the chinesecalendar package come from the editable
# HolidayOverride table (core app); nothing is guessed.
FAZHI_API_TOKEN_PREFIX = "fz_"

# The field client (fazhi.field): how many days after its date a 当场处罚决定 made offline may still sync (an operating
# setting, not a legal period; fazhi.cases.services.simple.field_sync_days).
FAZHI_FIELD_SYNC_DAYS = int(os.environ.get("FAZHI_FIELD_SYNC_DAYS", "3"))

# The public portal (fazhi.portal, docs/portal.md): requests per client address (django-ratelimit's rate syntax) and
# how long an anonymous page is cached (0: not cached; the tests read every change at once). The counters live in
# the default cache: per process with the local-memory cache, so with N workers a client may make up to N times the
# rate; a shared cache in CACHES makes it exact.
FAZHI_PORTAL_RATE = os.environ.get("FAZHI_PORTAL_RATE", "120/m")
FAZHI_PORTAL_CACHE_SECONDS = int(os.environ.get("FAZHI_PORTAL_CACHE_SECONDS", "0" if TESTING else "60"))

# --- Blob storage and evidence (fazhi.core.storage, fazhi.evidence; see docs/evidence.md) ---------------------
# Files are stored once under their SHA-256: on local disk under MEDIA_ROOT/blobs (default) or, with
# FAZHI_STORAGE=s3, in a bucket of an S3-compatible object store. Keys come from the environment only.
FAZHI_STORAGE = os.environ.get("FAZHI_STORAGE", "local").strip().lower()
FAZHI_BLOB_ROOT = os.environ.get("FAZHI_BLOB_ROOT", "")  # empty: MEDIA_ROOT/blobs
FAZHI_S3_ENDPOINT = os.environ.get("FAZHI_S3_ENDPOINT", "")
FAZHI_S3_BUCKET = os.environ.get("FAZHI_S3_BUCKET", "")
FAZHI_S3_ACCESS_KEY = os.environ.get("FAZHI_S3_ACCESS_KEY", "")
FAZHI_S3_SECRET_KEY = os.environ.get("FAZHI_S3_SECRET_KEY", "")
FAZHI_S3_REGION = os.environ.get("FAZHI_S3_REGION", "")
FAZHI_S3_PREFIX = os.environ.get("FAZHI_S3_PREFIX", "blobs/")
if FAZHI_STORAGE not in {"local", "s3"}:
    raise ImproperlyConfigured(f"FAZHI_STORAGE={FAZHI_STORAGE!r} 无效：应为 local 或 s3。")
if FAZHI_STORAGE == "s3" and not FAZHI_S3_BUCKET:
    raise ImproperlyConfigured("FAZHI_STORAGE=s3 需要设置 FAZHI_S3_BUCKET（以及 FAZHI_S3_ENDPOINT 和访问密钥）。")
# Upload limits of evidence files, by the kind of file recognised from its content (bytes).
FAZHI_EVIDENCE_MAX_VIDEO_BYTES = int(os.environ.get("FAZHI_EVIDENCE_MAX_VIDEO_BYTES", str(2 * 1024**3)))
FAZHI_EVIDENCE_MAX_AUDIO_BYTES = int(os.environ.get("FAZHI_EVIDENCE_MAX_AUDIO_BYTES", str(500 * 1024**2)))
FAZHI_EVIDENCE_MAX_OTHER_BYTES = int(os.environ.get("FAZHI_EVIDENCE_MAX_OTHER_BYTES", str(50 * 1024**2)))
# A file up to this size is re-hashed before it is served; a larger one is checked while it streams.
FAZHI_EVIDENCE_VERIFY_BEFORE_SERVING_BYTES = int(
    os.environ.get("FAZHI_EVIDENCE_VERIFY_BEFORE_SERVING_BYTES", str(256 * 1024**2))
)
# --- end of blob storage and evidence -------------------------------------------------------------------------

# --- Inspections: 双随机、一公开 (fazhi.inspections; see docs/inspections.md) ---------------------------------------
# UNVERIFIED numbers (no legal source fixes them): 回避 of an inspector who visited the target within N months, and
# the days within which a target drawn by one plan is not drawn by another (unless the plan allows it).
FAZHI_INSPECTION_RECUSAL_MONTHS = int(os.environ.get("FAZHI_INSPECTION_RECUSAL_MONTHS", "12"))
FAZHI_INSPECTION_REPEAT_DAYS = int(os.environ.get("FAZHI_INSPECTION_REPEAT_DAYS", "180"))

# --- Publicity: 行政执法公示/双公示 and 信用修复 (fazhi.publicity; see docs/publicity.md) ---------------------------
# Status of each default per /work/shared/law/RULES.md §10: V = verified, V2 = secondary source, U = unverified.
# Publish a penalty decision within this many working days of the decision (国办发〔2018〕118号, D-2, V2).
FAZHI_PUBLICATION_WORKING_DAYS = int(os.environ.get("FAZHI_PUBLICATION_WORKING_DAYS", "7"))
# Publication periods in months: light penalties / all others (D-3 V for 市场监管, D-4 V2 for 信用中国).
FAZHI_PUBLICATION_SHORT_MONTHS = int(os.environ.get("FAZHI_PUBLICATION_SHORT_MONTHS", "3"))
FAZHI_PUBLICATION_LONG_MONTHS = int(os.environ.get("FAZHI_PUBLICATION_LONG_MONTHS", "36"))
# "较低数额罚款": a fine at or below these amounts (yuan) is light; set by the province (GS 第十三条第二款; U).
FAZHI_PUBLICATION_LOWER_FINE_PERSON = os.environ.get("FAZHI_PUBLICATION_LOWER_FINE_PERSON", "10000")
FAZHI_PUBLICATION_LOWER_FINE_ORGANIZATION = os.environ.get("FAZHI_PUBLICATION_LOWER_FINE_ORGANIZATION", "100000")
# Minimum publication period (months) by power-item domain code: 食品/药品/特种设备/安全生产/消防 1 year (D-4, V2).
FAZHI_PUBLICATION_MIN_MONTHS_BY_DOMAIN = {
    "food": 12,
    "drugs": 12,
    "special_equipment": 12,
    "work_safety": 12,
    "fire_safety": 12,
}
# The period counts from the decision date (信用中国, D-4 V2) or from the publication date (市场监管 GS 第十三条, V).
FAZHI_PUBLICATION_PERIOD_FROM = os.environ.get("FAZHI_PUBLICATION_PERIOD_FROM", "decided")
# Publish 简易程序 decisions? (D-5, U; 市场监管 publishes 普通程序 only, D-3 V.) Warning-only ones? (D-3; U for 城管.)
FAZHI_PUBLICATION_SIMPLE_PROCEDURE = _env_bool("FAZHI_PUBLICATION_SIMPLE_PROCEDURE", False)
FAZHI_PUBLICATION_WARNING_ONLY = _env_bool("FAZHI_PUBLICATION_WARNING_ONLY", False)
# 信用修复: no early end for these penalty kinds (GS 第十四条第三款, D-3 V for 市场监管; U for 城管), and not before
# the minimum period (D-4, V2: 3 months, or the domain minimum above).
FAZHI_CREDIT_REPAIR_EXCLUDED_PENALTY_KINDS = [
    "order_suspension",
    "restrict_business",
    "restrict_employment",
    "lower_qualification",
    "revoke_permit",
    "order_closure",
]
FAZHI_CREDIT_REPAIR_MIN_MONTHS = int(os.environ.get("FAZHI_CREDIT_REPAIR_MIN_MONTHS", "3"))
# Export for the credit platform: 处罚有效期 of a penalty without a term (a common template value, U), and an
# optional province mapping [[header, field], ...] replacing the default columns (None: the documented layout).
FAZHI_PUBLICITY_PENALTY_VALID_UNTIL = os.environ.get("FAZHI_PUBLICITY_PENALTY_VALID_UNTIL", "2099-12-31")
FAZHI_PUBLICITY_EXPORT_COLUMNS: list[tuple[str, str]] | None = None
# --- end of publicity ---------------------------------------------------------------------------------------------

# --- 文书 (fazhi.documents; see docs/documents.md) -----------------------------------------------------------------
# Wording a bureau sets once; empty values fall back to 本级人民政府 / 有管辖权的人民法院 / 指定的银行.
FAZHI_DOCUMENTS = {
    "reconsideration_body": os.environ.get("FAZHI_RECONSIDERATION_BODY", ""),
    "court": os.environ.get("FAZHI_COURT", ""),
    "bank": os.environ.get("FAZHI_PAYMENT_BANK", ""),
}
# 电子送达 (fazhi.delivery, docs/delivery.md): the provider of each channel the party may consent to, as
# "email=email,sms=sms_http". The console provider (var/outbox/) records a service that reached nobody, so it is the
# default only under DEBUG, tests and the demo (the marker var/demo-no-otp); in production a channel with no provider
# set is refused, never recorded as served.
_CONSOLE_DELIVERY = DEBUG or TESTING or (VAR_DIR / "demo-no-otp").exists()
FAZHI_DELIVERY_PROVIDERS = (dict.fromkeys(("email", "sms", "fax", "app"), "console") if _CONSOLE_DELIVERY else {}) | {
    channel.strip(): provider.strip()
    for channel, _, provider in (
        pair.partition("=") for pair in os.environ.get("FAZHI_DELIVERY_PROVIDERS", "").split(",") if "=" in pair
    )
}
FAZHI_DELIVERY_OUTBOX = os.environ.get("FAZHI_DELIVERY_OUTBOX", str(VAR_DIR / "outbox"))
FAZHI_DELIVERY_SMS_URL = os.environ.get("FAZHI_DELIVERY_SMS_URL", "")
FAZHI_DELIVERY_SMS_TOKEN = os.environ.get("FAZHI_DELIVERY_SMS_TOKEN", "")
FAZHI_DELIVERY_SMS_TIMEOUT = float(os.environ.get("FAZHI_DELIVERY_SMS_TIMEOUT", "10"))
FAZHI_DELIVERY_WEBHOOK_SECRET = os.environ.get("FAZHI_DELIVERY_WEBHOOK_SECRET", "")  # empty: the webhook is closed
FAZHI_DELIVERY_EMAIL_FROM = os.environ.get("FAZHI_DELIVERY_EMAIL_FROM", "")  # empty: DEFAULT_FROM_EMAIL
FAZHI_DELIVERY_EMAIL_DOMAIN = os.environ.get("FAZHI_DELIVERY_EMAIL_DOMAIN", "")  # the Message-ID's domain
# The SMTP server the email provider hands messages to (Django's mail); the password comes from the environment only.
EMAIL_HOST = os.environ.get("FAZHI_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("FAZHI_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("FAZHI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("FAZHI_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("FAZHI_EMAIL_TLS", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("FAZHI_EMAIL_FROM", "webmaster@localhost")
FAZHI_SOFFICE = os.environ.get("FAZHI_SOFFICE", "")  # LibreOffice for PDF output; empty: look for soffice on PATH

# --- 法制 affairs, complaints (fazhi.legal_affairs, fazhi.complaints; see docs/legal-affairs.md) -------------------
# Yearly study hours each officer must reach (a bureau setting: the seeds mention 40 and 60).
FAZHI_STUDY_HOURS_MINIMUM = int(os.environ.get("FAZHI_STUDY_HOURS_MINIMUM", "40"))
# Working days a dispatched complaint has to be handled in (a setting of the bureau or the 12345 platform).
FAZHI_COMPLAINT_WORKING_DAYS = int(os.environ.get("FAZHI_COMPLAINT_WORKING_DAYS", "5"))

# --- 执法监督 (fazhi.supervision; see docs/supervision.md) -----------------------------------------------------------
FAZHI_SUPERVISION_DECISION_WARNING_DAYS = int(os.environ.get("FAZHI_SUPERVISION_DECISION_WARNING_DAYS", "10"))  # day 80
FAZHI_SUPERVISION_COURT_WARNING_DAYS = int(os.environ.get("FAZHI_SUPERVISION_COURT_WARNING_DAYS", "30"))
FAZHI_SUPERVISION_REMINDER_AFTER_DAYS = int(os.environ.get("FAZHI_SUPERVISION_REMINDER_AFTER_DAYS", "30"))
FAZHI_FILE_REVIEW_EXCELLENT_PERCENT = int(os.environ.get("FAZHI_FILE_REVIEW_EXCELLENT_PERCENT", "90"))
FAZHI_FILE_REVIEW_PASS_PERCENT = int(os.environ.get("FAZHI_FILE_REVIEW_PASS_PERCENT", "60"))


# --- Audit trail (docs/audit.md) -----------------------------------------------------------------------------------
# The keys of the hash chain (HMAC-SHA256), kept outside the database: FAZHI_AUDIT_KEY (with FAZHI_AUDIT_KEY_ID,
# default "k1"), or FAZHI_AUDIT_KEY_FILE (default var/audit_key, written by `make run`), one "id:key" a line, the
# last line being the current key and the earlier ones the old keys still needed to verify old events (rotation:
# append a line). Production (DEBUG off, not testing) refuses to start without one.
def _audit_keys() -> tuple[str, dict[str, str]]:
    lines: list[str] = []
    key_file = os.environ.get("FAZHI_AUDIT_KEY_FILE", "")
    if not key_file and (VAR_DIR / "audit_key").is_file():
        key_file = str(VAR_DIR / "audit_key")
    if key_file:
        try:
            lines = Path(key_file).read_text(encoding="utf-8").split()
        except OSError as exc:
            raise ImproperlyConfigured(f"无法读取审计密钥文件 FAZHI_AUDIT_KEY_FILE={key_file}：{exc}") from exc
    if os.environ.get("FAZHI_AUDIT_KEY"):
        lines.append(f"{os.environ.get('FAZHI_AUDIT_KEY_ID') or 'k1'}:{os.environ['FAZHI_AUDIT_KEY']}")
    keys: dict[str, str] = {}
    current = ""
    for line in lines:
        key_id, sep, key = line.partition(":")
        if not sep or not key_id or len(key) < 16:
            raise ImproperlyConfigured("审计密钥格式应为“编号:密钥”，每行一个，密钥至少16个字符。")
        keys[key_id], current = key, key_id
    if not current and not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "缺少审计密钥：生产环境必须设置 FAZHI_AUDIT_KEY 或 FAZHI_AUDIT_KEY_FILE（DEBUG 已关闭），见 docs/audit.md。"
        )
    return current, keys


FAZHI_AUDIT_KEY_ID, FAZHI_AUDIT_KEYS = _audit_keys()
FAZHI_AUDIT_KEY = FAZHI_AUDIT_KEYS.get(FAZHI_AUDIT_KEY_ID, "")
# Events written without a key (before one was configured) are accepted up to this global sequence number only.
FAZHI_AUDIT_UNKEYED_UNTIL = int(os.environ.get("FAZHI_AUDIT_UNKEYED_UNTIL", "0"))
# Signed checkpoints of the trail, outside the database (a directory, ideally on other storage or a WORM mount).
# Empty (the default under tests): no checkpoints are written or checked.
FAZHI_AUDIT_CHECKPOINT_DIR = os.environ.get(
    "FAZHI_AUDIT_CHECKPOINT_DIR", "" if TESTING else str(VAR_DIR / "audit-checkpoints")
)

# --- 数据交换 (fazhi.exchange; see docs/exchange.md) ------------------------------------------------------------------
# The outbox's delivery: the back-off after the n-th failed attempt is base × 2^(n−1) seconds, at most the cap; after
# MAX_ATTEMPTS the message is a dead letter. An endpoint must be https:// unless ALLOW_HTTP (tests, FAZHI_DEBUG).
FAZHI_EXCHANGE_RETRY_BASE_SECONDS = int(os.environ.get("FAZHI_EXCHANGE_RETRY_BASE_SECONDS", "30"))
FAZHI_EXCHANGE_RETRY_CAP_SECONDS = int(os.environ.get("FAZHI_EXCHANGE_RETRY_CAP_SECONDS", "3600"))
FAZHI_EXCHANGE_MAX_ATTEMPTS = int(os.environ.get("FAZHI_EXCHANGE_MAX_ATTEMPTS", "10"))
FAZHI_EXCHANGE_TIMEOUT_SECONDS = float(os.environ.get("FAZHI_EXCHANGE_TIMEOUT_SECONDS", "10"))
FAZHI_EXCHANGE_ALLOW_HTTP = _env_bool("FAZHI_EXCHANGE_ALLOW_HTTP", DEBUG or TESTING)
FAZHI_EXCHANGE_FILTER_CACHE_SECONDS = int(os.environ.get("FAZHI_EXCHANGE_FILTER_CACHE_SECONDS", "30"))
# Inbound camera leads: the largest photo and video a 非现场执法 system may push, and how many files per lead.
FAZHI_EXCHANGE_CAMERA_MAX_PHOTO_BYTES = int(os.environ.get("FAZHI_EXCHANGE_CAMERA_MAX_PHOTO_BYTES", str(20 * 1024**2)))
FAZHI_EXCHANGE_CAMERA_MAX_VIDEO_BYTES = int(
    os.environ.get("FAZHI_EXCHANGE_CAMERA_MAX_VIDEO_BYTES", str(500 * 1024**2))
)
FAZHI_EXCHANGE_CAMERA_MAX_FILES = int(os.environ.get("FAZHI_EXCHANGE_CAMERA_MAX_FILES", "10"))
