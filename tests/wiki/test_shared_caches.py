"""
Nothing of one reader's own reaches what others are served from shared
caches: the fragments of pages (kept per address, progress and rights, so
shared by everyone with the same rights) and the `{% once %}` chrome (kept
once a process, for everyone). Pages of every kind, indexes and tools are
rendered for a contributor who has a CSRF token and a message waiting, and
whatever those caches then hold is searched for their name, a CSRF field and
the message. docs/caching.md says what may go in them.
"""

import io

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import engines
from PIL import Image as PILImage

from multimedia.services import upload_image
from tests.factories import make_user
from tests.locations.models import Location
from wiki import kinds, services
from wiki.models import Page
from wiki.templatetags.wiki_tags import OnceNode

NAME = "zqpersonal"
MESSAGE = "Showing everything about"  # what saving progress says, below
TOOLS = [
    "/", "/characters/", "/people/", "/wiki/", "/categories/",
    "/categories/characters/", "/changes/", "/search/?q=jessica",
    "/series/marvels-jessica-jones/episodes/", "/locations/", f"/users/{NAME}/",
    "/wiki/trish-walker/history/", "/wiki/trish-walker/links/",
]  # fmt: skip


def _personal(html: str) -> list[str]:
    """What in a cached piece of HTML belongs to one reader only."""
    found = {
        "a username": NAME in html,
        "a CSRF field": "csrfmiddlewaretoken" in html,
        "a message": MESSAGE in html,
    }
    return [what for what, present in found.items() if present]


@pytest.fixture
def stored(settings, monkeypatch):
    """Every fragment entry written to the cache during the test."""
    settings.WIKI_FRAGMENT_CACHE = "default"
    cache, entries = caches["default"], []
    original = cache.set

    def record(key, value, *args, **kwargs):
        if key.startswith("wiki:fragments:"):
            entries.append(value)
        return original(key, value, *args, **kwargs)

    monkeypatch.setattr(cache, "set", record)
    return entries


def _addresses():
    """Two pages of every kind (the seed has no image or location: the test
    adds one of each), then the indexes and tools."""
    by_kind = {
        kind.name: list(Page.objects.filter(kind=kind.name).order_by("pk")[:2])
        for kind in kinds.all_kinds()
    }
    assert all(by_kind.values()), by_kind
    pages = [page.get_absolute_url() for found in by_kind.values() for page in found]
    return pages + TOOLS


def _an_image_and_a_location():
    picture = io.BytesIO()
    PILImage.new("RGB", (40, 30), "teal").save(picture, "PNG")
    upload_image(
        upload=SimpleUploadedFile("office.png", picture.getvalue()),
        title="Alias office",
        alt_text="A cluttered office",
    )
    location = Location.objects.create(
        title="Hell's Kitchen", slug="hells-kitchen", body="A neighbourhood."
    )
    services.record_revision(page=location)


def _visit_with_a_message(client, url):
    """Save one's progress on the way to `url`, as a reader does from any
    page: the page is then rendered with the message that saving leaves."""
    response = client.post(
        "/progress/",
        {"series": "marvels-jessica-jones", "position": "everything", "next": url},
        follow=True,
        headers={"Origin": "http://testserver"},
    )
    assert response.status_code == 200, url
    assert MESSAGE in response.text, url  # the message is really on the page


def test_shared_caches_hold_nothing_of_a_readers_own(seeded, client, stored):
    _an_image_and_a_location()
    client.force_login(make_user(username=NAME))

    for url in _addresses():
        _visit_with_a_message(client, url)

    parts = [(name, html) for entry in stored for name, html in entry["parts"].items()]
    assert len({name.split("\x1f")[0] for name, _ in parts}) >= 8  # all kinds ran
    leaks = [(name, _personal(html)) for name, html in parts if _personal(html)]
    leaks += [
        ("kept row", _personal(repr(value)))
        for entry in stored
        for value in entry.get("kept", {}).values()
        if _personal(repr(value))
    ]
    leaks += [
        ("{% once %}", _personal(html))
        for node in list(OnceNode.nodes)
        for html in node.rendered.values()
        if _personal(html)
    ]
    assert leaks == []


def test_the_search_finds_a_reader_of_their_own_in_a_fragment(rf, db, stored):
    """The guard above can fail: a fragment that shows the reader's name is
    kept, and the search names it."""
    request = rf.get("/somewhere/")
    request.user, request.session = make_user(username=NAME), {}
    template = engines["django"].from_string(
        "{% load wiki_tags %}{% fragment 'greeting' %}Hello {{ name }}{% endfragment %}"
    )

    template.render({"name": NAME}, request)

    assert _personal(stored[-1]["parts"]["greeting"]) == ["a username"]
