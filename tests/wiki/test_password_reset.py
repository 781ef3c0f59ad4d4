"""Password-reset mail goes through the task queue, as all e-mail does: the
request queues the address whether or not an account has it, and the worker
sends the message."""

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from tests.community.conftest import run_queue
from tests.factories import make_user

# The worker commits as it goes, as it does in production.
pytestmark = pytest.mark.django_db(transaction=True)


def test_the_request_queues_the_mail_alike_for_any_address(client, settings):
    settings.SITE_URL = "https://wiki.example.org"
    jess = make_user(username="jess", role=None, password="old-passphrase-1")

    known = client.post("/accounts/password_reset/", {"email": "JESS@example.com"})
    unknown = client.post("/accounts/password_reset/", {"email": "who@example.com"})

    assert known["Location"] == unknown["Location"] == "/accounts/password_reset/done/"
    assert mail.outbox == []  # nothing sent within the request
    assert DBTaskResult.objects.count() == 2  # one each: nothing told apart
    run_queue()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jess@example.com"]
    assert message.subject == "Reset your Fanwiki password"
    link = next(line for line in message.body.splitlines() if "/reset/" in line)
    assert link.startswith("https://wiki.example.org/accounts/reset/")
    run_queue()
    assert len(mail.outbox) == 1  # sent once

    form = client.get(link.removeprefix("https://wiki.example.org"), follow=True)
    assert form.status_code == 200
    new = "a-brand-new-passphrase"
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": new, "new_password2": new},
    )
    assert done.status_code == 302
    jess.refresh_from_db()
    assert jess.check_password(new)


def test_an_inactive_account_gets_no_reset_mail(client):
    jess = make_user(username="jess", role=None)
    jess.is_active = False
    jess.save()

    client.post("/accounts/password_reset/", {"email": "jess@example.com"})
    run_queue()

    assert mail.outbox == []


def test_a_bad_address_is_refused_with_the_form_kept(client):
    response = client.post("/accounts/password_reset/", {"email": "not an address"})

    assert response.status_code == 200
    assert 'value="not an address"' in response.text
    assert not DBTaskResult.objects.exists()
