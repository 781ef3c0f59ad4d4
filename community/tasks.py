"""
E-mail, sent by the task worker (`manage.py db_worker`), never in a request.

Each task claims what it sends before sending it, so a task run twice (a
worker restarted mid-way) sends nothing twice; and each checks again that
the address is still confirmed, since it may have changed in the meantime.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

from community.models import Delivery, Notification, Preferences


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _mail(template: str, *, to: str, **context) -> None:
    context["site_url"] = settings.SITE_URL.rstrip("/")
    subject = render_to_string(f"community/email/{template}_subject.txt", context)
    body = render_to_string(f"community/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [to])


def _claim(notifications) -> None:
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
        emailed_at=timezone.now()
    )


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """One e-mail for each notification its recipient wants at once."""
    sent = 0
    for notification_id in notification_ids:
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(of=("self",))
                .select_related("recipient", "actor", "page")
                .filter(pk=notification_id, emailed_at__isnull=True)
                .first()
            )
            if notification is None:
                continue
            _claim([notification])
        recipient = notification.recipient
        preferences = Preferences.objects.filter(user=recipient).first()
        if preferences is None or not preferences.email_confirmed:
            continue
        _mail(
            "notification",
            to=recipient.email,
            user=recipient,
            notification=notification,
        )
        sent += 1
    return sent


@task()
def send_digest(user_id: int) -> int:
    """The daily digest: what the user asked to hear of once a day, since
    the last one. Queued by the first such notification after a digest
    (community/notify.py), to run a day later."""
    now = timezone.now()
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
        _claim(notifications)
        preferences.digest_due_at = None
        preferences.last_digest_at = now
        preferences.save(update_fields=["digest_due_at", "last_digest_at"])
    if not notifications or not preferences.email_confirmed:
        return 0
    _mail(
        "digest",
        to=preferences.user.email,
        user=preferences.user,
        notifications=notifications,
    )
    return len(notifications)


@task()
def send_confirmation(user_id: int, address: str, path: str) -> bool:
    """The link that confirms an address, if it is still the account's."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None or user.email.strip().lower() != address.strip().lower():
        return False
    _mail("confirm", to=user.email, user=user, link=absolute(path))
    return True
