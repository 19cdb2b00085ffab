"""onestop settings: one module, driven by environment variables (documented in README.md)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or env_bool("ONESTOP_DEV", False)):
        raise RuntimeError("SECRET_KEY must be set (or ONESTOP_DEV=1 for a local demo).")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # First: its admin/base_site.html (site name, language switch) overrides the admin's own.
    "onestop.core",  # and before ninja: its ninja/swagger.html puts the site's header on /api/docs
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # serves the Swagger UI of /api/docs from local static files
    "onestop.catalog",
    "onestop.accounts",
    "onestop.notifications",
    "onestop.certs",
    "onestop.exchange",
    "onestop.rules",
    "onestop.processes",
    "onestop.cases",
    "onestop.ratings",
    "onestop.business",
    "onestop.bundles",
    "onestop.window",
    "onestop.appointments",
    "onestop.complaints",
    "onestop.news",
    "onestop.assistant",
    "django_tasks",
    "django_tasks_db",
    "onestop.portal",
    "onestop.stats",
    "onestop.console",
    "onestop.kiosk",
    "onestop.halls",
    "onestop.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "onestop.core.language.CookieLanguageMiddleware",  # Chinese unless the visitor chose English
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "onestop.core.session_lifetime.SessionLifetimeMiddleware",
    "onestop.core.headers.SecurityHeadersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "onestop.catalog.search_index.CatalogFreshnessMiddleware",
]

ROOT_URLCONF = "onestop.urls"
WSGI_APPLICATION = "onestop.wsgi.application"

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
                "onestop.core.context_processors.site",
                "onestop.notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the task worker writes. Writers wait for each other (a
    # busy timeout, seconds) instead of failing with "database is locked", and a transaction takes
    # the write lock when it begins (IMMEDIATE): a deferred one that read first and then writes cannot
    # wait for the lock, SQLite fails it at once.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT_SECONDS", 20),
        # scripts/test.sh sets DEFERRED for the test process: its test-wide transaction must not hold
        # the write lock that the browser tests' server process needs.
        "transaction_mode": os.environ.get("SQLITE_TRANSACTION_MODE", "IMMEDIATE"),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A file, not memory, so that the server process of the browser tests sees the test data.
    # Named after the database file, so that two test runs with different DATABASE_URLs never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test-{Path(DATABASES['default']['NAME']).name}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# One login policy (lockout keyed on the account and source) for the staff and admin logins.
AUTHENTICATION_BACKENDS = ["onestop.accounts.login_policy.PolicyBackend"]
LOGIN_URL = "/accounts/login/"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "中文"), ("en", "English")]
# The visitor's choice from the language switch (onestop/core/language.py); the browser's
# Accept-Language is never consulted. Message catalogues: each app's locale/en (msgids are the
# Chinese text) and onestop/locale for third-party apps' Chinese (docs/i18n.md).
LANGUAGE_COOKIE_NAME = "language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [BASE_DIR / "onestop" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
# Front-end libraries come from npm (package.json); `make assets` copies the few built files that
# pages load from node_modules into var/vendor, which is served as /static/vendor/.
VENDOR_ASSETS = BASE_DIR / "var" / "vendor"
STATICFILES_DIRS = [("vendor", VENDOR_ASSETS)]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Per-process memory cache, used only for content whose key carries its version (rendered guide
# fragments keyed by item code + version), so processes never need to agree on it.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Uploaded materials are personal data (encrypted at rest, onestop/cases/material_files.py):
# readable by the server's own user only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Per network address and hour: one-time codes requested, and real-name checks at registration. A
# service hall's kiosks or a company behind one NAT address may need more.
ONESTOP_OTP_PER_ADDRESS_PER_HOUR = env_int("ONESTOP_OTP_PER_ADDRESS_PER_HOUR", 20)
ONESTOP_IDENTITY_CHECKS_PER_ADDRESS_PER_HOUR = env_int("ONESTOP_IDENTITY_CHECKS_PER_ADDRESS_PER_HOUR", 10)
# Sessions (README "Sessions"): ended after a spell without requests and a fixed time after sign-in,
# shorter for staff, who read other people's data; the cookie goes when the browser closes (kiosks).
ONESTOP_STAFF_IDLE_SECONDS = env_int("ONESTOP_STAFF_IDLE_MINUTES", 30) * 60
ONESTOP_STAFF_MAX_SECONDS = env_int("ONESTOP_STAFF_MAX_HOURS", 8) * 3600
ONESTOP_CITIZEN_IDLE_SECONDS = env_int("ONESTOP_CITIZEN_IDLE_MINUTES", 30) * 60
ONESTOP_CITIZEN_MAX_SECONDS = env_int("ONESTOP_CITIZEN_MAX_HOURS", 4) * 3600
# Kiosk sessions (onestop/kiosk): the page itself asks 继续办理? after 90 s without a touch and logs
# out 30 s later; the server refuses a kiosk session idle longer than this, and any after the maximum.
ONESTOP_KIOSK_IDLE_SECONDS = env_int("ONESTOP_KIOSK_IDLE_MINUTES", 3) * 60
ONESTOP_KIOSK_MAX_SECONDS = env_int("ONESTOP_KIOSK_MAX_MINUTES", 30) * 60
SESSION_COOKIE_AGE = max(ONESTOP_STAFF_MAX_SECONDS, ONESTOP_CITIZEN_MAX_SECONDS)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_id_numbers": {"()": "onestop.core.logging.MaskIdNumbers"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_id_numbers"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # httpx logs request URLs at INFO; some outside-system URLs carry an ID number.
    "loggers": {"jieba": {"level": "WARNING"}, "httpx": {"level": "WARNING"}, "httpcore": {"level": "WARNING"},
                "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# The jurisdiction this installation serves.
ONESTOP_JURISDICTION = os.environ.get("ONESTOP_JURISDICTION", "珠海市斗门区")
ONESTOP_SITE_NAME = os.environ.get("ONESTOP_SITE_NAME", "斗门区政务服务网")
ONESTOP_AREA_CODE = os.environ.get("ONESTOP_AREA_CODE", "440403")
# What a government website's footer must carry (政府网站发展指引, 国办发〔2017〕47号): its 网站标识码 and the
# ICP and public-security filing numbers. Issued to each installation; a line is left out until it is set.
ONESTOP_SPONSOR = os.environ.get("ONESTOP_SPONSOR", f"{ONESTOP_JURISDICTION}人民政府")  # 主办
ONESTOP_ORGANISER = os.environ.get("ONESTOP_ORGANISER", f"{ONESTOP_JURISDICTION}政务服务和数据管理局")  # 承办
ONESTOP_SITE_ID_CODE = os.environ.get("ONESTOP_SITE_ID_CODE", "")  # 网站标识码, e.g. 4404030001
ONESTOP_ICP_NUMBER = os.environ.get("ONESTOP_ICP_NUMBER", "")  # e.g. 粤ICP备12345678号
ONESTOP_PSB_NUMBER = os.environ.get("ONESTOP_PSB_NUMBER", "")  # e.g. 粤公网安备 44040302000123号
# Service-hall map: tile layer URL (Leaflet pattern, e.g. https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png);
# empty (the default, offline) draws the halls on a plain background. GCJ-02: set for Chinese providers
# (高德, 腾讯), whose tiles are drawn in GCJ-02: markers stored in WGS-84 are then converted.
ONESTOP_MAP_TILE_URL = os.environ.get("ONESTOP_MAP_TILE_URL", "")
ONESTOP_MAP_TILE_GCJ02 = env_bool("ONESTOP_MAP_TILE_GCJ02", False)
ONESTOP_MAP_TILE_ATTRIBUTION = os.environ.get("ONESTOP_MAP_TILE_ATTRIBUTION", "")
ONESTOP_MAP_TILE_SUBDOMAINS = os.environ.get("ONESTOP_MAP_TILE_SUBDOMAINS", "abc")  # what {s} stands for
# Generated names load_demo puts in the demo name register besides the demo companies, when it is
# empty (the million-name register of the benchmark: manage.py load_name_register --count 1000000).
ONESTOP_DEMO_REGISTER_NAMES = env_int("ONESTOP_DEMO_REGISTER_NAMES", 20000)

# Keys for personal data at rest (hex). Required in production; a development installation derives
# them from SECRET_KEY. Changing ONESTOP_DATA_KEY makes stored ID numbers unreadable.
ONESTOP_DATA_KEY = os.environ.get("ONESTOP_DATA_KEY", "")  # 16 bytes: SM4-GCM
ONESTOP_LOOKUP_KEY = os.environ.get("ONESTOP_LOOKUP_KEY", "")  # 32 bytes: HMAC-SM3
if not DEBUG and not env_bool("ONESTOP_DEV", False) and not (ONESTOP_DATA_KEY and ONESTOP_LOOKUP_KEY):
    raise RuntimeError("ONESTOP_DATA_KEY and ONESTOP_LOOKUP_KEY must be set in production.")

# Outside systems (simulators in development: docs/simulators.md).
ONESTOP_POPULATION_URL = os.environ.get("ONESTOP_POPULATION_URL", "http://127.0.0.1:8101")
# The data sources of the exchange layer by code (docs/data-exchange.md); simulators of `make run` by default.
ONESTOP_DATA_SOURCE_URLS = {
    "population": ONESTOP_POPULATION_URL,
    "household": os.environ.get("ONESTOP_HOUSEHOLD_URL", ONESTOP_POPULATION_URL),
    "marriage": os.environ.get("ONESTOP_MARRIAGE_URL", "http://127.0.0.1:8104"),
    "social_insurance": os.environ.get("ONESTOP_SOCIAL_INSURANCE_URL", "http://127.0.0.1:8105"),
    "disability": os.environ.get("ONESTOP_DISABILITY_URL", "http://127.0.0.1:8106"),
    "company_register": os.environ.get("ONESTOP_COMPANY_REGISTER_URL", "http://127.0.0.1:8107"),
    "credit": os.environ.get("ONESTOP_CREDIT_URL", "http://127.0.0.1:8108"),
    "education": os.environ.get("ONESTOP_EDUCATION_URL", "http://127.0.0.1:8109"),
    "subsidy_payments": os.environ.get("ONESTOP_SUBSIDY_PAYMENTS_URL", "http://127.0.0.1:8110"),
}
ONESTOP_SMS_URL = os.environ.get("ONESTOP_SMS_URL", "http://127.0.0.1:8102")
# Carrier real-name check (运营商三要素) that binds a mobile to a person at registration.
ONESTOP_CARRIER_URL = os.environ.get("ONESTOP_CARRIER_URL", "http://127.0.0.1:8111")
ONESTOP_SIMULATOR_TOKEN = os.environ.get("SIM_TOKEN", "dev-simulator-token")
# The parallel branches of company start-up (onestop/business/branches), by step name; simulators
# of `make run` by default. Each system has its own token, the simulators' SIM_TOKEN unless set.
ONESTOP_BRANCH_URLS = {
    "seal": os.environ.get("ONESTOP_SEAL_MAKER_URL", "http://127.0.0.1:8112"),
    "bank": os.environ.get("ONESTOP_BANK_URL", "http://127.0.0.1:8113"),
    "tax": os.environ.get("ONESTOP_TAX_URL", "http://127.0.0.1:8114"),
    "social_insurance": os.environ.get("ONESTOP_SOCIAL_INSURANCE_REGISTRATION_URL", "http://127.0.0.1:8115"),
}
ONESTOP_BRANCH_TOKENS = {
    "seal": os.environ.get("ONESTOP_SEAL_MAKER_TOKEN", ONESTOP_SIMULATOR_TOKEN),
    "bank": os.environ.get("ONESTOP_BANK_TOKEN", ONESTOP_SIMULATOR_TOKEN),
    "tax": os.environ.get("ONESTOP_TAX_TOKEN", ONESTOP_SIMULATOR_TOKEN),
    "social_insurance": os.environ.get("ONESTOP_SOCIAL_INSURANCE_REGISTRATION_TOKEN", ONESTOP_SIMULATOR_TOKEN),
}
# Shorter than the branch steps' timeout (their lease), so that a slow system fails the attempt first.
ONESTOP_BRANCH_TIMEOUT_SECONDS = float(os.environ.get("ONESTOP_BRANCH_TIMEOUT_SECONDS", "10"))
ONESTOP_SMS_SIGN = os.environ.get("ONESTOP_SMS_SIGN", "斗门政务")
ONESTOP_OUTSIDE_TIMEOUT_SECONDS = float(os.environ.get("ONESTOP_OUTSIDE_TIMEOUT_SECONDS", "3"))
# Modules of process-step handlers to import besides those the apps register (onestop/processes).
ONESTOP_PROCESS_HANDLER_MODULES = env_list("ONESTOP_PROCESS_HANDLER_MODULES", "")
# Background tasks: a queue in the database (django-tasks), run by `manage.py db_worker`: notice
# deliveries (onestop/notifications/tasks.py). 秒批 and multi-step work run on the process engine.
TASKS = {"default": {"BACKEND": os.environ.get("ONESTOP_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# Notices (onestop/notifications): delivered by the task worker (manage.py db_worker).
ONESTOP_SITE_URL = os.environ.get("ONESTOP_SITE_URL", "http://127.0.0.1:8000").rstrip("/")  # links in e-mails
ONESTOP_NOTIFY_MAX_ATTEMPTS = env_int("ONESTOP_NOTIFY_MAX_ATTEMPTS", 6)
ONESTOP_NOTIFY_RETRY_BASE_SECONDS = env_int("ONESTOP_NOTIFY_RETRY_BASE_SECONDS", 30)  # 30 s, 1 min, 2 min …
ONESTOP_NOTIFY_LEASE_SECONDS = env_int("ONESTOP_NOTIFY_LEASE_SECONDS", 120)  # a killed sender's claim ends
# Per person per channel per hour; the inbox is never limited.
ONESTOP_NOTIFY_RATE_LIMITS = {"sms": env_int("ONESTOP_NOTIFY_SMS_PER_HOUR", 10),
                              "email": env_int("ONESTOP_NOTIFY_EMAIL_PER_HOUR", 30)}
ONESTOP_NOTIFY_SMS_MAX_PARTS = env_int("ONESTOP_NOTIFY_SMS_MAX_PARTS", 2)  # with the signature, 67 characters a part
EMAIL_HOST = os.environ.get("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)  # STARTTLS
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)  # implicit TLS (port 465)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "斗门区政务服务网 <noreply@doumen.gov.cn.example>")
# The department that runs the certificate library and signs consented disclosures (SD-JWT).
ONESTOP_CERT_LIBRARY_DEPARTMENT = os.environ.get("ONESTOP_CERT_LIBRARY_DEPARTMENT", "D001")

# Login through the provincial identity platform (OpenID Connect). Empty issuer: OIDC login is off.
# A development installation (ONESTOP_DEV=1) uses the OIDC provider simulator of `make run` (port 8103).
_OIDC_DEV = env_bool("ONESTOP_DEV", False)
ONESTOP_OIDC_ISSUER = os.environ.get("ONESTOP_OIDC_ISSUER", "http://127.0.0.1:8103" if _OIDC_DEV else "")
ONESTOP_OIDC_CLIENT_ID = os.environ.get("ONESTOP_OIDC_CLIENT_ID", "onestop-dev")
ONESTOP_OIDC_CLIENT_SECRET = os.environ.get("ONESTOP_OIDC_CLIENT_SECRET", "dev-oidc-secret" if _OIDC_DEV else "")
ONESTOP_OIDC_SCOPES = os.environ.get("ONESTOP_OIDC_SCOPES", "openid profile")
ONESTOP_OIDC_ID_NUMBER_CLAIM = os.environ.get("ONESTOP_OIDC_ID_NUMBER_CLAIM", "id_number")
ONESTOP_OIDC_PROVIDER_NAME = os.environ.get("ONESTOP_OIDC_PROVIDER_NAME", "广东省统一身份认证平台")
ONESTOP_OIDC_REDIRECT_URI = os.environ.get("ONESTOP_OIDC_REDIRECT_URI", "")
if ONESTOP_OIDC_ISSUER and not ONESTOP_OIDC_CLIENT_SECRET:
    raise RuntimeError("ONESTOP_OIDC_CLIENT_SECRET must be set when ONESTOP_OIDC_ISSUER is.")

# Open311 GeoReport v2 (onestop/complaints/open311): the jurisdiction_id this endpoint answers for.
ONESTOP_OPEN311_JURISDICTION = os.environ.get("ONESTOP_OPEN311_JURISDICTION", "doumen.gov.cn")
# Reports one api_key may POST per hour: a client gone wrong must not flood a department's queue.
ONESTOP_OPEN311_POSTS_PER_KEY_PER_HOUR = env_int("ONESTOP_OPEN311_POSTS_PER_KEY_PER_HOUR", 300)
