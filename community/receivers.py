"""
What the community app hears from the wiki (wiki/signals.py): revisions as
they are recorded, comments as they are posted.

The comment's contract, as this app uses it: `comment.author` (a user, who
is never told of their own comment) and `comment.get_absolute_url()` (where
a notification leads), and, when it has them, `comment.thread.title` and
`comment.reply_to_id` (for watchlists); the signal's `page` (a wiki page, or
anything else, read as none), `replied_to` and `mentioned` (users).
"""

import re

from django.db.models import Q

from community import notify, watching
from community.models import Delivery, Notification, Preferences, TalkActivity
from wiki import signals
from wiki.addresses import slug_url
from wiki.models import Page, Revision

Action = Revision.Action
Kind = Notification.Kind
# Edits that make a page one's own, so that it is watched.
WATCHED_ACTIONS = {
    Action.CREATE,
    Action.EDIT,
    Action.RENAME,
    Action.RESTORE,
    Action.ROLLBACK,
}
# wiki.services.restore_revision says which revision it brought back.
RESTORED = re.compile(r"Restored revision (\d+)")


def connect() -> None:
    signals.revision_recorded.connect(on_revision, dispatch_uid="community.on_revision")
    signals.comment_posted.connect(on_comment, dispatch_uid="community.on_comment")


def on_revision(sender, revision, **kwargs):
    author = revision.author
    if author is not None and revision.action in WATCHED_ACTIONS:
        watching.auto_watch(user=author, page_id=revision.page_id)
    undone = _undone_authors(revision)
    if undone:
        notify.notify(
            recipients=undone,
            kind=Kind.REVERTED,
            actor=author,
            page=revision.page,
            url=_diff_url(revision),
        )
    if not revision.is_minor and revision.parent_id is not None:
        notify.notify(
            recipients=_watchers_told(revision) - undone,
            kind=Kind.WATCHED,
            actor=author,
            page=revision.page,
            url=_diff_url(revision),
        )


def _diff_url(revision) -> str:
    path = slug_url("wiki:diff", revision.page.slug)
    return f"{path}?from={revision.number - 1}&to={revision.number}"


def _undone_authors(revision) -> set[int]:
    """Whose edits a rollback or a restore undid (never the one who did it)."""
    if revision.action == Action.ROLLBACK and revision.parent_id:
        # A rollback undoes the last author's consecutive edits.
        culprit = revision.parent.author_id
        found = {culprit} if culprit else set()
    elif revision.action == Action.RESTORE and (
        match := RESTORED.match(revision.summary)
    ):
        found = set(
            Revision.objects.filter(
                page_id=revision.page_id,
                number__gt=int(match[1]),
                number__lt=revision.number,
                author__isnull=False,
            ).values_list("author_id", flat=True)
        )
    else:
        return set()
    return found - {revision.author_id}


def _watchers_told(revision) -> set[int]:
    return _watchers_of(revision.page_id, but=revision.author_id)


def _watchers_of(page_id, *, but) -> set[int]:
    """Watchers of the page who asked to hear of its changes (opt-in)."""
    return set(
        Preferences.objects.filter(user__watches__page_id=page_id)
        .filter(Q(watched_web=True) | ~Q(watched_email=Delivery.OFF))
        .exclude(user_id=but)
        .values_list("user_id", flat=True)
    )


def on_comment(sender, comment, page=None, replied_to=(), mentioned=(), **kwargs):
    page = page if isinstance(page, Page) else None
    actor = comment.author
    url = comment.get_absolute_url()
    mentioned = {user.pk for user in mentioned}
    notify.notify(
        recipients=mentioned, kind=Kind.MENTION, actor=actor, page=page, url=url
    )
    replied_to = {user.pk for user in replied_to} - mentioned
    notify.notify(
        recipients=replied_to, kind=Kind.REPLY, actor=actor, page=page, url=url
    )
    if page is None:
        return
    # Watching a page watches its discussion (as in MediaWiki).
    thread = getattr(comment, "thread", None)
    TalkActivity.objects.create(
        page=page,
        actor=actor,
        topic=getattr(thread, "title", "")[:200],
        is_reply=getattr(comment, "reply_to_id", None) is not None,
        url=url[:500],
    )
    notify.notify(
        recipients=_watchers_of(page.pk, but=getattr(actor, "pk", None))
        - mentioned
        - replied_to,
        kind=Kind.WATCHED_TALK,
        actor=actor,
        page=page,
        url=url,
    )
