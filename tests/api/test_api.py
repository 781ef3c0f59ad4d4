import pytest

from tests.factories import make_episode, make_season

pytestmark = pytest.mark.django_db


def test_episodes_filtered_by_season(client, seeded):
    data = client.get("/api/episodes", {"season": 2}).json()

    assert data["count"] == 13
    assert data["next"] is None and data["previous"] is None
    first = data["items"][0]
    assert first == {
        "id": first["id"],
        "slug": "aka-start-at-the-beginning",
        "title": "AKA Start at the Beginning",
        "url": "http://testserver/episodes/aka-start-at-the-beginning/",
        "api_url": "http://testserver/api/episodes/aka-start-at-the-beginning",
        "series": "marvels-jessica-jones",
        "season": 2,
        "number": 1,
        "number_overall": 14,
        "release_date": "2018-03-08",
        "runtime": None,
        "synopsis": first["synopsis"],
    }


def test_lists_are_paginated_with_links(client, seeded):
    first = client.get("/api/people").json()
    second = client.get(first["next"].removeprefix("http://testserver")).json()

    assert first["count"] == 97
    assert len(first["items"]) == 50 and len(second["items"]) == 47
    assert first["previous"] is None and second["next"] is None
    assert second["previous"].endswith("/api/people?page=1")
    assert {p["id"] for p in first["items"]}.isdisjoint(
        p["id"] for p in second["items"]
    )


def test_an_episode_in_detail_has_its_credits(client, seeded):
    data = client.get("/api/episodes/aka-its-called-whiskey").json()

    jobs = {(c["person"], c["job"]) for c in data["crew"]}
    assert jobs == {
        ("david-petrarca", "director"),
        ("liz-friedman", "writer"),
        ("scott-reynolds", "writer"),
    }
    assert data["crew"][0]["scope"] == {
        "type": "episode",
        "slug": "aka-its-called-whiskey",
        "title": "AKA It's Called Whiskey",
    }


def test_credits_by_person_and_by_job(client, seeded):
    directed = client.get("/api/credits/crew", {"person": "krysten-ritter"}).json()
    directors = client.get("/api/credits/crew", {"job": "director"}).json()
    cast = client.get("/api/credits/cast", {"person": "krysten-ritter"}).json()

    assert [c["scope"]["slug"] for c in directed["items"]] == ["aka-youre-welcome"]
    assert directors["count"] == 34
    assert {c["character"] for c in cast["items"]} == {"jessica-jones"}
    assert {c["billing"] for c in cast["items"]} == {"main"}


def test_series_seasons_characters_and_people(client, seeded):
    series = client.get("/api/series/marvels-jessica-jones").json()
    season = client.get("/api/seasons/jessica-jones-season-3").json()
    trish = client.get("/api/characters/trish-walker").json()
    person = client.get("/api/people/krysten-ritter").json()

    assert [s["number"] for s in series["seasons"]] == [1, 2, 3]
    assert len(season["episodes"]) == 13
    assert trish["aliases"] == ["Patricia Walker", "Patsy", "Hellcat"]
    assert person["url"] == "http://testserver/people/krysten-ritter/"


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/episodes/no-such-episode", 404),
        ("/api/credits/crew?job=astronaut", 422),
        ("/api/episodes?season=abc", 422),
        ("/api/people?page=0", 422),
        ("/api/people?page=999", 200),
    ],
)
def test_bad_requests_get_clear_errors(client, seeded, url, status):
    response = client.get(url)

    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")


def test_the_openapi_description(client, db):
    spec = client.get("/api/openapi.json").json()

    assert spec["info"]["title"] == "Fanwiki API"
    for path in ("/api/series", "/api/episodes/{slug}", "/api/credits/crew"):
        assert path in spec["paths"]


@pytest.mark.parametrize(
    "url", ["/api/episodes", "/api/seasons/{season}", "/api/episodes/{episode}",
            "/api/credits/crew", "/api/credits/cast", "/api/series/{series}"],
)  # fmt: skip
def test_api_query_budgets(client, large_series, django_assert_max_num_queries, url):
    season = large_series.seasons.get(number=3)
    episode = season.episodes.get(number=4)
    url = url.format(series=large_series.slug, season=season.slug, episode=episode.slug)

    with django_assert_max_num_queries(4):
        response = client.get(url)

    assert response.status_code == 200
    data = response.json()
    # A list holds records; one record names itself.
    assert data["items"] if "items" in data else data["slug"] in url


def test_ids_are_stable_across_renames(client, db):
    episode = make_episode(season=make_season(), title="Old title", slug="old-title")
    before = client.get("/api/episodes").json()["items"][0]["id"]
    episode.title, episode.slug = "New title", "new-title"
    episode.save()

    assert client.get("/api/episodes/new-title").json()["id"] == before == episode.pk
