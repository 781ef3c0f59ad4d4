"""Every piece of content has a reveal point: a page's own existence, a
credit, a source, a category membership. A reader before it gets nothing of
it, on any surface; a reader past it gets all of it."""

import io

import pytest

from tests.factories import (
    make_article,
    make_cast_credit,
    make_character,
    make_episode,
    make_person,
    make_season,
    make_series,
)
from wiki import storytime
from wiki.services import record_revision

LATER = storytime.position(3, 3)
NAME = "Gregory Sallinger"

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    series = make_series(title="Jessica Jones")
    season = make_season(series=series, number=1)
    episode = make_episode(season=season, number=3, title="AKA It's Called Whiskey")
    make_season(series=series, number=3, title="Season 3")
    later = make_character(
        title=NAME,
        slug="gregory-sallinger",
        series=series,
        revealed_in=LATER,
        body="A serial killer.\n\n[[Category:Killers]]",
        sources="https://example.com/sallinger-revealed",
    )
    early = make_character(
        title="Trish Walker",
        slug="trish-walker",
        series=series,
        body="Jessica's sister. She later meets [[Gregory Sallinger]].",
    )
    for page in (later, early, episode):
        record_revision(page=page, summary="Written")
    return series, later, early


def at(client, series, code):
    client.cookies["progress"] = f"{series.pk}:{code}"
    return client


def test_a_page_before_its_reveal_answers_only_that_it_is_later(client, story):
    series, later, _ = story

    response = at(client, series, "S1E3").get("/characters/gregory-sallinger/")

    assert response.status_code == 404
    text = response.content.decode()
    assert "Past where you have watched" in text
    assert "Sallinger" not in text.replace("gregory-sallinger", "")
    assert "serial killer" not in text
    assert "?progress=everything" in text


def test_the_page_shows_from_its_reveal_on(client, story):
    series, _, _ = story

    response = at(client, series, "S3E3").get("/characters/gregory-sallinger/")

    assert response.status_code == 200
    assert "A serial killer." in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/characters/", "/wiki/", "/categories/", "/categories/characters/"]
)
def test_indexes_leave_out_what_the_reader_has_not_met(client, story, url):
    series, _, _ = story

    early = at(client, series, "S1E3").get(url).content.decode()
    everything = at(client, series, "everything").get(url).content.decode()

    assert NAME not in early and "Killers" not in early
    assert NAME in everything or "Killers" in everything


def test_a_link_to_a_later_page_is_only_words(client, story):
    series, _, _ = story

    early = at(client, series, "S1E3").get("/characters/trish-walker/").content
    everything = at(client, series, "everything").get("/characters/trish-walker/")

    assert b'href="/characters/gregory-sallinger/"' not in early
    assert b'href="/characters/gregory-sallinger/"' in everything.content


def test_search_and_suggestions_do_not_find_a_later_page(client, story):
    series, _, _ = story
    at(client, series, "S1E3")

    assert NAME not in client.get("/search/?q=Sallinger").content.decode()
    assert client.get("/search/suggest/?q=Sallinger").json()["results"] == []
    at(client, series, "S3E3")
    assert NAME in client.get("/search/?q=Sallinger").content.decode()
    assert client.get("/search/suggest/?q=Sallinger").json()["results"]


def test_a_category_whose_members_are_all_later_says_only_that(client, story):
    series, _, _ = story

    early = at(client, series, "S1E3").get("/categories/killers/")
    later = at(client, series, "S3E3").get("/categories/killers/")

    assert early.status_code == 404 and b"Killers" not in early.content
    assert later.status_code == 200 and NAME.encode() in later.content


def test_a_category_given_in_a_later_block_joins_with_the_block(client, story):
    series, _, early = story
    early.body = (
        "Jessica's sister.\n\n::: S2E1\nA vigilante.\n[[Category:Vigilantes]]\n:::"
    )
    record_revision(page=early, summary="Later")

    at_s1 = at(client, series, "S1E3").get("/characters/trish-walker/").content
    at_s2 = at(client, series, "S2E1").get("/characters/trish-walker/").content

    assert b"Vigilantes" not in at_s1
    assert b"Vigilantes" not in at(client, series, "S1E3").get("/categories/").content
    assert b'href="/categories/vigilantes/"' in at_s2


def test_api_leaves_out_a_character_the_reader_has_not_met(client, story):
    listed = client.get("/api/characters?progress=S1E3").json()
    detail = client.get("/api/characters/gregory-sallinger?progress=S1E3")

    assert NAME not in [item["title"] for item in listed["items"]]
    assert detail.status_code == 404
    assert client.get("/api/characters/gregory-sallinger").status_code == 200


