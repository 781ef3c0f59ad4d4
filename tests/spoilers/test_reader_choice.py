"""The reader's side of spoiler safety: the first-visit question, episode
titles on the progress page and the option to hide those not watched yet,
crew shown before an episode is reached."""

import re

import pytest

from credits.models import CrewCredit
from tests.factories import (
    make_cast_credit,
    make_crew_credit,
    make_episode,
    make_person,
    make_season,
    make_series,
    make_user,
)
from wiki.models import Profile

OURS = {"HTTP_ORIGIN": "http://testserver"}
BANNER = 'role="region" aria-labelledby="first-visit-heading"'
LATER = "The Twist Revealed"  # the title of S1E3


@pytest.fixture
def show(db):
    series = make_series(title="Small Show")
    season = make_season(series=series, number=1)
    titles = ["The Beginning", "The Middle", LATER]
    for number, title in enumerate(titles, start=1):
        make_episode(
            season=season,
            number=number,
            title=title,
            synopsis=f"The plot of episode {number}.",
        )
    return series


def _episode(show, number):
    return show.seasons.get().episodes.get(number=number)


def _title_tag(html):
    return re.search(r"<title>(.*?)</title>", html, re.S)[1]


# The first-visit question


def test_a_first_visit_asks_how_far_the_reader_has_watched(client, show):
    html = client.get(show.get_absolute_url()).content.decode()

    assert BANNER in html
    assert "How far have you watched?" in html
    assert 'name="episode"' in html
    assert "I’ve seen everything" in html
    assert "Not now" in html
    # Meanwhile a visitor reads everything, as crawlers and feeds do.
    assert "Watched:</span> <strong>Everything</strong>" in html


def test_the_progress_page_does_not_ask_twice(client, show):
    assert BANNER not in client.get("/progress/").content.decode()


def test_seen_everything_is_remembered_and_the_question_goes(client, show):
    response = client.post(
        "/progress/",
        {"position": "everything", "episode": "", "next": show.get_absolute_url()},
        **OURS,
    )

    assert response.status_code == 302
    assert response["Location"] == show.get_absolute_url()
    assert client.cookies["progress"].value == "everything"
    html = client.get(show.get_absolute_url()).content.decode()
    assert BANNER not in html
    assert "Watched:</span> <strong>Everything</strong>" in html


def test_a_typed_episode_hides_what_comes_later(client, show):
    later = _episode(show, 3)
    response = client.post(
        "/progress/", {"episode": "s1e2", "next": later.get_absolute_url()}, **OURS
    )

    assert response.status_code == 302
    assert client.cookies["progress"].value == "S1E2"
    html = client.get(later.get_absolute_url()).content.decode()
    assert BANNER not in html
    assert "The plot of episode 3." not in html
    assert "Showing everything up to S1E2" in html


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("soon", "“soon” is not an episode code: write it like S1E5."),
        ("S4E1", "No series here has an episode S4E1."),
        ("", "Type an episode code, such as S1E5."),
    ],
)
def test_a_typed_episode_that_is_none_keeps_the_text_and_says_why(
    client, show, typed, error
):
    response = client.post("/progress/", {"episode": typed, "next": "/"}, **OURS)

    assert response.status_code == 400
    html = response.content.decode()
    assert error in html
    assert f'value="{typed}"' in html
    assert 'aria-invalid="true"' in html
    assert "progress" not in response.cookies


def test_not_now_keeps_everything_and_stops_asking(client, show):
    response = client.post(
        "/progress/", {"dismiss": "1", "episode": "", "next": "/"}, follow=True, **OURS
    )

    assert "You can say how far you have watched at any time" in response.text
    assert client.cookies["progress"].value == "everything"
    assert BANNER not in client.get(show.get_absolute_url()).content.decode()


def test_another_site_cannot_answer_the_question(client, show):
    response = client.post("/progress/", {"dismiss": "1"})

    assert response.status_code == 403
    assert "progress" not in response.cookies


def test_a_contributors_answer_is_kept_in_their_profile(client, show):
    user = make_user()
    client.force_login(user)
    assert BANNER in client.get(show.get_absolute_url()).content.decode()

    client.post("/progress/", {"position": "everything", "next": "/"}, **OURS)

    assert Profile.objects.get(user=user).progress == "everything"
    client.logout()  # which forgets the cookies too
    assert "progress" not in client.cookies
    client.force_login(user)
    assert BANNER not in client.get(show.get_absolute_url()).content.decode()


@pytest.fixture
def page_cache(settings):
    settings.WIKI_PAGE_CACHE = "default"


