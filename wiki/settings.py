"""
Settings for the fan wiki.

Every value that differs between deployments comes from the environment (or a
`.env` file beside `manage.py`); the defaults run a bare checkout on SQLite.
`.env.example` documents each variable.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from wiki import errorreports, media_storage, release

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
# What tells this deploy's code from the last one's (cache keys, error
# reports): RELEASE if the deploy names it, else a digest of the code.
WIKI_RELEASE = env("RELEASE", default="") or release.digest(BASE_DIR)
SECRET_KEY = env(
    "SECRET_KEY",
    default="django-insecure-local-development-key-never-use-in-production",
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    # The task queue's database backend (its worker: manage.py db_worker).
    "django_tasks_db",
    # The wiki core, then the apps that plug into it (the README's app map
    # shows which uses which; tests/test_architecture.py holds them to it).
    "wiki",
    "episodes",
    "characters",
    "credits",
    "multimedia",
    "talk",
    "exchange",
    "community",
]
# The benchmark's tooling (bench/run.py sets BENCH): generate_wiki, the ceiling.
BENCH = env.bool("BENCH", default=False)
if BENCH:
    INSTALLED_APPS.append("bench")

MIDDLEWARE = [
    # First, so that every request is logged, cached pages too.
    "wiki.requestlog.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "wiki.middleware.RefuseNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses what is built below (GZipMiddleware's place: above anything
    # that reads or changes the body); static files and cached pages come
    # already compressed, with a Content-Encoding it leaves alone.
    "wiki.compression.CompressionMiddleware",
    # Cached anonymous pages are served from here, before anything below runs.
    "wiki.pagecache.PageCacheMiddleware",
    # Which database a request reads from, before anything reads (replicas).
    "wiki.replicas.ReplicaMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wiki.middleware.BlockedAdminMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "wiki.middleware.PageMovedMiddleware",
    "wiki.middleware.ProgressMiddleware",
]

ROOT_URLCONF = "wiki.urls"
WSGI_APPLICATION = "wiki.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's, reading numbers past 64 bits as PostgreSQL does (see there).
    DATABASES["default"]["ENGINE"] = "wiki.db.sqlite3"
    # WAL lets readers work while a writer holds the lock; IMMEDIATE makes
    # writers queue for the lock instead of failing mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Server-side binding lets psycopg prepare a query it has run five times
    # on a connection, and PostgreSQL then reuses its plan: planning the ORM's
    # many-table joins costs more than running them. Behind a pooler in
    # transaction mode, set DATABASE_PREPARE_THRESHOLD=off (or give PgBouncer
    # 1.21+ max_prepared_statements).
    threshold = env.str("DATABASE_PREPARE_THRESHOLD", default="5")
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True,
        prepare_threshold=None if threshold == "off" else int(threshold),
    )

# Read replicas (wiki/replicas.py): copies of the primary, named in
# DATABASE_REPLICA_URLS, that take the reads of requests. Each is set up as the
# primary is. Whoever wrote reads the primary for DATABASE_PIN_SECONDS after:
# 10 s covers a healthy streaming replica's lag (well under a second) many
# times over, and a slow moment of one, while the replicas keep nearly every
# read. Outside requests (commands, the task worker) everything reads the
# primary.
WIKI_READ_REPLICAS = []
for number, url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), 1):
    primary, replica = DATABASES["default"], env.db_url_config(url)
    if replica["ENGINE"].rpartition(".")[2] != primary["ENGINE"].rpartition(".")[2]:
        raise ImproperlyConfigured(f"Replica {number} is not a copy of the primary")
    DATABASES[f"replica{number}"] = replica | {
        "ENGINE": primary["ENGINE"],
        "OPTIONS": primary.get("OPTIONS", {}) | replica.get("OPTIONS", {}),
        "CONN_MAX_AGE": primary["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": primary["CONN_HEALTH_CHECKS"],
    }
    WIKI_READ_REPLICAS.append(f"replica{number}")
if WIKI_READ_REPLICAS:
    DATABASE_ROUTERS = ["wiki.replicas.ReplicaRouter"]
WIKI_PIN_SECONDS = env.int("DATABASE_PIN_SECONDS", default=10)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORM_RENDERER = "wiki.formrenderer.FormRenderer"
# A page's text may be 200,000 characters, several bytes each once a form
# encodes them: the edit form must receive an over-long text to refuse it
# with the text kept, rather than the request being cut off.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"].startswith("django_redis"):
    # Redis that hangs costs each request a fraction of a second, and then
    # nothing while the wiki goes on without it (wiki/safecache.py).
    CACHES["default"].setdefault("OPTIONS", {}).update(
        SOCKET_CONNECT_TIMEOUT=0.5, SOCKET_TIMEOUT=0.5
    )

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded media. MEDIA_STORAGE=local keeps them under MEDIA_ROOT, at
# MEDIA_URL (absolute when another host serves them); MEDIA_STORAGE=s3 keeps
# them in an S3-compatible object store (wiki/media_storage.py; the `s3`
# dependency group), read at public addresses of the bucket or S3_CUSTOM_DOMAIN.
# boto3 finds the store's credentials itself (AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY, or the machine's role).
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="local")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
if MEDIA_STORAGE == "s3":
    _media_storage, MEDIA_URL = media_storage.s3(
        bucket=env.str("S3_BUCKET", default=""),
        region=env.str("S3_REGION", default=""),
        endpoint_url=env.str("S3_ENDPOINT_URL", default=""),
        custom_domain=env.str("S3_CUSTOM_DOMAIN", default=""),
        options=env.json("S3_OPTIONS", default={}),
    )
elif MEDIA_STORAGE == "local":
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    MEDIA_URL = env.str("MEDIA_URL", default="media/")
else:
    raise ImproperlyConfigured("MEDIA_STORAGE is either local or s3.")
# Django serves local uploads for `make run`; in production the web server
# does (SERVE_MEDIA=false), and an object store serves its own.
SERVE_MEDIA = MEDIA_STORAGE == "local" and env.bool("SERVE_MEDIA", default=True)
# Pictures from the media host, when it is not the site's (the CSP's img-src).
MEDIA_ORIGINS = media_storage.origins(MEDIA_URL)
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# E-mail: the console by default; EMAIL_URL (smtp+tls://user:pass@host:587)
# points the default mailer at a real server.
_email = env.email_url("EMAIL_URL", default="consolemail://")
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {
            key: _email[setting]
            for key, setting in [
                ("host", "EMAIL_HOST"),
                ("port", "EMAIL_PORT"),
                ("username", "EMAIL_HOST_USER"),
                ("password", "EMAIL_HOST_PASSWORD"),
                ("use_tls", "EMAIL_USE_TLS"),
                ("use_ssl", "EMAIL_USE_SSL"),
            ]
            if _email.get(setting)
        },
    }
}
# Where links in e-mail lead: mail is written by the task worker, outside any
# request, so it cannot ask a request which host the site answers on.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="wiki@localhost")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# Background work (e-mail): Django's tasks framework, queued in the database
# and run by `manage.py db_worker`, a process beside the web servers.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# How long after the first news a daily digest gathers before it is sent.
COMMUNITY_DIGEST_SECONDS = env.int("DIGEST_SECONDS", default=24 * 3600)
# E-mail the mail server refused or timed out on is tried again after each of
# these waits, then given up (and logged); it stays on the site meanwhile.
COMMUNITY_MAIL_RETRY_SECONDS = [60, 5 * 60, 30 * 60, 2 * 3600, 6 * 3600]

# Security. Production sets these through the environment (see .env.example).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https")
    if env.bool("TRUST_X_FORWARDED_PROTO", default=False)
    else None
)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False
)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=False)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *MEDIA_ORIGINS],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    # Video players load only when a reader presses play.
    "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# The wiki: how often one user or one IP address may act, as (times, seconds).
WIKI_RATE_LIMITS = {
    "edit": {"user": (30, 60), "ip": (60, 60)},
    "signup": {"ip": (5, 3600)},
    # Failed log-ins, on the site or in the admin: past either, log-in waits.
    "login": {"ip": (20, 300), "account": (10, 300)},
    "password_reset": {"ip": (5, 3600), "address": (3, 3600)},
    "watch": {"user": (60, 60), "ip": (120, 60)},
    "confirm_email": {"user": (3, 3600), "ip": (10, 3600)},
    "email_change": {"user": (5, 3600)},
    "feed_token": {"user": (5, 3600)},
    # Editors' moderation: patrols, blocks, protections, blocklist changes.
    "moderate": {"user": (60, 60)},
    # Deletions and undeletions: one account cannot empty the wiki in a rush.
    "delete": {"user": (20, 600)},
    # Posting and editing comments on discussions.
    "talk": {"user": (6, 60), "ip": (20, 60)},
}
# A contributor is established once their account is this many days old and
# has made this many edits: their edits need no patrol, they may edit
# semi-protected pages and add links the blocklist names.
WIKI_ESTABLISHED = {
    "edits": env.int("ESTABLISHED_EDITS", default=10),
    "days": env.int("ESTABLISHED_DAYS", default=4),
}
AUTHENTICATION_BACKENDS = ["wiki.auth.ThrottledBackend"]
WIKI_IMAGE_LIMITS = {
    "bytes": env.int("IMAGE_MAX_BYTES", default=10_000_000),
    "pixels": env.int("IMAGE_MAX_PIXELS", default=40_000_000),
    "frames": 300,
}
# Behind a reverse proxy, rate limits count the address it puts last in
# X-Forwarded-For; only turn this on when such a proxy is always in front.
TRUST_X_FORWARDED_FOR = env.bool("TRUST_X_FORWARDED_FOR", default=False)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
CSRF_FAILURE_VIEW = "wiki.views.editing.csrf_failure"

# Whole pages for anonymous readers (see wiki/pagecache.py): which cache, how
# long an entry may live (any change of content replaces it sooner), how long
# a shared cache in front (a CDN, a proxy) may hold a page, and where never.
WIKI_PAGE_CACHE = "default" if env.bool("PAGE_CACHE", default=True) else None
WIKI_PAGE_CACHE_SECONDS = 24 * 3600
WIKI_SHARED_CACHE_SECONDS = env.int("SHARED_CACHE_SECONDS", default=30)
WIKI_PAGE_CACHE_SKIP = (
    # Health checks ask the process itself, every time.
    "/healthz",
    "/readyz",
    "/admin/",
    "/accounts/",
    "/progress/",
    "/upload/",
    "/create/",
    "/_bench/",
    # Personal pages; the watchlist's feed is reached by its private token.
    "/watchlist/",
    "/notifications/",
    "/settings/",
)
# Rendered parts of pages (see wiki/fragments.py), for every reader, logged in
# or not: the page cache off, a page still skips its heaviest work.
WIKI_FRAGMENT_CACHE = "default" if env.bool("FRAGMENT_CACHE", default=True) else None
WIKI_FRAGMENT_CACHE_SECONDS = 24 * 3600
# How often at most each process checks the caches' copy of the content
# generation against the database's (wiki/generations.py): the longest a
# cache that came back with old data may serve pages older than an edit.
WIKI_GENERATION_CHECK_SECONDS = 1
# Pages kept by what they show, so that an edit makes stale only the pages
# showing it (wiki/invalidation.py); false: every edit makes every page stale.
WIKI_NARROW_INVALIDATION = env.bool("NARROW_INVALIDATION", default=True)
# Apps whose records make up what pages show: whatever writes them invalidates
# what shows them (the suite checks it: tests/invalidation_guard.py).
# talk: every page shows how many comments its discussion has.
WIKI_CONTENT_APPS = {"wiki", "episodes", "characters", "credits", "multimedia", "talk"}

# Errors and logs. Uncaught errors are mailed to ADMINS (a list of addresses)
# unless DEBUG, and sent to Sentry when SENTRY_DSN is set; every request logs
# one line (wiki/requestlog.py) and every line names its request's id.
ADMINS = env.list("ADMINS", default=[])
EMAIL_SUBJECT_PREFIX = "[wiki] "
# Error reports show no cookie's value, nor the CSRF secret.
DEFAULT_EXCEPTION_REPORTER_FILTER = "wiki.errorreports.ReportFilter"
# Error mail is sent from the failing request, so a mail server that hangs
# must not hold it for long; the same error is mailed once in this many
# seconds per process (wiki.errorreports.MailBurstFilter).
if MAILERS["default"]["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend":
    MAILERS["errors"] = {
        "BACKEND": MAILERS["default"]["BACKEND"],
        "OPTIONS": MAILERS["default"]["OPTIONS"] | {"timeout": 5},
    }
WIKI_ERROR_MAIL_SECONDS = 300
# Take the request id from the proxy's X-Request-ID only when a proxy that
# always sets it is in front; otherwise anyone could choose ids.
TRUST_X_REQUEST_ID = env.bool("TRUST_X_REQUEST_ID", default=False)
errorreports.init_sentry(
    dsn=env("SENTRY_DSN", default=""),
    release=WIKI_RELEASE,
    environment=env("SENTRY_ENVIRONMENT", default="production"),
    traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "request_id": {"()": "wiki.requestlog.RequestIdFilter"},
        "mail_bursts": {"()": "wiki.errorreports.MailBurstFilter"},
    },
    "formatters": {
        "line": {
            "format": "%(asctime)s %(levelname)s %(name)s "
            "request_id=%(request_id)s %(message)s"
        },
        "mail": {"format": "%(message)s\n\nrequest_id=%(request_id)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "line",
        },
        "mail_admins": {
            "level": "ERROR",
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["require_debug_false", "request_id", "mail_bursts"],
            "formatter": "mail",
            "using": "errors" if "errors" in MAILERS else "default",
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Without Django's own handlers (its console, a second mail_admins)
        # and level: its records reach the console through the root, at
        # LOG_LEVEL like every other (the request lines of wiki.requests too).
        "django": {"handlers": [], "level": "NOTSET"},
        "django.request": {"handlers": ["mail_admins"]},
    },
}
