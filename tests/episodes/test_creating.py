"""
Seasons are created inside their series and episodes inside their season,
from the page the contributor started on: the form suggests the next free
numbers and refuses numbers that are taken, keeping what was typed.
"""

import pytest

from episodes.models import Episode, Season
from tests.factories import make_episode, make_season, make_series, make_user
from tests.html_forms import form_data
from wiki import deletion

pytestmark = pytest.mark.django_db


@pytest.fixture
def contributor(client):
    user = make_user(username="contributor")
    client.force_login(user)
    return user


@pytest.fixture
def series():
    return make_series(title="Marvel's Jessica Jones", is_featured=True)


@pytest.fixture
def season_one(series):
    season = make_season(series=series, number=1, title="Jessica Jones season 1")
    for number in (1, 2, 3):
        make_episode(season=season, number=number, title=f"AKA Episode {number}")
    return season


def _form(client, url):
    return form_data(client.get(url).text, "edit-form")


def test_adding_a_season_to_a_series(client, contributor, series, season_one):
    url = f"/create/season/?series={series.slug}"
    html = client.get(url).text
    assert "New season in Marvel&#x27;s Jessica Jones" in html
    data = _form(client, url)
    assert data["number"] == "2"
    assert data["title"] == "Jessica Jones season 2"  # in the way of the last one

    response = client.post(url, data | {"release_date": "2018-03-08"})

    season = Season.objects.get(number=2)
    assert response.status_code == 302
    assert response["Location"] == "/seasons/jessica-jones-season-2/"
    assert season.series == series
    assert str(season.release_date) == "2018-03-08"
    assert season.current_revision.action == "create"
    assert season.current_revision.author == contributor
    assert "Jessica Jones season 2" in client.get("/changes/?kind=season").text


def test_the_series_is_shown_and_cannot_be_changed(client, contributor, series):
    other = make_series(title="Marvel's Luke Cage")
    url = f"/create/season/?series={series.slug}"

    html = client.get(url).text
    response = client.post(url, _form(client, url) | {"series": str(other.pk)})

    assert f'href="{series.get_absolute_url()}"' in html
    assert '<input type="hidden" name="series"' in html
    assert "<select" not in html
    assert response.status_code == 302
    assert Season.objects.get().series == series


def test_a_season_started_elsewhere_chooses_its_series(client, contributor, series):
    other = make_series(title="Marvel's Luke Cage")
    html = client.get("/create/season/").text
    assert '<select name="series"' in html
    data = form_data(html, "edit-form")
    assert data["series"] == str(series.pk)  # the featured series, at first

    response = client.post(
        "/create/season/", data | {"series": str(other.pk), "title": "Luke Cage 1"}
    )

    assert response.status_code == 302
    assert Season.objects.get().series == other


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("1", "The series already has a season 1."),
        ("0", "Seasons are numbered from 1."),
        ("-2", "Ensure this value is greater than or equal to 0."),
    ],
)
def test_a_season_number_that_cannot_be_is_refused_with_the_input_kept(
    client, contributor, series, season_one, number, message
):
    url = f"/create/season/?series={series.slug}"

    response = client.post(
        url, _form(client, url) | {"number": number, "body": "My season notes."}
    )

    assert response.status_code == 400
    assert message in response.text
    assert "My season notes." in response.text
    assert Season.objects.count() == 1


def test_the_number_of_a_deleted_season_is_taken(client, contributor, series):
    deletion.delete_page(
        page=make_season(series=series, number=1), actor=None, reason="Test"
    )
    url = f"/create/season/?series={series.slug}"
    assert _form(client, url)["number"] == "2"

    response = client.post(url, _form(client, url) | {"number": "1"})

    assert response.status_code == 400
    assert "A deleted season has this number" in response.text


def test_adding_an_episode_to_a_season(client, contributor, series, season_one):
    season_two = make_season(series=series, number=2, title="Jessica Jones season 2")
    url = f"/create/episode/?season={season_two.slug}"
    data = _form(client, url)
    assert (data["number"], data["number_overall"]) == ("1", "4")

    response = client.post(
        url, data | {"title": "AKA Start at the Beginning", "runtime": "53"}
    )

    episode = Episode.objects.get(title="AKA Start at the Beginning")
    assert response.status_code == 302
    assert response["Location"] == "/episodes/aka-start-at-the-beginning/"
    assert (episode.season, episode.number, episode.number_overall) == (
        season_two,
        1,
        4,
    )
    assert episode.current_revision.number == 1
    assert "AKA Start at the Beginning" in client.get("/changes/?kind=episode").text


