"""E-mail goes through the task queue: requests only queue it, and the
worker (`manage.py db_worker`, run here until the queue is empty) sends it."""

import importlib
import smtplib
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from community import confirmation
from community.models import Delivery, Notification, Preferences
from tests.community.conftest import StandIn, run_queue
from tests.factories import make_revised_page, make_user
from wiki import signals

# The worker commits as it goes, as it does in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _roles(transactional_db):
    """The roles' groups, which the data migration made and each
    transactional test's flush removed."""
    roles = importlib.import_module("wiki.migrations.0003_roles").ROLES
    for name, codenames in roles.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label="wiki", codename__in=codenames
            )
        )


def _confirmed(username, **choices):
    user = make_user(username=username)
    Preferences.objects.create(user=user, confirmed_email=user.email, **choices)
    return user


def _reply(*, to, author=None, page=None):
    signals.comment_posted.send(
        sender=None,
        comment=StandIn(author=author or make_user(username="luke")),
        page=page,
        replied_to=[to],
        mentioned=[],
    )


def test_a_reply_is_mailed_at_once_by_the_worker_not_the_request(db):
    trish = _confirmed("trish", reply_email=Delivery.AT_ONCE)
    page = make_revised_page(title="Alias Investigations")

    _reply(to=trish, page=page)

    assert mail.outbox == []  # queued, not sent
    assert DBTaskResult.objects.count() == 1
    run_queue()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["trish@example.com"]
    assert message.subject == (
        "Fanwiki: luke replied to you on the discussion of Alias Investigations"
    )
    assert "http://127.0.0.1:8000/talk/alias-investigations/#c1" in message.body
    assert Notification.objects.get().emailed_at is not None
    run_queue()
    assert len(mail.outbox) == 1  # sent once


def test_an_edit_on_the_site_never_sends_mail_in_the_request(client, db):
    editor = make_user(username="editor", role="Editors")
    page = make_revised_page(title="Hell's Kitchen", body="Good.")
    vandal = _confirmed("vandal", reverted_email=Delivery.AT_ONCE)
    client.force_login(vandal)
    client.post(
        f"/wiki/{page.slug}/edit/",
        {
            "title": page.title,
            "body": "Bad.",
            "article_type": "",
            "published_on": "",
            "categories": "",
            "sources": "",
            "summary": "",
            "base_revision": page.current_revision_id,
        },
    )
    page.refresh_from_db()
    client.force_login(editor)

    client.post(f"/wiki/{page.slug}/rollback/", {"revision": page.current_revision_id})

    assert page.revisions.count() == 3
    assert mail.outbox == []
    run_queue()
    assert [m.subject for m in mail.outbox] == [
        "Fanwiki: editor undid your edit to Hell's Kitchen"
    ]


def test_an_unconfirmed_address_gets_no_mail(db):
    trish = make_user(username="trish")
    Preferences.objects.create(user=trish, reply_email=Delivery.AT_ONCE)
    luke = _confirmed("luke", reply_email=Delivery.AT_ONCE)
    # Confirmed once, then changed: the new address is not confirmed.
    luke.email = "luke@elsewhere.example"
    luke.save()

    _reply(to=trish, author=make_user(username="jess"))
    _reply(to=luke, author=make_user(username="jessica"))
    run_queue()

    assert mail.outbox == []
    assert Notification.objects.filter(is_shown=True).count() == 2


def test_an_address_changed_after_queueing_gets_no_mail(db):
    trish = _confirmed("trish", reply_email=Delivery.AT_ONCE)
    _reply(to=trish)
    trish.email = "trish@elsewhere.example"
    trish.save()

    run_queue()

    assert mail.outbox == []


def test_the_daily_digest_gathers_a_day_and_waits_for_it(db):
    trish = _confirmed(
        "trish", reply_email=Delivery.DIGEST, mention_email=Delivery.DIGEST
    )
    page = make_revised_page(title="Alias Investigations")

    _reply(to=trish, page=page)
    signals.comment_posted.send(
        sender=None,
        comment=StandIn(author=make_user(username="jess")),
        page=page,
        replied_to=[],
        mentioned=[trish],
    )
    run_queue()

    assert mail.outbox == []  # not due before a day has passed
    task = DBTaskResult.objects.get()  # one digest for both
    assert task.run_after > timezone.now() + timedelta(hours=23)

    # A day passes.
    yesterday = timezone.now() - timedelta(minutes=1)
    DBTaskResult.objects.update(run_after=yesterday)
    Preferences.objects.filter(user=trish).update(digest_due_at=yesterday)
    run_queue()

    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.subject == "Fanwiki: your daily digest (2 new)"
    assert (
        "luke replied to you on the discussion of Alias Investigations" in digest.body
    )
    assert "jess mentioned you on the discussion of Alias Investigations" in digest.body
    preferences = Preferences.objects.get(user=trish)
    assert preferences.digest_due_at is None and preferences.last_digest_at

    _reply(to=trish, author=make_user(username="jessica"))
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # the next


