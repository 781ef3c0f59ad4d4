"""
What a watchlist lists: the changes to the pages a contributor watches and
the comments on their discussions, in one list, newest first; and the
watched pages deleted meanwhile.

Revisions and comments are two tables: one query pages through both (a
UNION of their ids and times), then one query each reads the rows shown, so
the cost stays the same however long the list.
"""

from datetime import timedelta

from django.db.models import F, Value
from django.utils import timezone

from community.models import TalkActivity, Watch
from wiki.models import LogEntry, Revision

REVISION, COMMENT = "r", "c"


def watched_entries(user, *, kind="", days=7, hideminor=False, hidemine=False):
    """(source, id, created_at) of each revision and comment on a page `user`
    watches over the last `days`, newest first; sliced, then read by
    `load()`."""
    since = timezone.now() - timedelta(days=days)
    watched = Watch.objects.filter(user=user).values("page_id")
    revisions = Revision.objects.recent_changes(kind=kind, hideminor=hideminor)
    revisions = revisions.filter(page__in=watched, created_at__gte=since)
    comments = TalkActivity.objects.filter(
        page__in=watched, page__deleted_at__isnull=True, created_at__gte=since
    )
    if kind:
        comments = comments.filter(page__kind=kind)
    if hidemine:
        revisions = revisions.exclude(author=user)
        comments = comments.exclude(actor=user)
    return (
        revisions.order_by()
        .annotate(source=Value(REVISION))
        .values_list("source", "id", "created_at")
        .union(
            comments.order_by()
            .annotate(source=Value(COMMENT))
            .values_list("source", "id", "created_at"),
            all=True,
        )
        .order_by("-created_at", "-source", "-id")
    )


def load(rows) -> list:
    """The revisions and comments of `rows` (from watched_entries), in order;
    each says which it is with `is_comment`."""
    ids = {REVISION: [], COMMENT: []}
    for source, pk, _ in rows:
        ids[source].append(pk)
    found = {}
    if ids[REVISION]:
        for revision in Revision.objects.select_related("page", "author").filter(
            pk__in=ids[REVISION]
        ):
            revision.is_comment = False
            found[REVISION, revision.pk] = revision
    if ids[COMMENT]:
        for comment in TalkActivity.objects.select_related("page", "actor").filter(
            pk__in=ids[COMMENT]
        ):
            comment.is_comment = True
            comment.author = comment.actor
            comment.author_id = comment.actor_id
            found[COMMENT, comment.pk] = comment
    return [found[source, pk] for source, pk, _ in rows if (source, pk) in found]


def deleted_watched(user, *, days=7, limit=50) -> list:
    """The deletion of each page `user` watches that is deleted now, if it
    was deleted over the last `days`: its log entry, with who and why."""
    since = timezone.now() - timedelta(days=days)
    return list(
        LogEntry.objects.filter(
            action=LogEntry.Action.DELETE,
            page__deleted_at__isnull=False,
            page__watches__user=user,
            created_at__gte=since,
        )
        # The latest deletion only, for a page deleted more than once.
        .filter(created_at__gte=F("page__deleted_at"))
        .select_related("actor", "page")
        .order_by("-created_at", "-pk")[:limit]
    )
