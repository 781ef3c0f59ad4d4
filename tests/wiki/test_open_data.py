import json
import re
from xml.etree import ElementTree

import pytest

from wiki.models import Page

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _json_ld(html):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    )
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_the_sitemap_lists_every_page(client, seeded):
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    locations = set()
    for section in index.iter(f"{SITEMAP}loc"):
        path = section.text.removeprefix("http://testserver")
        body = ElementTree.fromstring(client.get(path).content)
        locations |= {loc.text for loc in body.iter(f"{SITEMAP}loc")}

    for page in Page.objects.all():
        assert f"http://testserver{page.get_absolute_url()}" in locations
    indexes = {
        "/", "/characters/", "/people/", "/wiki/", "/categories/", "/locations/",
    }  # fmt: skip
    assert {f"http://testserver{path}" for path in indexes} <= locations
    # The episode guide's address only redirects: search engines get the guides.
    assert "http://testserver/episodes/" not in locations
    assert len(locations) == Page.objects.count() + len(indexes)


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_tools(client, db):
    response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.text
    assert "Disallow: /admin/" in response.text
    assert "Disallow: /wiki/*/edit/" in response.text


def test_an_episode_describes_itself_as_a_tv_episode(client, seeded):
    html = client.get("/episodes/aka-its-called-whiskey/").text

    data = _json_ld(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "TVEpisode"
    assert data["episodeNumber"] == 3
    assert data["partOfSeason"] == {
        "@type": "TVSeason",
        "name": "Season 1",
        "seasonNumber": 1,
        "url": "http://testserver/seasons/jessica-jones-season-1/",
    }
    assert [d["name"] for d in data["director"]] == ["David Petrarca"]
    assert "Krysten Ritter" in {a["name"] for a in data["actor"]}
    assert data["datePublished"] == "2015-11-20"
    assert (
        '<link rel="canonical" href="http://testserver/episodes/aka-its-called-whiskey/">'
        in html
    )
    assert '<meta property="og:type" content="video.episode">' in html
    assert '<meta name="twitter:card" content="summary">' in html


def test_series_season_and_person_pages_carry_json_ld(client, seeded):
    series = _json_ld(client.get("/series/marvels-jessica-jones/").text)
    season = _json_ld(client.get("/seasons/jessica-jones-season-2/").text)
    person = _json_ld(client.get("/people/krysten-ritter/").text)

    assert series["@type"] == "TVSeries" and series["numberOfSeasons"] == 3
    assert season["@type"] == "TVSeason" and season["numberOfEpisodes"] == 13
    assert season["partOfSeries"]["name"] == "Marvel's Jessica Jones"
    assert person == {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": "Krysten Ritter",
        "url": "http://testserver/people/krysten-ritter/",
    }


def test_json_ld_cannot_break_out_of_its_script_tag(client, db):
    from tests.factories import make_episode

    episode = make_episode(title="</script><script>alert(1)</script>")

    html = client.get(episode.get_absolute_url()).text

    assert "<script>alert(1)" not in html
    assert _json_ld(html)["name"] == "</script><script>alert(1)</script>"


def test_the_new_pages_feed(client, seeded):
    response = client.get("/feeds/new/?kind=episode")

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 39
    assert "A.K.A. Everything" in response.text
