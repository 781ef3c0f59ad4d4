"""Patrol: edits by contributors not yet established wait for an editor to
mark them patrolled (or roll them back)."""

from django.db import transaction
from django.utils import timezone

from wiki import invalidation, logs
from wiki.models import Patrol
from wiki.moderation.established import is_established


def needs_patrol(author) -> bool:
    """Whether an edit by `author` goes into the patrol queue: imports and
    the seed (no author), editors and established contributors need none."""
    return author is not None and author.is_authenticated and not is_established(author)


def mark_patrolled(*, revision, actor) -> bool:
    """Mark one waiting edit patrolled and log it; False if it was not
    waiting (patrolled meanwhile by someone else, or never needed it)."""
    with transaction.atomic():
        waiting = (
            Patrol.objects.select_for_update()
            .unpatrolled()
            .filter(revision_id=revision.pk)
            .first()
        )
        if waiting is None:
            return False
        waiting.patrolled_by = actor
        waiting.patrolled_at = timezone.now()
        # Recent changes show it: logs.record invalidates what shows the log.
        waiting.save(update_fields=["patrolled_by", "patrolled_at"])
        logs.record(
            logs.Action.PATROL,
            actor=actor,
            page=revision.page,
            user=revision.author,
            target=f"revision {revision.number}",
            details={"revision": revision.pk, "number": revision.number},
        )
    return True


def settle_rolled_back(*, revision_ids, actor) -> int:
    """After a rollback, the edits it undid need no patrol any more (as in
    MediaWiki); the rollback itself is in the history."""
    waiting = Patrol.objects.unpatrolled().filter(revision_id__in=revision_ids)
    done = 0
    for patrol in waiting:
        patrol.patrolled_by = actor
        patrol.patrolled_at = timezone.now()
        patrol.save(update_fields=["patrolled_by", "patrolled_at"])
        done += 1
    if done:
        invalidation.anything_changed()  # recent changes show patrols
    return done
