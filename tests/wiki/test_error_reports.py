"""Uncaught errors reported by e-mail to ADMINS and to Sentry."""

import logging
import os
import subprocess
import sys
import wsgiref.util
from pathlib import Path

import pytest
import sentry_sdk
from django.conf import settings as django_settings
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import OperationalError, close_old_connections, connections
from django.urls import path
from sentry_sdk.transport import Transport

from tests.factories import make_revised_page, make_user
from tests.urls import urlpatterns as site_urlpatterns
from wiki import errorreports
from wiki.errorreports import MailBurstFilter

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

ROOT = Path(__file__).resolve().parents[2]


def fail(request, token=None):
    raise RuntimeError("A view that fails")


def fail_otherwise(request):
    raise KeyError("another fault")


handler500 = "wiki.views.errors.server_error"
urlpatterns = [
    path("_fail/", fail),
    path("_fail/<str:token>/", fail),
    path("_fail_otherwise/", fail_otherwise),
    *site_urlpatterns,
]


@pytest.fixture(autouse=True)
def _fresh_burst_limit():
    """Each test starts with no error mailed yet."""
    handler = logging.getHandlerByName("mail_admins")
    for log_filter in handler.filters:
        if isinstance(log_filter, MailBurstFilter):
            log_filter.sent_at.clear()


@pytest.fixture
def signed_in(client):
    """A contributor's browser, with session and CSRF cookies to keep secret."""
    client.force_login(make_user(username="trish"))
    client.get("/accounts/login/")  # sets the CSRF cookie
    client.raise_request_exception = False
    return client


def _cookie_values(client):
    values = {morsel.value for morsel in client.cookies.values()}
    assert len(values) == 2 and all(len(value) > 20 for value in values)
    return values


def test_an_uncaught_error_is_mailed_to_the_admins_with_its_request_id(
    signed_in, settings
):
    settings.ADMINS = ["ops@example.org", "dev@example.org"]

    response = signed_in.get("/_fail/")

    assert response.status_code == 500
    [message] = mail.outbox
    assert message.to == ["ops@example.org", "dev@example.org"]
    assert message.subject.startswith("[wiki] ERROR")
    assert "Internal Server Error: /_fail/" in message.subject
    assert f"request_id={response['X-Request-ID']}" in message.body
    assert "RuntimeError at /_fail/\nA view that fails" in message.body
    for secret in _cookie_values(signed_in):
        assert secret not in message.body


def test_the_same_error_again_is_logged_but_not_mailed_again(
    signed_in, settings, caplog
):
    settings.ADMINS = ["ops@example.org"]

    first = signed_in.get("/_fail/")
    second = signed_in.get("/_fail/")
    other = signed_in.get("/_fail_otherwise/")

    assert first.status_code == second.status_code == other.status_code == 500
    assert [message.subject.rsplit(": ", 1)[1] for message in mail.outbox] == [
        "/_fail/",
        "/_fail_otherwise/",
    ]
    errors = [r for r in caplog.records if r.name == "django.request"]
    assert [r.request_id for r in errors] == [
        first["X-Request-ID"],
        second["X-Request-ID"],
        other["X-Request-ID"],
    ]


def test_the_same_error_is_mailed_again_once_the_interval_has_passed(
    signed_in, settings
):
    settings.ADMINS = ["ops@example.org"]
    settings.WIKI_ERROR_MAIL_SECONDS = 0

    signed_in.get("/_fail/")
    signed_in.get("/_fail/")

    assert len(mail.outbox) == 2


def test_nothing_is_mailed_with_debug_on(signed_in, settings):
    settings.ADMINS = ["ops@example.org"]
    settings.DEBUG = True

    response = signed_in.get("/_fail/")

    assert response.status_code == 500
    assert mail.outbox == []


def test_nothing_is_mailed_without_admins(signed_in):
    assert django_settings.ADMINS == []

    signed_in.get("/_fail/")

    assert mail.outbox == []


