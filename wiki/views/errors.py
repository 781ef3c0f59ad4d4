import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

# The database is unreachable (refused, gone, locked for too long): a state
# that passes, not a fault of the page.
UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def server_error(request):
    """Django's 500 page, or a 503 that says to come back when what failed
    is the database; the page cache serves what it kept instead, if it can
    (wiki/pagecache.py)."""
    if isinstance(sys.exc_info()[1], UNAVAILABLE):
        return database_unavailable()
    return defaults.server_error(request)


def database_unavailable():
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response.database_unavailable = True
    return response
