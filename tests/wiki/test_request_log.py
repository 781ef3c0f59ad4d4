"""One log line a request, with the request id every response carries back."""

import json
import logging
import re

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import path

from community.models import Preferences
from tests.factories import make_revised_page, make_user
from tests.urls import urlpatterns as site_urlpatterns
from wiki.requestlog import RequestLogMiddleware

pytestmark = pytest.mark.django_db

LINE = re.compile(
    r"\S+ \S+ INFO wiki\.requests request_id=(?P<id>\S+) method=(?P<method>\S+) "
    r'path=(?P<path>"(?:[^"\\]|\\.)*"|\S+) status=(?P<status>\d+) '
    r"ms=(?P<ms>\d+\.\d) cache=(?P<cache>\S+)"
)


def fail(request):
    raise RuntimeError("A view that fails")


def answer(request):
    logging.getLogger("wiki.views").warning("Something to look into")
    return HttpResponse("ok")


handler500 = "wiki.views.errors.server_error"
urlpatterns = [
    path("_fail/", fail),
    path("_answer/", answer),
    *site_urlpatterns,
]


@pytest.fixture
def lines(caplog):
    """The request lines logged, as the console writes them."""
    caplog.set_level(logging.INFO, logger="wiki.requests")
    console = logging.getHandlerByName("console")

    def read():
        return [
            LINE.fullmatch(console.format(record))
            for record in caplog.records
            if record.name == "wiki.requests"
        ]

    return read


def test_a_request_logs_one_line_with_its_id_and_answers_with_the_id(client, lines):
    page = make_revised_page(title="Hell's Kitchen")

    response = client.get(page.get_absolute_url() + "?progress=S1E3")

    [line] = lines()
    assert line, "the line is in the documented format"
    assert line["id"] == response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", line["id"])
    assert line["method"] == "GET"
    assert line["path"] == page.get_absolute_url()  # no query string
    assert line["status"] == "200"
    assert float(line["ms"]) > 0
    assert line["cache"] == "-"


def test_each_request_gets_its_own_id(client, lines):
    first = client.get("/healthz")
    second = client.get("/healthz")

    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert [line["id"] for line in lines()] == [
        first["X-Request-ID"],
        second["X-Request-ID"],
    ]


def test_a_sane_incoming_id_is_kept_only_behind_a_trusted_proxy(
    client, lines, settings
):
    given = "f3b1c2d4-aaaa-4bbb-8ccc-0123456789ab"

    untrusted = client.get("/healthz", HTTP_X_REQUEST_ID=given)
    settings.TRUST_X_REQUEST_ID = True
    trusted = client.get("/healthz", HTTP_X_REQUEST_ID=given)

    assert untrusted["X-Request-ID"] != given
    assert trusted["X-Request-ID"] == given
    assert [line["id"] for line in lines()] == [untrusted["X-Request-ID"], given]


@pytest.mark.parametrize(
    "given",
    ["short", "x" * 129, "id with spaces", "id\nstatus=200", "évidemment-unicode"],
)
def test_a_bad_incoming_id_is_replaced(client, lines, settings, given):
    settings.TRUST_X_REQUEST_ID = True

    response = client.get("/healthz", HTTP_X_REQUEST_ID=given)

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert lines()[0]["id"] == response["X-Request-ID"]


def test_a_missing_page_logs_404(client, lines, caplog):
    response = client.get("/wiki/no-such-page/")

    assert response.status_code == 404
    [line] = lines()
    assert (line["path"], line["status"]) == ("/wiki/no-such-page/", "404")
    # Django's own warning, logged after the middleware, names the request too.
    [warning] = [r for r in caplog.records if r.name == "django.request"]
    assert warning.request_id == line["id"]


@pytest.mark.urls(__name__)
def test_an_uncaught_error_logs_500_with_the_id_of_its_report(client, lines, caplog):
    client.raise_request_exception = False

    response = client.get("/_fail/")

    assert response.status_code == 500
    [line] = lines()
    assert (line["path"], line["status"]) == ("/_fail/", "500")
    [error] = [r for r in caplog.records if r.name == "django.request"]
    assert error.request_id == line["id"] == response["X-Request-ID"]


@pytest.mark.urls(__name__)
def test_lines_logged_while_handling_a_request_carry_its_id(client, caplog):
    caplog.set_level(logging.INFO)
    console = logging.getHandlerByName("console")

    response = client.get("/_answer/")

    [warning] = [r for r in caplog.records if r.name == "wiki.views"]
    assert (
        f"WARNING wiki.views request_id={response['X-Request-ID']} "
        "Something to look into" in console.format(warning)
    )


def test_a_line_outside_any_request_has_no_id(caplog):
    caplog.set_level(logging.INFO)
    logging.getLogger("wiki.tasks").info("A task ran")

    [record] = caplog.records
    assert "request_id=- A task ran" in logging.getHandlerByName("console").format(
        record
    )


def test_an_exception_through_the_middleware_is_logged_and_raised(lines):
    def broken(request):
        raise RuntimeError("Nothing caught this")

    request = RequestFactory().get("/anywhere/")

    with pytest.raises(RuntimeError, match="Nothing caught this"):
        RequestLogMiddleware(broken)(request)

    [line] = lines()
    assert (line["path"], line["status"]) == ("/anywhere/", "500")
    assert line["id"] == request.id


def test_cached_pages_are_logged_with_their_cache_state(client, lines, settings):
    settings.WIKI_PAGE_CACHE = "default"
    page = make_revised_page(title="Hell's Kitchen")

    first = client.get(page.get_absolute_url())
    second = client.get(page.get_absolute_url())

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert [(line["status"], line["cache"]) for line in lines()] == [
        ("200", "miss"),
        ("200", "hit"),
    ]
    assert second["X-Request-ID"] == lines()[1]["id"] != first["X-Request-ID"]


def test_a_private_feed_token_is_never_logged(client, lines, settings):
    settings.WIKI_PAGE_CACHE = "default"
    user = make_user(username="trish")
    token = Preferences.objects.create(user=user).feed_token

    response = client.get(f"/watchlist/feed/{token}/")
    client.get(f"/accounts/reset/MQ/{token}-set/")

    assert response.status_code == 200
    paths = [line["path"] for line in lines()]
    assert paths == ["/watchlist/feed/[redacted]/", "/accounts/reset/MQ/[redacted]/"]
    assert not any(token in line.string for line in lines())


def test_a_path_cannot_forge_a_line(client, lines):
    client.get("/wiki/x%20status=200%20cache=hit%0A/")

    [line] = lines()
    assert line["path"] == json.dumps("/wiki/x status=200 cache=hit\n/")
    assert line["status"] == "404"
