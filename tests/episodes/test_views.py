import pytest

from episodes.models import Episode, Season, Series

pytestmark = pytest.mark.django_db


def test_home_shows_the_series_at_a_glance(client, seeded):
    response = client.get("/")

    assert response.status_code == 200
    html = response.text
    assert "Marvel&#x27;s Jessica Jones" in html
    for date in ("20 November 2015", "8 March 2018", "14 June 2019"):
        assert date in html
    assert "Krysten Ritter" in html and "Janet McTeer" in html
    assert 'href="/characters/jessica-jones/"' in html
    assert "Season 2 premieres on 8 March 2018" in html


def test_home_without_any_series_invites_editors(client, db):
    response = client.get("/")

    assert response.status_code == 200
    assert "No series has been added yet" in response.text


def test_the_episode_guide_lists_every_episode_with_its_credits(client, seeded):
    response = client.get("/episodes/", follow=True)

    assert response.redirect_chain[-1][0] == "/series/marvels-jessica-jones/episodes/"
    html = response.text
    for episode in Episode.objects.all():
        assert f'href="{episode.get_absolute_url()}"' in html
    assert "S. J. Clarkson" in html and "Micah Schraft" in html
    # S2E8 has neither a director nor a writer in the data.
    assert html.count("Unknown") >= 2 * 5 + 2


def test_a_season_page_lists_its_episodes_and_cast(client, seeded):
    season = Season.objects.get(number=2)

    response = client.get(season.get_absolute_url())

    assert response.status_code == 200
    html = response.text
    assert "AKA Start at the Beginning" in html and "AKA Playland" in html
    assert "AKA Ladies Night" not in html
    assert "Janet McTeer" in html
    assert "Melissa Rosenberg" in html


def test_an_episode_page_has_its_infobox_cast_and_neighbours(client, seeded):
    episode = Episode.objects.get(season__number=1, number=3)

    response = client.get(episode.get_absolute_url())

    html = response.text
    assert response.status_code == 200
    assert "AKA It&#x27;s Called Whiskey" in html
    assert "David Petrarca" in html
    assert "Liz Friedman" in html and "Scott Reynolds" in html
    assert "20 November 2015" in html
    assert "Runtime" in html and "Unknown" in html
    assert "Trish interviews Hope" in html
    assert "Krysten Ritter" in html
    assert 'rel="prev" href="/episodes/aka-crush-syndrome/"' in html
    assert 'rel="next" href="/episodes/aka-99-friends/"' in html


def test_episode_neighbours_cross_season_boundaries(client, seeded):
    last_of_first = Episode.objects.get(season__number=1, number=13)

    html = client.get(last_of_first.get_absolute_url()).text

    assert 'rel="next" href="/episodes/aka-start-at-the-beginning/"' in html


def test_unknown_credits_are_said_to_be_unknown(client, seeded):
    episode = Episode.objects.get(season__number=2, number=8)

    html = client.get(episode.get_absolute_url()).text

    assert html.count('<span class="unknown">Unknown</span>') >= 3


def test_a_credits_note_is_shown_to_readers(client, seeded):
    episode = Episode.objects.get(season__number=2, number=6)

    html = client.get(episode.get_absolute_url()).text

    assert "writer not found" in html


def test_season_and_episode_numbers_redirect_to_their_pages(client, seeded):
    season = client.get("/series/marvels-jessica-jones/season/2/")
    episode = client.get("/series/marvels-jessica-jones/season/1/episode/3/")

    assert season.status_code == 302
    assert season["Location"] == "/seasons/jessica-jones-season-2/"
    assert episode["Location"] == "/episodes/aka-its-called-whiskey/"


@pytest.mark.parametrize(
    "url",
    [
        "/series/marvels-jessica-jones/season/9/",
        "/series/marvels-jessica-jones/season/0/",
        "/series/marvels-jessica-jones/season/1/episode/14/",
        "/series/marvels-jessica-jones/season/99999999999999999999/",
        "/series/marvels-jessica-jones/season/-1/",
        "/series/no-such-series/",
        "/episodes/no-such-episode/",
        "/seasons/no-such-season/",
        "/episodes/bad%20slug!/",
        "/series/marvels-jessica-jones/episodes/extra/",
    ],
)
def test_missing_or_malformed_addresses_get_the_designed_404(client, seeded, url):
    response = client.get(url)

    assert response.status_code == 404
    assert "That page isn’t here" in response.text


def test_a_series_page_shows_its_overview_and_body(client, seeded):
    series = Series.objects.get()

    html = client.get(series.get_absolute_url()).text

    assert "Full episode guide" in html
    assert "thirteen episodes each" in html


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        ("/", 7),
        ("/series/{series}/", 8),
        ("/series/{series}/episodes/", 5),
        ("/seasons/{season}/", 10),  # its appearances grid: one query
        # Rendered afresh: the episode in full beside its own row, its credits,
        # neighbours, gallery, videos and categories (from the fragment cache,
        # one query: tests/wiki/test_fragments.py).
        ("/episodes/{episode}/", 11),
    ],
)
def test_series_pages_stay_within_their_query_budget(
    client, large_series, django_assert_max_num_queries, url, budget
):
    season = large_series.seasons.get(number=5)
    episode = season.episodes.get(number=10)
    url = url.format(series=large_series.slug, season=season.slug, episode=episode.slug)

    with django_assert_max_num_queries(budget):
        response = client.get(url)

    assert response.status_code == 200
    assert large_series.title in response.text


def test_the_guide_of_a_large_series_lists_all_its_episodes(client, large_series):
    html = client.get(f"/series/{large_series.slug}/episodes/").text

    assert html.count('<th scope="row" id="S') == 200
