"""Established contributors: old enough and with enough edits
(`WIKI_ESTABLISHED`) that their edits need no patrol, and that they may edit
semi-protected pages and add links the blocklist names."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from wiki.models import Revision

EDITOR_RIGHT = "wiki.patrol_edits"


def threshold() -> tuple[int, int]:
    """(edits, days) a contributor needs."""
    limits = settings.WIKI_ESTABLISHED
    return limits["edits"], limits["days"]


def edit_count(user, *, up_to: int) -> int:
    """The user's edits, counted no further than `up_to` (an index range
    read of at most that many rows, however prolific they are)."""
    if up_to <= 0:
        return 0
    return Revision.objects.filter(author=user).order_by()[:up_to].count()


def is_established(user) -> bool:
    """Whether the user's edits are trusted without a patrol. Editors and
    staff always are. At most one query, remembered on the user object for
    the rest of the request; lists never ask row by row (a revision records
    at creation whether it needed a patrol)."""
    if not user.is_authenticated:
        return False
    cached = user.__dict__.get("_wiki_established")
    if cached is None:
        cached = _established(user)
        user.__dict__["_wiki_established"] = cached
    return cached


def _established(user) -> bool:
    if user.is_staff or user.has_perm(EDITOR_RIGHT):
        return True
    edits, days = threshold()
    if user.date_joined > timezone.now() - timedelta(days=days):
        return False
    return edit_count(user, up_to=edits) >= edits


def progress(user) -> dict:
    """How far a contributor is from being established, for notices."""
    edits, days = threshold()
    age = timezone.now() - user.date_joined
    return {
        "edits": edits,
        "days": days,
        "made": edit_count(user, up_to=edits) if user.is_authenticated else 0,
        "age_days": max(age.days, 0),
    }
