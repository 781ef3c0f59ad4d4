"""
With the shared cache down, the wiki reads and edits on, slower; when the
cache answers again, nothing edited meanwhile is served from it stale.
The outage is simulated on the cache itself: every call raises, as
django-redis does when Redis refuses connections.
"""

import pytest
from django.core.cache import caches

from tests.factories import make_revised_page, make_user
from wiki import generations, safecache
from wiki.models import Page

OPERATIONS = ("get", "get_many", "set", "add", "incr", "set_many", "delete")


@pytest.fixture
def cached(settings):
    settings.WIKI_PAGE_CACHE = settings.WIKI_FRAGMENT_CACHE = "default"
    safecache.reset()
    yield
    safecache.reset()


def _refuse(monkeypatch):
    cache = caches["default"]
    for operation in OPERATIONS:
        monkeypatch.setattr(cache, operation, _raising(ConnectionError("refused")))


def _answer_again(monkeypatch):
    """The cache is back, with the data it had; tried again at once."""
    for operation in OPERATIONS:
        monkeypatch.delattr(caches["default"], operation)
    safecache._down_until = 0.0


@pytest.fixture
def outage(monkeypatch):
    _refuse(monkeypatch)


@pytest.fixture
def page(db):
    return make_revised_page(title="Hell's Kitchen", body="A neighbourhood.")


def _edit(client, page, body, commit):
    page.refresh_from_db()
    with commit():
        return client.post(
            f"/wiki/{page.slug}/edit/",
            {"title": page.title, "body": body, "summary": "",
             "base_revision": page.current_revision_id},
        )  # fmt: skip


def test_reading_and_editing_go_on_while_the_cache_is_down(
    client, cached, outage, page, commit, caplog
):
    assert client.get(page.get_absolute_url()).status_code == 200
    client.force_login(make_user(username="editor"))

    response = _edit(client, page, "West of Midtown.", commit)

    assert response.status_code == 302
    assert "West of Midtown." in client.get(page.get_absolute_url()).text
    assert "The cache 'default' failed" in caplog.text
    assert caplog.text.count("failed; serving without it") == 1  # once, not a flood


def test_rate_limits_are_off_not_broken_while_the_cache_is_down(
    client, cached, outage, db
):
    for _ in range(3):
        response = client.post(
            "/accounts/login/", {"username": "nobody", "password": "wrong"}
        )
        assert response.status_code == 200
        assert "Please enter a correct username and password." in response.text


def test_an_edit_made_while_the_cache_was_down_is_never_served_stale(
    client, cached, monkeypatch, page, commit
):
    anonymous = client.get(page.get_absolute_url())  # kept in the page cache
    assert client.get(page.get_absolute_url())["X-Page-Cache"] == "hit"
    stale_generation = caches["default"].get(generations.KEY)

    _refuse(monkeypatch)
    editor = type(client)()
    editor.force_login(make_user(username="editor"))
    assert _edit(editor, page, "West of Midtown.", commit).status_code == 302
    _answer_again(monkeypatch)

    assert caches["default"].get(generations.KEY) == stale_generation
    after = client.get(page.get_absolute_url())

    assert "A neighbourhood." in anonymous.text
    assert "West of Midtown." in after.text
    assert after["X-Page-Cache"] == "miss"


def test_a_cache_back_with_old_data_is_caught_within_the_check_interval(
    client, cached, settings, monkeypatch, page, commit
):
    """A process that never saw the failure compares with the database at
    most WIKI_GENERATION_CHECK_SECONDS after its last look."""
    settings.WIKI_GENERATION_CHECK_SECONDS = 1
    client.get(page.get_absolute_url())
    as_it_was = dict(caches["default"]._cache)  # the cache's data, as kept
    editor = type(client)()
    editor.force_login(make_user(username="editor"))
    assert _edit(editor, page, "West of Midtown.", commit).status_code == 302
    caches["default"]._cache.clear()
    caches["default"]._cache.update(as_it_was)  # as it came back

    clock = generations.time.monotonic() + 2
    monkeypatch.setattr(generations.time, "monotonic", lambda: clock)

    assert "West of Midtown." in client.get(page.get_absolute_url()).text


def _raising(error):
    def call(*args, **kwargs):
        raise error

    return call


def test_an_admin_save_while_the_cache_is_down_answers_as_saved(
    admin_client, cached, outage, commit
):
    with commit():
        response = admin_client.post(
            "/admin/wiki/article/add/",
            {"title": "Hell's Kitchen", "slug": "hells-kitchen", "body": "A place.",
             "sources": "", "article_type": "place", "published_on": "",
             "gallery_items-TOTAL_FORMS": "0", "gallery_items-INITIAL_FORMS": "0",
             "videos-TOTAL_FORMS": "0", "videos-INITIAL_FORMS": "0"},
        )  # fmt: skip

    assert response.status_code == 302
    assert Page.objects.get(slug="hells-kitchen").current_revision is not None