def test_the_digest_runs_with_the_worker_when_due(settings, db):
    settings.COMMUNITY_DIGEST_SECONDS = 0
    trish = _confirmed("trish", reply_email=Delivery.DIGEST)

    _reply(to=trish)
    _reply(to=trish, author=make_user(username="jess"))
    run_queue()

    assert [m.subject for m in mail.outbox] == ["Fanwiki: your daily digest (2 new)"]


def test_confirming_an_address_through_the_queue(client, db):
    trish = make_user(username="trish")
    client.force_login(trish)

    page = client.get("/settings/notifications/").text
    assert "is not confirmed yet" in page
    response = client.post("/settings/notifications/confirm/", follow=True)
    assert "A confirmation link is on its way to trish@example.com" in response.text
    assert mail.outbox == []

    run_queue()
    assert len(mail.outbox) == 1
    link = next(
        line for line in mail.outbox[0].body.splitlines() if "/confirm/" in line
    ).strip()
    path = link.removeprefix("http://127.0.0.1:8000")

    shown = client.get(path)
    assert shown.status_code == 200 and "Confirm trish@example.com" in shown.text
    assert not Preferences.of(trish).email_confirmed  # a GET confirms nothing
    done = client.post(path, follow=True)
    assert "trish@example.com is confirmed" in done.text
    assert Preferences.of(trish).email_confirmed
    assert "confirmed</span>" in client.get("/settings/notifications/").text


def test_changing_the_address_needs_the_password_and_a_new_confirmation(client, db):
    trish = _confirmed("trish")
    client.force_login(trish)

    wrong = client.post(
        "/settings/notifications/email/",
        {"email": "new@example.com", "password": "wrong"},
    )
    assert wrong.status_code == 400
    assert "That is not your password" in wrong.text
    assert 'value="new@example.com"' in wrong.text  # kept
    right = client.post(
        "/settings/notifications/email/",
        {"email": "new@example.com", "password": "a-long-passphrase"},
        follow=True,
    )

    trish.refresh_from_db()
    assert trish.email == "new@example.com"
    assert not Preferences.of(trish).email_confirmed
    assert "is not confirmed yet" in right.text
    run_queue()
    assert mail.outbox[0].to == ["new@example.com"]


def test_an_old_link_does_not_confirm_a_new_address(client, db):
    trish = make_user(username="trish")
    old_link = confirmation.link_for(trish)
    trish.email = "new@example.com"
    trish.save()

    response = client.post(old_link)

    assert response.status_code == 410
    assert not Preferences.objects.filter(confirmed_email__gt="").exists()


@pytest.fixture
def mail_server_down(monkeypatch):
    """The mail server refuses every message until `recover()` is called."""
    from django.core.mail.backends.locmem import EmailBackend

    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    return lambda: monkeypatch.undo()


def _later():
    """The retry's wait passes."""
    waiting = DBTaskResult.objects.filter(status="READY")
    waiting.update(run_after=timezone.now() - timedelta(seconds=1))


def test_mail_the_server_refused_is_sent_once_when_it_is_back(
    db, mail_server_down, caplog
):
    trish = _confirmed("trish", reply_email=Delivery.AT_ONCE)
    _reply(to=trish)

    run_queue()

    assert mail.outbox == []
    assert Notification.objects.get().emailed_at is None  # not lost
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    wait = retry.run_after - timezone.now()
    assert timedelta(seconds=30) < wait <= timedelta(seconds=60)
    assert "trying again" in caplog.text
    run_queue()  # not due yet
    assert mail.outbox == []

    mail_server_down()  # recovers
    _later()
    run_queue()
    run_queue()

    assert [m.to for m in mail.outbox] == [["trish@example.com"]]
    assert Notification.objects.get().emailed_at is not None
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_a_server_down_for_good_is_tried_a_bounded_number_of_times(
    db, mail_server_down, caplog, settings
):
    settings.COMMUNITY_MAIL_RETRY_SECONDS = [60, 120]
    trish = _confirmed("trish", reply_email=Delivery.AT_ONCE)
    _reply(to=trish)

    for _ in range(5):
        run_queue()
        _later()

    assert DBTaskResult.objects.count() == 3  # the first try and two more
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert "Gave up sending notifications" in caplog.text
    assert mail.outbox == []
    assert Notification.objects.get().emailed_at is None


def test_a_digest_the_server_refused_is_sent_once_later(db, mail_server_down, settings):
    settings.COMMUNITY_DIGEST_SECONDS = 0
    trish = _confirmed("trish", reply_email=Delivery.DIGEST)
    _reply(to=trish)
    _reply(to=trish, author=make_user(username="jess"))

    run_queue()

    assert mail.outbox == []
    assert Preferences.objects.get(user=trish).digest_due_at is not None
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 2
    mail_server_down()
    _later()
    run_queue()
    run_queue()

    assert [m.subject for m in mail.outbox] == ["Fanwiki: your daily digest (2 new)"]
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert Preferences.objects.get(user=trish).digest_due_at is None
