"""
A new kind of page is a new app: tests/locations adds locations with a model,
a registration in its AppConfig, views, templates and an admin, and no line of
the core. Every part of the wiki then works for its pages as for any other.
"""

import json
import re
from pathlib import Path

import pytest

from tests.factories import make_series, make_user
from tests.locations.models import Location
from wiki import services
from wiki.models import Revision

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def location():
    place = Location.objects.create(
        title="Alias Investigations office",
        slug="alias-office",
        district="Hell's Kitchen",
        series=make_series(),
        description="A small office.\nS1E5: A small office with a broken door.",
        body="Where [[Jessica Jones]] works.",
    )
    services.record_revision(page=place, summary="Created")
    return place


def test_neither_the_core_nor_the_shared_templates_name_the_new_kind():
    files = [*(ROOT / "wiki").rglob("*.py"), *(ROOT / "templates").rglob("*.html")]

    assert not [path for path in files if "locations" in path.read_text().lower()]


def test_its_page_renders_as_of_the_reader(client, location):
    client.cookies["progress"] = f"{location.series_id}:S1E3"

    html = client.get("/locations/alias-office/").text

    assert "Hell&#x27;s Kitchen" in html
    assert "A small office." in html and "broken door" not in html
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', html)[1])
    assert data["@type"] == "Place" and data["description"] == "A small office."
    assert 'class="wikilink-new"' in html  # its body's links resolve


def test_it_is_edited_on_the_site_with_its_own_fields(client, location):
    client.force_login(make_user(username="contributor"))

    form = client.get("/wiki/alias-office/edit/").text
    assert 'name="district"' in form and 'rows="2"' in form
    response = client.post(
        "/wiki/alias-office/edit/",
        {
            "title": location.title,
            "district": "Midtown",
            "description": location.description,
            "body": location.body,
            "base_revision": location.current_revision_id,
            "summary": "Moved",
        },
    )

    assert response.status_code == 302
    location.refresh_from_db()
    assert location.district == "Midtown"
    assert Revision.objects.get(page=location, number=2).data["district"] == "Midtown"
    diff = client.get("/wiki/alias-office/diff/?from=1&to=2").text
    assert "District" in diff and "Midtown" in diff


def test_it_is_found_listed_and_filed_like_any_page(client, location):
    search = client.get("/search/", {"q": "Alias Investigations office"}).text
    assert "/locations/alias-office/" in search
    assert 'value="location"' in search  # a kind to narrow search to

    assert "/locations/alias-office/" in client.get("/locations/").text
    assert '<a href="/locations/">Locations</a>' in client.get("/").text
    assert "/locations/" in client.get("/sitemap-indexes.xml").text
    assert "/locations/alias-office/" in client.get("/sitemap-pages.xml").text
    assert "Alias Investigations office" in client.get("/categories/locations/").text
    assert "alias-office" in client.get("/changes/?kind=location").text


def test_its_admin_has_what_other_apps_add_to_every_kind(admin_client, location):
    html = admin_client.get(f"/admin/locations/location/{location.pk}/change/").text

    assert 'name="district"' in html
    assert 'name="gallery_items-TOTAL_FORMS"' in html
    assert 'name="videos-TOTAL_FORMS"' in html


def test_an_edit_of_its_pages_makes_rendered_pages_stale(
    client, location, commit, settings
):
    """A kind the core knows nothing of is kept and invalidated like any."""
    settings.WIKI_PAGE_CACHE = "default"
    client.get(location.get_absolute_url())
    assert client.get(location.get_absolute_url())["X-Page-Cache"] == "hit"

    with commit():
        services.revise_page(
            page=location,
            author=None,
            changes={"district": "Midtown"},
            base_revision=None,
        )

    response = client.get(location.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert "Midtown" in response.text
