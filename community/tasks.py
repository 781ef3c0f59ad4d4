"""
E-mail, sent by the task worker (`manage.py db_worker`), never in a request.

A notification is marked sent in the transaction that sends it, so a task
run twice (a worker restarted mid-way) sends nothing twice, and mail the
server refused or timed out on stays unmarked: the task queues itself again
a little later (COMMUNITY_MAIL_RETRY_SECONDS, each wait longer), a bounded
number of times. Each checks again that the address is still confirmed,
since it may have changed in the meantime.
"""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

from community.models import Delivery, Notification, Preferences

logger = logging.getLogger(__name__)
# What a mail server that is down, refuses or times out raises.
MAIL_FAILURES = (smtplib.SMTPException, OSError)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _mail(template: str, *, to: str, **context) -> None:
    context["site_url"] = settings.SITE_URL.rstrip("/")
    subject = render_to_string(f"community/email/{template}_subject.txt", context)
    body = render_to_string(f"community/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [to])


def _mark_sent(notifications) -> None:
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
        emailed_at=timezone.now()
    )


def retry_after(attempt: int) -> timedelta | None:
    """How long to wait before try `attempt + 1`, or None after the last."""
    waits = settings.COMMUNITY_MAIL_RETRY_SECONDS
    if attempt > len(waits):
        return None
    return timedelta(seconds=waits[attempt - 1])


def _retry(what: str, task_, *args, attempt: int, error: Exception) -> None:
    wait = retry_after(attempt)
    if wait is None:
        logger.error("Gave up sending %s after %d tries: %s", what, attempt, error)
        return
    logger.warning(
        "Sending %s failed (try %d: %s); trying again in %s", what, attempt, error, wait
    )
    task_.using(run_after=timezone.now() + wait).enqueue(*args, attempt=attempt + 1)


@task()
def send_notification_emails(notification_ids: list[int], attempt: int = 1) -> int:
    """One e-mail for each notification its recipient wants at once."""
    sent, failed, error = 0, [], None
    for notification_id in notification_ids:
        try:
            with transaction.atomic():
                notification = (
                    Notification.objects.select_for_update(of=("self",))
                    .select_related("recipient", "actor", "page")
                    .filter(pk=notification_id, emailed_at__isnull=True)
                    .first()
                )
                if notification is None:  # sent already
                    continue
                recipient = notification.recipient
                preferences = Preferences.objects.filter(user=recipient).first()
                if preferences is not None and preferences.email_confirmed:
                    _mail(
                        "notification",
                        to=recipient.email,
                        user=recipient,
                        notification=notification,
                    )
                    sent += 1
                # Settled either way: sent, or no longer to be sent.
                _mark_sent([notification])
        except MAIL_FAILURES as failure:
            failed.append(notification_id)
            error = failure
    if failed:
        _retry(
            f"notifications {failed}",
            send_notification_emails,
            failed,
            attempt=attempt,
            error=error,
        )
    return sent


@task()
def send_digest(user_id: int, attempt: int = 1) -> int:
    """The daily digest: what the user asked to hear of once a day, since
    the last one. Queued by the first such notification after a digest
    (community/notify.py), to run a day later."""
    now = timezone.now()
    try:
        with transaction.atomic():
            preferences = (
                Preferences.objects.select_for_update(of=("self",))
                .select_related("user")
                .filter(user_id=user_id)
                .first()
            )
            if preferences is None or preferences.digest_due_at is None:
                return 0
            if preferences.digest_due_at > now:  # queued again for later
                return 0
            notifications = list(
                Notification.objects.filter(
                    recipient_id=user_id,
                    email=Delivery.DIGEST,
                    emailed_at__isnull=True,
                )
                .select_related("actor", "page")
                .order_by("created_at", "pk")
            )
            if notifications and preferences.email_confirmed:
                _mail(
                    "digest",
                    to=preferences.user.email,
                    user=preferences.user,
                    notifications=notifications,
                )
            _mark_sent(notifications)
            preferences.digest_due_at = None
            preferences.last_digest_at = now
            preferences.save(update_fields=["digest_due_at", "last_digest_at"])
    except MAIL_FAILURES as error:
        # Everything rolled back: the digest is still due, its news unsent.
        _retry(
            f"the digest of user {user_id}",
            send_digest,
            user_id,
            attempt=attempt,
            error=error,
        )
        return 0
    return len(notifications) if preferences.email_confirmed else 0


@task()
def send_confirmation(user_id: int, address: str, path: str) -> bool:
    """The link that confirms an address, if it is still the account's."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None or user.email.strip().lower() != address.strip().lower():
        return False
    _mail("confirm", to=user.email, user=user, link=absolute(path))
    return True
