"""One throttle for every way of logging in, per address and per account,
and limits on password-reset mail."""

import pytest
from django.core import mail

from tests.factories import make_user
from wiki import ratelimit
from wiki.checks import proxy_addresses_are_trusted_with_its_protocol

pytestmark = pytest.mark.django_db
RIGHT = "a-long-passphrase"


@pytest.fixture
def limits(settings, frozen_clock):
    settings.WIKI_RATE_LIMITS = settings.WIKI_RATE_LIMITS | {
        "login": {"ip": (5, 300), "account": (3, 300)},
        "password_reset": {"ip": (4, 3600), "address": (2, 3600)},
    }


@pytest.fixture
def staff():
    user = make_user(username="boss", role=None)
    user.is_staff = True
    user.save()
    return user


def _log_in(client, url, password, ip="10.0.0.1", **headers):
    return client.post(
        url, {"username": "boss", "password": password}, REMOTE_ADDR=ip, **headers
    )


@pytest.mark.parametrize("url", ["/admin/login/", "/accounts/login/"])
def test_wrong_passwords_for_an_account_stop_its_log_in_from_anywhere(
    client, limits, staff, url
):
    for n in range(3):
        _log_in(client, url, "wrong", ip=f"10.0.0.{n}")

    response = _log_in(client, url, RIGHT, ip="10.9.9.9")

    assert "Too many failed log-ins" in response.text
    assert "_auth_user_id" not in client.session


def test_the_site_and_the_admin_share_one_count(client, limits, staff):
    for url in ("/admin/login/", "/accounts/login/", "/admin/login/"):
        _log_in(client, url, "wrong")

    response = _log_in(client, "/accounts/login/", RIGHT)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_an_address_trying_many_accounts_is_stopped(client, limits, staff):
    for n in range(5):
        client.post(
            "/accounts/login/",
            {"username": f"guess{n}", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
        )

    response = _log_in(client, "/accounts/login/", RIGHT, ip="10.0.0.1")

    assert response.status_code == 429


def test_a_forged_forwarded_address_changes_nothing(client, limits, staff):
    for n in range(5):
        client.post(
            "/accounts/login/",
            {"username": f"guess{n}", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )

    response = _log_in(
        client, "/accounts/login/", RIGHT, HTTP_X_FORWARDED_FOR="1.2.3.4"
    )

    assert response.status_code == 429


def test_a_right_password_is_not_counted(client, limits, staff):
    for _ in range(6):
        response = _log_in(client, "/accounts/login/", RIGHT)
        assert response.status_code == 302
        client.post("/accounts/logout/")


def test_logging_in_while_logged_in_starts_a_fresh_session(client, staff):
    intruder = make_user(username="intruder")
    client.force_login(intruder)  # a session planted in the victim's browser
    planted = client.session.session_key

    response = _log_in(client, "/accounts/login/", RIGHT)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)
    assert client.session.session_key != planted


def test_signing_up_while_logged_in_works(client):
    client.force_login(make_user(username="jess"))

    response = client.post(
        "/accounts/signup/",
        {"username": "second", "email": "s@example.com", "website": "",
         "password1": RIGHT, "password2": RIGHT},
    )  # fmt: skip

    assert response.status_code == 302
    assert client.session["_auth_user_id"] != ""


def test_password_reset_mail_is_limited_per_address_and_per_ip(client, limits):
    make_user(username="jess")  # jess@example.com
    for n in range(4):
        client.post(
            "/accounts/password_reset/",
            {"email": "jess@example.com"},
            REMOTE_ADDR=f"10.0.0.{n}",
        )
    assert _resets_queued() == ["jess@example.com"] * 2  # per address

    for n in range(6):
        response = client.post(
            "/accounts/password_reset/",
            {"email": f"other{n}@example.com"},
            REMOTE_ADDR="10.1.1.1",
        )
        # Limited or not, the answer is the same: nothing is revealed.
        assert response["Location"] == "/accounts/password_reset/done/"
    make_user(username="other5")  # other5@example.com, asked for last
    client.post(
        "/accounts/password_reset/",
        {"email": "other5@example.com"},
        REMOTE_ADDR="10.1.1.1",
    )
    # Per address of the one asking: 4 from 10.1.1.1, then none.
    assert _resets_queued()[2:] == [f"other{n}@example.com" for n in range(4)]
    assert mail.outbox == []  # the worker sends them, never the request


def _resets_queued() -> list[str]:
    """The addresses whose reset mail was queued, in order."""
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.filter(
        task_path__endswith="send_password_reset"
    ).order_by("enqueued_at", "pk")
    return [task.args_kwargs["args"][0] for task in queued]


def test_a_proxy_trusted_with_the_protocol_but_not_the_address_is_flagged(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUST_X_FORWARDED_FOR = False
    assert [e.id for e in proxy_addresses_are_trusted_with_its_protocol(None)] == [
        "wiki.W002"
    ]

    settings.TRUST_X_FORWARDED_FOR = True
    assert proxy_addresses_are_trusted_with_its_protocol(None) == []


def test_requests_through_an_untrusted_proxy_are_logged_once(client, caplog):
    ratelimit._warn_untrusted_proxy.cache_clear()
    for _ in range(3):
        client.post(
            "/accounts/login/",
            {"username": "nobody", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )

    warnings = [r for r in caplog.records if "TRUST_X_FORWARDED_FOR" in r.message]
    assert len(warnings) == 1
