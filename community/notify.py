"""
Making notifications and handing their e-mail to the task queue.

Rows are written where the event is heard (a few per event, in one insert),
so the site shows them at once; e-mail is only ever queued, once the
transaction commits, and sent by the worker (community/tasks.py).
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from community import counts
from community.models import Delivery, Notification, Preferences


def notify(*, recipients, kind: str, actor=None, page=None, url: str) -> list:
    """Tell each of `recipients` (users, or their ids) that `kind` happened,
    as each chose; never the actor themselves."""
    ids = {getattr(user, "pk", user) for user in recipients if user is not None}
    ids.discard(getattr(actor, "pk", None))
    if not ids:
        return []
    chosen = {
        preferences.user_id: preferences
        for preferences in Preferences.objects.select_related("user").filter(
            user_id__in=ids
        )
    }
    rows = []
    for user_id in sorted(ids):
        preferences = chosen.get(user_id) or Preferences(user_id=user_id)
        shown = preferences.on_site(kind)
        # Mail goes only to a confirmed address (none without preferences).
        email = (
            preferences.by_email(kind)
            if user_id in chosen and preferences.email_confirmed
            else Delivery.OFF
        )
        if shown or email != Delivery.OFF:
            rows.append(
                Notification(
                    recipient_id=user_id,
                    kind=kind,
                    actor=actor if getattr(actor, "pk", None) else None,
                    page=page,
                    url=url[:500],
                    is_shown=shown,
                    email=email,
                )
            )
    made = Notification.objects.bulk_create(rows)
    counts.forget_after_commit([row.recipient_id for row in made if row.is_shown])
    at_once = [row.pk for row in made if row.email == Delivery.AT_ONCE]
    if at_once:
        transaction.on_commit(lambda: _queue_now(at_once))
    for user_id in {row.recipient_id for row in made if row.email == Delivery.DIGEST}:
        schedule_digest(chosen[user_id])
    return made


def _queue_now(ids):
    from community.tasks import send_notification_emails

    send_notification_emails.enqueue(ids)


def schedule_digest(preferences) -> None:
    """Queue the user's next daily digest, unless one is already waiting; a
    digest long overdue (its task lost) is queued again."""
    now = timezone.now()
    waiting = preferences.digest_due_at
    if waiting is not None and waiting > now - timedelta(hours=1):
        return
    due = now + timedelta(seconds=settings.COMMUNITY_DIGEST_SECONDS)
    Preferences.objects.filter(pk=preferences.pk).update(digest_due_at=due)
    preferences.digest_due_at = due
    user_id = preferences.user_id

    def queue():
        from community.tasks import send_digest

        send_digest.using(run_after=due).enqueue(user_id)

    transaction.on_commit(queue)