def test_the_page_cache_never_serves_the_question_to_one_who_answered(
    client, show, page_cache, django_assert_max_num_queries
):
    url = show.get_absolute_url()
    asked = client.get(url)
    with django_assert_max_num_queries(1):  # the generation check
        asked_again = client.get(url)

    client.cookies["progress"] = "everything"  # same progress, but chosen
    chosen = client.get(url)
    with django_assert_max_num_queries(1):
        chosen_again = client.get(url)

    assert asked_again["X-Page-Cache"] == "hit"
    assert BANNER in asked_again.content.decode()
    assert chosen["X-Page-Cache"] == "miss"
    assert chosen_again["X-Page-Cache"] == "hit"
    assert BANNER not in chosen_again.content.decode()
    assert "Cookie" in asked["Vary"]


# Episode titles on the progress page, and the option to hide them


def test_the_progress_page_shows_each_episodes_title_legibly(client, show):
    html = client.get("/progress/").content.decode()

    button = re.search(r'<button[^>]*value="S1E3".*?</button>', html, re.S)[0]
    assert 'title="' not in button  # not a tooltip: touch screens never show one
    assert '<span class="episode-buttons__code">S1E3</span>' in button
    assert f'<span class="episode-buttons__title">{LATER}</span>' in button


def test_hiding_titles_is_kept_in_a_cookie(client, show):
    response = client.post(
        "/progress/", {"titles": "hidden", "next": "/progress/"}, follow=True, **OURS
    )

    assert client.cookies["titles"].value == "hidden"
    assert "named by their code only" in response.text
    assert 'value="hidden" checked' in response.text

    client.post("/progress/", {"titles": "shown", "next": "/"}, **OURS)
    assert client.cookies["titles"].value == ""


@pytest.fixture
def hiding(client, show):
    """A visitor at S1E1 who hides the titles of episodes not watched yet."""
    client.cookies["progress"] = "S1E1"
    client.cookies["titles"] = "hidden"
    return client


def test_hidden_titles_never_reach_the_page_of_a_later_episode(
    hiding, show, django_assert_max_num_queries
):
    later = _episode(show, 3)
    with django_assert_max_num_queries(12):
        html = hiding.get(later.get_absolute_url()).content.decode()

    assert LATER not in html  # heading, <title>, infobox, meta tags, JSON-LD
    assert "<h1>S1E3</h1>" in html
    assert _title_tag(html).startswith("S1E3 ·")
    # A watched episode keeps its title, next to one that is not.
    middle = hiding.get(_episode(show, 2).get_absolute_url()).content.decode()
    assert "The Beginning" in middle  # previous: watched
    assert LATER not in middle and "S1E3" in middle  # next: not yet


@pytest.mark.parametrize("where", ["season", "guide", "progress"])
def test_hidden_titles_never_reach_lists_of_episodes(
    hiding, show, where, django_assert_max_num_queries
):
    url = {
        "season": show.seasons.get().get_absolute_url(),
        "guide": f"/series/{show.slug}/episodes/",
        "progress": "/progress/",
    }[where]
    with django_assert_max_num_queries(12):
        html = hiding.get(url).content.decode()

    assert LATER not in html
    assert "The Beginning" in html  # watched: named as usual


def test_hidden_titles_apply_only_past_the_readers_position(hiding, show):
    hiding.cookies["progress"] = "everything"

    html = hiding.get(_episode(show, 3).get_absolute_url()).content.decode()

    assert f"<h1>{LATER}</h1>" in html


def test_a_filmography_names_later_episodes_by_code(hiding, show):
    director = make_person(title="Dee Rector")
    make_crew_credit(person=director, episode=_episode(show, 1))
    make_crew_credit(person=director, episode=_episode(show, 3))
    hiding.cookies["progress"] = "everything"
    assert LATER in hiding.get(director.get_absolute_url()).content.decode()

    hiding.cookies["progress"] = "S1E1"
    html = hiding.get(director.get_absolute_url()).content.decode()
    assert LATER not in html
    assert "The Beginning" in html


def test_a_contributors_titles_option_follows_them(client, show):
    user = make_user()
    client.force_login(user)
    client.post("/progress/", {"titles": "hidden", "next": "/"}, **OURS)
    assert Profile.objects.get(user=user).hide_unwatched_titles

    client.logout()
    client.cookies.clear()
    client.force_login(user)
    client.post("/progress/", {"episode": "S1E1", "next": "/"}, **OURS)
    html = client.get(_episode(show, 3).get_absolute_url()).content.decode()
    assert LATER not in html


# Crew before the episode is reached


def test_directors_and_writers_show_before_the_episode_but_not_the_cast(client, show):
    later = _episode(show, 3)
    make_crew_credit(person=make_person(title="Dee Rector"), episode=later)
    make_crew_credit(
        person=make_person(title="Wry Ter"), job=CrewCredit.Job.WRITER, episode=later
    )
    make_cast_credit(person=make_person(title="Cass Member"), episode=later)
    client.cookies["progress"] = "S1E1"

    episode_page = client.get(later.get_absolute_url()).content.decode()
    guide = client.get(f"/series/{show.slug}/episodes/").content.decode()

    for html in (episode_page, guide):
        assert "Dee Rector" in html
        assert "Wry Ter" in html
        assert "Cass Member" not in html
        assert "The plot of episode 3." not in html
