"""
With the database unreachable, readers get a page that says the wiki is
briefly unavailable (503, with Retry-After), or the page as it was last kept
for anonymous readers; nothing half-written is left, and the wiki answers
normally as soon as the database does.
"""

import pytest
from django.core.cache import caches
from django.db import OperationalError, connections
from django.test import Client

from tests.factories import make_revised_page, make_user
from wiki import generations, safecache


@pytest.fixture
def page(db):
    return make_revised_page(title="Hell's Kitchen", body="A neighbourhood.")


@pytest.fixture
def database_down(db):
    """Calling it makes every query fail as a refused connection does, until
    the test ends (and before the test's transaction is rolled back)."""
    connection = connections["default"]

    def refused(*args, **kwargs):
        raise OperationalError("connection to server failed: Connection refused")

    def start():
        connection.cursor = refused

    yield start
    vars(connection).pop("cursor", None)


def test_a_reader_is_told_the_wiki_is_briefly_unavailable(page, database_down):
    client = Client(raise_request_exception=False)
    database_down()

    response = client.get(page.get_absolute_url())

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "The wiki is briefly unavailable" in response.text
    assert "no-store" in response["Cache-Control"]


def test_anonymous_readers_get_the_page_last_kept(settings, page, database_down):
    settings.WIKI_PAGE_CACHE = "default"
    safecache.reset()
    client = Client(raise_request_exception=False)
    kept = client.get(page.get_absolute_url())
    assert "stale-if-error=86400" in kept["Cache-Control"]
    database_down()
    cache = caches["default"]

    still_fresh = client.get(page.get_absolute_url())
    cache.set(generations.KEY, cache.get(generations.KEY) + 1, None)
    after_a_change = client.get(page.get_absolute_url())
    cache.delete(generations.KEY)
    unknown_generation = client.get(page.get_absolute_url())

    assert still_fresh["X-Page-Cache"] == "hit"
    for response in (after_a_change, unknown_generation):
        assert response.status_code == 200
        assert response["X-Page-Cache"] == "stale"
        assert response.content == kept.content


def test_a_contributor_is_told_too(page, database_down):
    client = Client(raise_request_exception=False)
    client.force_login(make_user(username="editor"))
    database_down()

    response = client.get(f"/wiki/{page.slug}/edit/")

    assert response.status_code == 503
    assert "briefly unavailable" in response.text


def test_other_errors_still_answer_500(settings, db):
    settings.ROOT_URLCONF = "tests.wiki.broken_urls"

    response = Client(raise_request_exception=False).get("/boom/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