def test_feeds_leave_out_a_page_the_reader_has_not_met(client, story):
    new_pages = client.get("/feeds/new/?progress=S1E3").content.decode()
    changes = client.get("/changes/feed/?progress=S1E3").content.decode()

    entry = f"<title>{NAME}</title>"
    assert entry not in new_pages and entry not in changes
    assert entry in client.get("/feeds/new/").content.decode()


def test_sources_are_revealed_with_the_page_or_their_tag(client, story):
    series, _, early = story
    early.sources = "https://example.com/trish\nS2E6: https://example.com/hellcat"
    early.save()

    at_s1 = at(client, series, "S1E3").get("/characters/trish-walker/").content
    at_s2 = at(client, series, "S2E6").get("/characters/trish-walker/").content

    assert b"example.com/trish" in at_s1 and b"hellcat" not in at_s1
    assert b"example.com/hellcat" in at_s2


def test_an_episodes_untagged_sources_wait_for_the_episode(client, story):
    series, _, _ = story
    episode = make_episode(
        season=series.seasons.get(number=1),
        number=13,
        title="AKA Smile",
        sources="https://example.com/s1e13-review",
    )

    early = at(client, series, "S1E3").get(episode.get_absolute_url()).content
    after = at(client, series, "S1E13").get(episode.get_absolute_url()).content

    assert b"s1e13-review" not in early and b"s1e13-review" in after


def test_a_credit_revealed_after_its_scope_waits_for_its_episode(client, story):
    series, _, _ = story
    season = make_season(series=series, number=2, title="Season 2")
    make_episode(season=season, number=1, title="AKA Start at the Beginning")
    alisa = make_character(title="Alisa Jones", slug="alisa-jones", series=series)
    make_cast_credit(
        person=make_person(title="Janet McTeer"),
        character=alisa,
        season=season,
        billing=1,
        revealed_in=storytime.position(2, 6),
    )

    before = at(client, series, "S2E5").get(season.get_absolute_url()).content
    after = at(client, series, "S2E6").get(season.get_absolute_url()).content
    api = client.get(f"/api/credits/cast?progress={series.pk}:S2E5").json()

    assert b"Janet McTeer" not in before
    assert b"Janet McTeer" in after
    assert "Alisa Jones" not in [item["role"] for item in api["items"]]


def test_what_links_here_leaves_out_later_pages(client, story):
    series, _, _ = story
    article = make_article(title="New York", slug="new-york", body="A city.")
    later_article = make_article(
        title="Later place", slug="later-place", body="[[New York]]", revealed_in=LATER
    )
    record_revision(page=later_article, summary="Linked")

    early = at(client, series, "S1E3").get("/wiki/new-york/links/").content
    everything = at(client, series, "everything").get("/wiki/new-york/links/")

    assert article.title.encode() in early
    assert b"Later place" not in early and b"Later place" in everything.content


def test_an_episode_code_is_how_the_reveal_is_edited(admin_client, story):
    _, later, _ = story
    url = f"/admin/characters/character/{later.pk}/change/"

    page = admin_client.get(url).content.decode()

    assert 'value="S3E3"' in page


def test_a_diff_shows_the_reveal_as_an_episode_code(admin_client, story):
    _, later, _ = story
    later.revealed_in = storytime.position(3, 4)
    record_revision(page=later, summary="Later still")
    admin_client.post("/whole-story/", {"next": "/"})

    diff = admin_client.get("/wiki/gregory-sallinger/diff/?progress=everything")

    text = diff.content.decode()
    assert "S3E3" in text and "S3E4" in text


def test_rebuild_search_restages_category_memberships(story):
    from django.core.management import call_command

    from wiki.models import PageCategory

    _, later, _ = story
    PageCategory.objects.filter(page=later).update(revealed_in=0)  # as upgraded

    call_command("rebuild_search", stdout=io.StringIO())

    reveals = set(
        PageCategory.objects.filter(page=later).values_list("revealed_in", flat=True)
    )
    assert reveals == {LATER}


def test_a_later_pages_discussion_answers_like_the_page(client, story):
    series, _, _ = story

    early = at(client, series, "S1E3").get("/wiki/gregory-sallinger/talk/")
    later = at(client, series, "S3E3").get("/wiki/gregory-sallinger/talk/")

    assert early.status_code == 404 and NAME.encode() not in early.content
    assert later.status_code == 200 and NAME.encode() in later.content


def test_an_alias_never_suggests_a_later_page(client, story):
    from wiki.models import Redirect
    from wiki.search import documents

    series, later, _ = story
    Redirect.objects.create(
        title="Gregory Salinger", slug="gregory-salinger", target=later
    )
    documents.refresh(later)

    early = at(client, series, "S1E3").get("/search/?q=Gregory+Salingr").content
    after = at(client, series, "S3E3").get("/search/?q=Gregory+Salingr").content

    assert NAME.encode() not in early
    assert NAME.encode() in after