def test_an_outage_failing_every_request_sends_one_mail(signed_in, settings):
    settings.ADMINS = ["ops@example.org"]
    page = make_revised_page(title="Hell's Kitchen")
    connection = connections["default"]

    def refused(*args, **kwargs):
        raise OperationalError("connection to server failed: Connection refused")

    connection.cursor = refused
    try:
        statuses = [signed_in.get(page.get_absolute_url()).status_code for _ in "abc"]
    finally:
        vars(connection).pop("cursor")

    assert statuses == [503, 503, 503]
    [message] = mail.outbox
    assert "OperationalError" in message.body


class Envelopes(Transport):
    """Sentry's transport, keeping what it would send."""

    def __init__(self):
        super().__init__()
        self.sent = []

    def capture_envelope(self, envelope):
        self.sent.append(envelope)


@pytest.fixture
def sentry():
    transport = Envelopes()
    errorreports.init_sentry(
        dsn="https://public@sentry.example.invalid/1",
        release="2026.12.1",
        environment="test",
        traces_sample_rate=0.0,
        transport=transport,
    )
    yield transport
    sentry_sdk.get_client().close()
    sentry_sdk.get_global_scope().set_client(None)


def _events(transport):
    sentry_sdk.flush()
    return [
        (envelope.get_event(), envelope.serialize())
        for envelope in transport.sent
        if envelope.get_event() is not None
    ]


SECRET_COOKIES = "sessionid=s3cr3t-session-key; csrftoken=s3cr3t-csrf-token"


def _through_wsgi(path):
    """A request as gunicorn makes it: through Django's WSGI handler, where
    Sentry's integration reads the request, with a browser's cookies."""
    environ = {"PATH_INFO": path, "HTTP_COOKIE": SECRET_COOKIES}
    wsgiref.util.setup_testing_defaults(environ)
    answered = {}

    def start_response(status, headers):
        answered.update(status=status, headers=dict(headers))

    # As the test client does: the test's transaction keeps its connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = WSGIHandler()(environ, start_response)
        b"".join(body)
        body.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answered


def test_an_uncaught_error_reaches_sentry_with_the_release_and_request_id(sentry):
    answered = _through_wsgi("/_fail/")

    assert answered["status"].startswith("500")
    [(event, raw)] = _events(sentry)
    assert event["release"] == "2026.12.1"
    assert event["environment"] == "test"
    assert event["tags"]["request_id"] == answered["headers"]["X-Request-ID"]
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    assert event["request"]["url"] == "http://127.0.0.1/_fail/"
    assert "user" not in event
    assert b"s3cr3t" not in raw


def test_sentry_never_sees_a_secret_in_an_address(sentry):
    _through_wsgi("/_fail/s3cr3t-feed-token/")

    [(event, raw)] = _events(sentry)
    assert event["request"]["url"] == "http://127.0.0.1/_fail/[redacted]/"
    assert event["transaction"] == "/_fail/{token}/"
    assert b"s3cr3t" not in raw


def test_without_a_dsn_sentry_is_not_started():
    errorreports.init_sentry(
        dsn="", release="r", environment="production", traces_sample_rate=0.0
    )

    assert not sentry_sdk.get_client().is_active()


def test_a_dsn_without_the_sdk_stops_start_up(monkeypatch):
    monkeypatch.setitem(sys.modules, "sentry_sdk", None)

    with pytest.raises(ImproperlyConfigured, match="sentry-sdk is not installed"):
        errorreports.init_sentry(
            dsn="https://public@sentry.example.invalid/1",
            release="r",
            environment="production",
            traces_sample_rate=0.0,
        )


def test_the_settings_start_sentry_from_the_environment():
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "wiki.settings",
        "SENTRY_DSN": "https://public@sentry.example.invalid/1",
        "SENTRY_ENVIRONMENT": "staging",
        "SENTRY_TRACES_SAMPLE_RATE": "0.25",
        "RELEASE": "2026.12.1",
    }
    script = (
        "import django, sentry_sdk; django.setup(); "
        "options = sentry_sdk.get_client().options; "
        "print(sentry_sdk.get_client().is_active(), options['release'], "
        "options['environment'], options['traces_sample_rate'])"
    )

    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.split() == ["True", "2026.12.1", "staging", "0.25"]
