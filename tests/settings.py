"""
The site's own settings, plus what only the test suite needs.

Everything a deployment can change still comes from the environment (the
suite runs again on PostgreSQL through DATABASE_URL); this adds no behaviour
of the site, only what makes tests fast.
"""

from wiki.settings import *  # noqa: F403

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

# Templates render without collectstatic having run first.
STORAGES = STORAGES | {  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
}
