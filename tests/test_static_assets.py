"""Static assets: each page loads the scripts it uses and no other; WhiteNoise
serves collected files compressed and, once hashed, cached for good."""

import gzip
import re
from html.parser import HTMLParser
from pathlib import Path

import brotli
import pytest
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import Client, override_settings

from multimedia.models import Video
from talk import services as talk
from tests.factories import make_character, make_episode, make_revised_page, make_user
from tests.wiki.moderating import edit, make_newcomer

SCRIPTS = Path(settings.BASE_DIR) / "static" / "js"
SELECTOR = re.compile(r"([a-z]+)|#([\w-]+)|\.([\w-]+)|\[([\w-]+)\]")


def _hooks() -> dict[str, str]:
    """Each script's hook: the selector of what it acts on, as its header
    declares it."""
    hooks = {}
    for script in sorted(SCRIPTS.glob("*.js")):
        found = re.search(r"^// Hook: (\S+)", script.read_text(), re.MULTILINE)
        assert found, f"{script.name} declares no hook"
        hooks[f"js/{script.name}"] = found[1]
    return hooks


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements, self.scripts, self.stylesheets = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attrs))
        if tag == "script" and "src" in attrs:
            self.scripts.append(attrs["src"].removeprefix(settings.STATIC_URL))
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.stylesheets.append(attrs["href"].removeprefix(settings.STATIC_URL))


def _matches(selector: str, tag: str, attrs: dict) -> bool:
    for name, id_, class_, attribute in SELECTOR.findall(selector):
        if (
            (name and name != tag)
            or (id_ and attrs.get("id") != id_)
            or (class_ and class_ not in attrs.get("class", "").split())
            or (attribute and attribute not in attrs)
        ):
            return False
    return True


def _read(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def test_the_hook_matcher_reads_tags_ids_classes_and_attributes():
    poster = "a.video__poster[data-embed]"
    assert _matches(poster, "a", {"class": "video__poster x", "data-embed": ""})
    assert not _matches(poster, "a", {"class": "video__poster"})
    assert not _matches("form.watch-form", "div", {"class": "watch-form"})
    assert _matches("input#site-search-q", "input", {"id": "site-search-q"})


@pytest.fixture
def wiki(db):
    """A little of every kind of page the representative pages show."""
    article = make_revised_page(title="Hell's Kitchen", body="A neighbourhood.")
    Video.objects.create(
        page=article, title="Trailer", site="youtube", video_id="abc123XYZ"
    )
    episode = make_episode(title="AKA Ladies Night")
    character = make_character(title="Trish Walker")
    jess = make_user(username="jess")
    opening = talk.start_thread(
        author=jess, title="Sources", body="Which ones?", page=article
    )
    talk.reply(reply_to=opening, author=jess, body="These.")
    return {
        "article": article,
        "episode": episode,
        "character": character,
        "thread": opening.thread,
    }


def _urls(wiki):
    article, thread = wiki["article"], wiki["thread"]
    return [
        "/",
        article.get_absolute_url(),
        wiki["episode"].get_absolute_url(),
        wiki["character"].get_absolute_url(),
        f"/wiki/{article.slug}/history/",
        f"/wiki/{article.slug}/edit/",
        "/search/?q=kitchen",
        f"/wiki/{article.slug}/talk/",
        thread.get_absolute_url(),
        "/patrol/",
    ]


@pytest.mark.parametrize("who", [None, "Contributors", "Editors"])
def test_each_page_loads_the_scripts_it_uses_and_no_other(client, wiki, who):
    if who:
        client.force_login(make_user(username="reader", role=who))
    if who == "Editors":  # an edit waiting for patrol: the queue's buttons
        newcomer = Client()
        newcomer.force_login(make_newcomer())
        edit(newcomer, wiki["article"], body="Changed.")
    hooks = _hooks()

    for url in _urls(wiki):
        response = client.get(url, follow=True)
        assert response.status_code in (200, 403), url
        page = _read(response.text)
        present = {
            script
            for script, hook in hooks.items()
            if any(_matches(hook, tag, attrs) for tag, attrs in page.elements)
        }

        assert set(page.scripts) == present, url
        assert len(page.scripts) == len(present), f"{url} loads a script twice"
        # One stylesheet, the site's, whose few kilobytes every page shares.
        assert page.stylesheets == ["css/site.css"], url


def test_the_watch_script_comes_with_the_watch_button(client, wiki):
    url = wiki["article"].get_absolute_url()
    anonymous = _read(client.get(url).text)
    client.force_login(make_user(username="reader"))
    contributor = _read(client.get(url).text)

    assert "js/watch.js" not in anonymous.scripts
    assert "js/watch.js" in contributor.scripts
    assert "js/search-suggest.js" in anonymous.scripts


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """The site's own static files collected as production does (hashed
    names, .gz and .br beside them); the admin's are left out to keep it fast."""
    root = tmp_path_factory.mktemp("static")
    storages = settings.STORAGES | {
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        }
    }
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command(
            "collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin"]
        )
        yield root


@pytest.fixture
def static_client(collected):
    # A new client loads WhiteNoise afresh, which reads STATIC_ROOT then.
    return Client()


def test_collectstatic_writes_brotli_and_gzip_beside_each_hashed_file(collected):
    hashed = staticfiles_storage.stored_name("css/site.css")

    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", hashed)
    assert (collected / f"{hashed}.br").exists()
    assert (collected / f"{hashed}.gz").exists()


@pytest.mark.parametrize(
    ("accept", "encoding", "decode"),
    [
        ("gzip, deflate, br", "br", brotli.decompress),
        ("gzip", "gzip", gzip.decompress),
        ("", None, bytes),
    ],
)
def test_hashed_files_are_served_compressed_and_cached_for_good(
    static_client, collected, accept, encoding, decode
):
    hashed = staticfiles_storage.stored_name("js/search-suggest.js")

    response = static_client.get(f"/static/{hashed}", HTTP_ACCEPT_ENCODING=accept)

    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"
    assert response.get("Content-Encoding") == encoding
    assert "Accept-Encoding" in response["Vary"]
    body = decode(b"".join(response.streaming_content))
    assert body == (collected / hashed).read_bytes()


def test_unhashed_names_are_cached_briefly(static_client):
    response = static_client.get("/static/js/search-suggest.js")

    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=60, public"
