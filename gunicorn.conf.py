"""Gunicorn's settings in production (`gunicorn wiki.wsgi` reads them from here)
and in the benchmark."""

import multiprocessing
import os

# Gunicorn's own advice, two workers a core and one more: a worker waiting on
# PostgreSQL or Redis leaves its core to another. WEB_CONCURRENCY overrides it.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
# No access log: the site logs one line a request itself (wiki/requestlog.py),
# with its request id and whether the page came from the cache.
accesslog = None
