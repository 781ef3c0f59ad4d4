import re
from html import unescape

import pytest
from django.test import Client

from tests.factories import make_article, make_character, make_user
from wiki.markup import render_markdown

pytestmark = pytest.mark.django_db


def test_an_article_renders_its_markdown_and_links(client, seeded):
    response = client.get("/wiki/season-2-premieres-on-8-march-2018/")

    html = response.text
    assert response.status_code == 200
    assert '<h2 id="s-women-behind-the-camera">Women behind the camera</h2>' in html
    assert 'class="wikilink" href="/characters/kilgrave/"' in html
    assert 'class="wikilink" href="/people/janet-mcteer/"' in html
    assert "News" in html


def test_the_permanent_address_of_a_typed_page_redirects_to_it(client, seeded):
    response = client.get("/wiki/kilgrave/")

    assert response.status_code == 302
    assert response["Location"] == "/characters/kilgrave/"


def test_a_red_link_leads_to_a_missing_page_notice(client, seeded):
    html = client.get("/characters/will-simpson/").text
    assert 'class="wikilink-new"' not in html  # NYPD is plain text there

    response = client.get("/wiki/raft-prison/")

    assert response.status_code == 404
    assert "The wiki has no page called “Raft prison” yet." in response.text


def test_all_pages_lists_every_page_a_to_z(client, seeded):
    html = client.get("/wiki/").text
    later = client.get("/wiki/?letter=K").text

    assert "All pages" in html
    for title in ("AKA Ladies Night", "IGH", "Brian Jones"):
        assert title in html
    assert html.index("AKA Ladies Night") < html.index("Brian Jones")
    assert "Kilgrave" in later and "Krysten Ritter" in later


def test_all_pages_can_be_narrowed_to_a_letter(client, seeded):
    html = client.get("/wiki/?letter=K").text

    assert "Kilgrave" in html and "Krysten Ritter" in html
    assert "AKA Ladies Night" not in html


def test_all_pages_is_paginated(client, db):
    for index in range(205):
        make_article(title=f"Article {index:03d}")

    first = client.get("/wiki/").text
    second = client.get("/wiki/?page=2").text

    assert "Page 1 of 2" in first and "Article 000" in first
    assert "Article 204" in second and "Article 000" not in second


def test_every_page_is_served_with_a_strict_content_security_policy(client, seeded):
    response = client.get("/")

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.text
    assert " style=" not in response.text


def test_the_500_page_uses_the_site_design(db, settings):
    client = Client(raise_request_exception=False)
    settings.ROOT_URLCONF = "tests.wiki.broken_urls"

    response = client.get("/boom/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert "Fanwiki" in response.text


@pytest.mark.parametrize(
    ("url", "budget"),
    # An article rendered afresh reads its own row for the page around its
    # fragments, then itself in full for them.
    [("/wiki/", 3), ("/wiki/?letter=B", 3), ("{article}", 7)],
)
def test_wiki_pages_stay_within_their_query_budget(
    client, large_series, django_assert_max_num_queries, url, budget
):
    make_character(title="Target")
    article = make_article(
        title="Big article",
        body=" ".join(f"[[Target]] [[Missing {n}]]" for n in range(50)),
    )
    url = url.format(article=article.get_absolute_url())

    with django_assert_max_num_queries(budget):
        response = client.get(url)

    assert response.status_code == 200
    assert "Big article" in response.text


def test_the_favicon_address_leads_to_the_site_icon(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")


def test_paging_keeps_the_other_parameters(client, db):
    for index in range(205):
        make_article(title=f"Bravo {index:03d}")

    html = client.get("/wiki/", {"letter": "B"}).text

    assert 'href="?letter=B&amp;page=2"' in html


@pytest.mark.parametrize(
    ("address", "lands_on"),
    [
        ("/wiki/Kilgrave/", "/characters/kilgrave/"),
        ("/characters/KILGRAVE/", "/characters/kilgrave/"),
        ("/episodes/AKA-Ladies-Night/", "/episodes/aka-ladies-night/"),
        ("/characters/Patsy/", "/characters/trish-walker/"),
    ],
)
def test_any_case_of_an_address_leads_to_the_page(client, seeded, address, lands_on):
    response = client.get(address, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0].split("?")[0] == lands_on


@pytest.mark.parametrize(
    ("address", "lands_on"),
    [
        ("/wiki/KILGRAVE/history/", "/wiki/kilgrave/history/"),
        ("/wiki/Kilgrave/history/1/", "/wiki/kilgrave/history/1/"),
        ("/wiki/Kilgrave/diff/?from=1&to=1", "/wiki/kilgrave/diff/?from=1&to=1"),
        ("/wiki/Kilgrave/links/", "/wiki/kilgrave/links/"),
        ("/wiki/patsy/history/", "/wiki/trish-walker/history/"),
        ("/series/Marvels-Jessica-Jones/episodes/",
         "/series/marvels-jessica-jones/episodes/"),
        ("/categories/Characters/", "/categories/characters/"),
    ],
)  # fmt: skip
def test_any_address_of_a_page_leads_to_its_tools_too(
    client, seeded, address, lands_on
):
    response = client.get(address, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == lands_on


def test_an_edit_posted_to_another_address_of_the_page_is_sent_on(client, seeded):
    client.force_login(make_user(username="fan"))

    response = client.post("/wiki/Kilgrave/edit/", {"body": "x"})

    assert response.status_code == 307
    assert response["Location"] == "/wiki/kilgrave/edit/"


def test_a_lowercase_link_finds_its_page(client, seeded):
    html = render_markdown("The villain: [[kilgrave]].")

    assert '<a class="wikilink" href="/characters/kilgrave/" title="Kilgrave">' in html


def test_creating_a_page_from_a_red_link_keeps_the_title_as_written(client, db):
    contributor = make_user(username="fan")
    client.force_login(contributor)
    red = re.search(r'href="([^"]+)"', render_markdown("On [[WNEX Radio]]."))[1]

    missing = client.get(unescape(red))
    create = re.search(r'href="(/create/\?title=[^"]+)"', missing.text)[1]
    form = client.get(unescape(create))

    assert missing.status_code == 404
    assert "<h1>WNEX Radio</h1>" in missing.text
    assert 'value="WNEX Radio"' in form.text


VALID_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?"
)


@pytest.mark.parametrize(
    "url",
    [
        "/", "/changes/", "/wiki/kilgrave/history/", "/episodes/aka-ladies-night/",
        "/series/marvels-jessica-jones/episodes/",
        "/wiki/season-2-premieres-on-8-march-2018/",
        "/seasons/jessica-jones-season-1/", "/characters/kilgrave/",
        "/people/krysten-ritter/",
    ],
)  # fmt: skip
def test_machine_times_are_valid_html(client, seeded, url):
    times = re.findall(r'<time datetime="([^"]*)"', client.get(url).text)

    assert [t for t in times if not VALID_TIME.fullmatch(t)] == []
    if url in ("/changes/", "/wiki/kilgrave/history/"):
        assert times  # the pages that failed do show times
