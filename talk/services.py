"""
Every write to a discussion: posting, replying, editing, hiding. Each is one
transaction; a new comment is announced (wiki.signals.comment_posted) once it
commits, and hiding is logged in the public log inside its own.

As for pages, links a contributor who is not yet established adds are checked
against the link blocklist, and a comment may name at most MAX_MENTIONS
users: either refusal is a ValidationError, which undoes the write.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from talk import mentions
from talk.models import Comment, CommentRevision, Discussion, Thread
from wiki import invalidation, logs, signals
from wiki.moderation import linkspam
from wiki.moderation.established import is_established

logger = logging.getLogger(__name__)

# As MediaWiki's Echo ($wgEchoMaxMentionsCount): beyond it a comment is a
# mass mailing, not a conversation.
MAX_MENTIONS = 50


def discussion_of(*, page=None, user=None) -> Discussion:
    """The discussion of a page or a user, made when first written to."""
    subject = {"page": page} if page is not None else {"user": user}
    discussion, _ = Discussion.objects.get_or_create(**subject)
    return discussion


def start_thread(*, author, title: str, body: str, page=None, user=None) -> Comment:
    """A new topic on the discussion of `page` or `user`: its opening comment."""
    with transaction.atomic():
        discussion = discussion_of(page=page, user=user)
        thread = Thread.objects.create(
            discussion=discussion,
            title=title,
            started_by=author,
            last_activity_at=timezone.now(),
        )
        return _post(thread=thread, reply_to=None, author=author, body=body)


def reply(*, reply_to: Comment, author, body: str) -> Comment:
    """A reply to `reply_to`, in its thread, one step further in."""
    with transaction.atomic():
        thread = reply_to.thread
        Thread.objects.filter(pk=thread.pk).update(last_activity_at=timezone.now())
        return _post(thread=thread, reply_to=reply_to, author=author, body=body)


def _check_links(author, *, old: dict | None, new: dict) -> None:
    """The rule of page edits (wiki.services.record_revision): links a
    contributor who is not yet established adds must not be blocklisted."""
    if author is not None and not is_established(author):
        linkspam.check(old=old, new=new)


def _post(*, thread, reply_to, author, body) -> Comment:
    # A new topic's title is the writer's too.
    written = {"body": body} if reply_to else {"title": thread.title, "body": body}
    _check_links(author, old=None, new=written)
    answered = [reply_to.author if reply_to else None, thread.started_by]
    replied_to = _others(answered, author)
    mentioned = _others(mentions.mentioned(body), author)
    if len(mentioned) > MAX_MENTIONS:
        raise ValidationError(
            f"This comment names {len(mentioned)} users: a comment may name at "
            f"most {MAX_MENTIONS} (each of them is told). Name fewer, then post "
            "again.",
            code="too_many_mentions",
        )
    comment = Comment.objects.create(
        thread=thread,
        reply_to=reply_to,
        depth=reply_to.depth + 1 if reply_to else 0,
        author=author,
        body=body,
    )
    Discussion.objects.filter(pk=thread.discussion_id).update(
        comment_count=F("comment_count") + 1
    )
    page = thread.discussion.page
    # The page shows how many comments its discussion has.
    invalidation.pages_touched([thread.discussion.page_id])
    transaction.on_commit(
        lambda: _announce(
            comment, page=page, replied_to=replied_to, mentioned=mentioned
        )
    )
    return comment


def _others(users, writer) -> list:
    """Each account once, in order, without the writer's own."""
    seen, found = {writer.pk}, []
    for user in users:
        if user is not None and user.pk not in seen:
            seen.add(user.pk)
            found.append(user)
    return found


def _announce(comment, *, page, replied_to, mentioned) -> None:
    """Tell listeners (notifications) once the comment is saved; a listener
    that fails is logged and cannot undo the comment."""
    results = signals.comment_posted.send_robust(
        sender=Comment,
        comment=comment,
        page=page,
        replied_to=replied_to,
        mentioned=mentioned,
    )
    for receiver, outcome in results:
        if isinstance(outcome, Exception):
            logger.error(
                "%s failed on comment %s", receiver, comment.pk, exc_info=outcome
            )


def edit_comment(*, comment: Comment, body: str) -> bool:
    """Replace a comment's text, keeping the former one; False if unchanged."""
    with transaction.atomic():
        comment = (
            Comment.objects.select_for_update(of=("self",))
            .select_related("author")
            .get(pk=comment.pk)
        )
        if comment.body == body:
            return False
        _check_links(comment.author, old={"body": comment.body}, new={"body": body})
        CommentRevision.objects.create(
            comment=comment,
            body=comment.body,
            written_at=comment.edited_at or comment.created_at,
        )
        comment.body = body
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "edited_at"])
        invalidation.anything_changed()  # the discussion shows it
        return True


def set_hidden(*, comment: Comment, actor, hidden: bool, reason: str = "") -> bool:
    """Hide a comment from readers (editors still read it), or show it
    again; logged. False if it already was so."""
    with transaction.atomic():
        # Only the comment's row is locked: the page and the user are joined
        # on their nullable side, which PostgreSQL cannot lock.
        comment = (
            Comment.objects.select_for_update(of=("self",))
            .select_related("thread__discussion__page", "thread__discussion__user")
            .get(pk=comment.pk)
        )
        if comment.is_hidden == hidden:
            return False
        comment.is_hidden = hidden
        comment.hidden_by = actor if hidden else None
        comment.hidden_reason = reason if hidden else ""
        comment.hidden_at = timezone.now() if hidden else None
        comment.save(
            update_fields=["is_hidden", "hidden_by", "hidden_reason", "hidden_at"]
        )
        discussion = comment.thread.discussion
        Discussion.objects.filter(pk=discussion.pk).update(
            comment_count=F("comment_count") + (-1 if hidden else 1)
        )
        invalidation.pages_touched([discussion.page_id])
        logs.record(
            logs.Action.HIDE_COMMENT if hidden else logs.Action.UNHIDE_COMMENT,
            actor=actor,
            page=discussion.page,
            user=comment.author,
            target=str(discussion),
            reason=reason,
            # The log (a wiki template, which knows no discussions) links to
            # the comment and names its topic from these.
            details={
                "comment": comment.pk,
                "thread": comment.thread.title,
                "thread_id": comment.thread_id,
                "url": comment.get_absolute_url(),
            },
        )
        return True