def test_the_next_episode_follows_the_last_of_its_season(
    client, contributor, season_one
):
    data = _form(client, f"/create/episode/?season={season_one.slug}")

    assert (data["number"], data["number_overall"]) == ("4", "4")


@pytest.mark.parametrize(
    ("numbers", "field", "message"),
    [
        ({"number": "2"}, "number", "The season already has an episode 2."),
        ({"number": "0"}, "number", "Episodes are numbered from 1."),
        (
            {"number": "3", "number_overall": "2"},
            "number",
            "The season already has an episode 3.",
        ),
        (
            {"number": "5", "number_overall": "4"},
            "number_overall",
            "The number in the series cannot be below the number in the season.",
        ),
    ],
)
def test_episode_numbers_that_cannot_be_are_refused_with_the_input_kept(
    client, contributor, season_one, numbers, field, message
):
    url = f"/create/episode/?season={season_one.slug}"
    data = _form(client, url) | {"title": "AKA Sin Bin", "synopsis": "Kept."}

    response = client.post(url, data | numbers)

    assert response.status_code == 400
    assert message in response.text
    assert "field--error" in response.text.split(f'name="{field}"')[0][-400:]
    assert "already exists" not in response.text  # each error said of its field
    assert 'value="AKA Sin Bin"' in response.text and "Kept." in response.text
    assert not Episode.objects.filter(title="AKA Sin Bin").exists()


def test_an_overall_number_taken_in_another_season_is_refused(
    client, contributor, series, season_one
):
    season_two = make_season(series=series, number=2)
    url = f"/create/episode/?season={season_two.slug}"

    response = client.post(url, _form(client, url) | {"number_overall": "3"})

    assert response.status_code == 400
    assert "Another episode of the series has this number." in response.text
    assert not season_two.episodes.exists()


def test_a_new_episode_reveals_its_plot_at_its_own_place(
    client, contributor, series, season_one
):
    url = f"/create/episode/?season={season_one.slug}"
    client.post(url, _form(client, url) | {"title": "AKA WWJD", "synopsis": "Twist."})
    client.logout()

    client.cookies["progress"] = f"{series.pk}:S1E3"
    assert "Twist." not in client.get("/episodes/aka-wwjd/").text
    client.cookies["progress"] = f"{series.pk}:S1E4"
    assert "Twist." in client.get("/episodes/aka-wwjd/").text


def test_an_unknown_season_is_not_found(client, contributor):
    assert client.get("/create/episode/?season=no-such-season").status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, season_one):
    response = client.get(f"/create/episode/?season={season_one.slug}")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_contributors_find_where_to_add_seasons_and_episodes(
    client, contributor, series, season_one
):
    add_season = f'href="/create/season/?series={series.slug}"'
    add_episode = f'href="/create/episode/?season={season_one.slug}"'

    assert add_season in client.get(series.get_absolute_url()).text
    assert add_episode in client.get(season_one.get_absolute_url()).text
    guide = client.get(f"/series/{series.slug}/episodes/").text
    assert add_season in guide and add_episode in guide

    client.logout()
    for page in (series.get_absolute_url(), season_one.get_absolute_url()):
        assert "/create/" not in client.get(page).text.split("<main")[1]


@pytest.mark.parametrize(
    ("kind", "start", "form_queries", "save_queries"),
    # A save reads the gallery, cast and crew once for the first revision.
    # It also finds the pages that show the new page (wiki/invalidation.py):
    # those linking to it, and its season's, series' or episodes'.
    [("season", "series", 8, 71), ("episode", "season", 8, 89)],
)
def test_the_forms_and_saves_keep_to_a_query_budget(
    client,
    contributor,
    series,
    django_assert_max_num_queries,
    settings,
    kind,
    start,
    form_queries,
    save_queries,
):
    # As in production: with rendered pages kept, a save finds what shows it.
    settings.WIKI_PAGE_CACHE = settings.WIKI_FRAGMENT_CACHE = "default"
    seasons = [make_season(series=series, number=n) for n in (1, 2, 3)]
    for season in seasons:  # more seasons and episodes change nothing
        for number in range(1, 11):
            make_episode(
                season=season,
                number=number,
                number_overall=(season.number - 1) * 10 + number,
            )
    parent = {"series": series, "season": seasons[-1]}[start]
    url = f"/create/{kind}/?{start}={parent.slug}"

    with django_assert_max_num_queries(form_queries):
        data = _form(client, url)
    with django_assert_max_num_queries(save_queries):
        response = client.post(url, data | {"title": "A new one"})

    assert response.status_code == 302
