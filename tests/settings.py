"""
The site's own settings, plus what only the test suite needs: an example
kind of page, fast password hashing, caches of rendered pages off.

Everything a deployment can change still comes from the environment (the
suite runs again on PostgreSQL through DATABASE_URL).
"""

from copy import deepcopy

from wiki.settings import *  # noqa: F403

# An example kind of page that an app adds without touching the core.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.locations"]  # noqa: F405
ROOT_URLCONF = "tests.urls"

# Hashing a password the production way takes a good part of a second, and
# the suite makes hundreds of accounts. The second hasher reads and writes
# passwords for the servers the suite starts, which use the site's settings.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# Tests run inside a transaction that never commits, so the caches of rendered
# pages would never hear of their edits; the tests of those caches turn them
# on (tests/wiki/test_page_cache.py, tests/wiki/test_fragments.py).
WIKI_PAGE_CACHE = None
WIKI_FRAGMENT_CACHE = None
# Checked against the database only when a cache lacks it or has failed, so
# that a test counting queries counts the same whatever the clock says.
WIKI_GENERATION_CHECK_SECONDS = None

# Templates render without collectstatic having run first.
STORAGES = STORAGES | {  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
}

# A replica of the database, for the tests of reading from replicas
# (tests/wiki/test_replicas.py): a mirror of the default database, so none is
# made; nothing reads from it unless a test turns the router on.
DATABASES["replica1"] = deepcopy(DATABASES["default"]) | {  # noqa: F405
    "TEST": {"MIRROR": "default"}
}

# The test database in memory, as for Django's own SQLite backend, which
# pytest-django recognises only by its name.
if DATABASES["default"]["ENGINE"] == "wiki.db.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}  # noqa: F405
