"""
The number of unread notifications in the header of every page a
contributor sees: kept in the shared cache per user, so a page costs no
query for it until a notification comes or is read, then one.

Only logged-in pages show it, and those never enter the page cache or a
fragment (wiki/pagecache.py, wiki/fragments.py): one user's count cannot
reach another's page.
"""

from django.db import transaction

from community.models import Notification
from wiki import safecache

ALIAS = "default"
# A count made just as a notification arrived could be kept stale: this
# bounds how long.
SECONDS = 300


def _key(user_id) -> str:
    return f"community:unread:{user_id}"


def unread(user) -> int:
    key = _key(user.pk)
    found = safecache.call(ALIAS, "get", key)
    if found is None:
        found = Notification.objects.unread_by(user).count()
        safecache.call(ALIAS, "set", key, found, SECONDS)
    return found


def forget(user_ids) -> None:
    safecache.call(ALIAS, "delete_many", [_key(pk) for pk in set(user_ids)])


def forget_after_commit(user_ids) -> None:
    """Forget now, and again once the change is seen by other connections
    (a count made meanwhile would miss it)."""
    user_ids = list(user_ids)
    if user_ids:
        forget(user_ids)
        transaction.on_commit(lambda: forget(user_ids))
