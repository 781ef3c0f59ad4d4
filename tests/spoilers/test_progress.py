"""Setting how far one has watched, and where it is kept."""

import pytest

from tests.factories import (
    make_character,
    make_episode,
    make_season,
    make_series,
    make_user,
)
from wiki.models import Profile
from wiki.search import documents

OURS = {"HTTP_ORIGIN": "http://testserver"}  # what a browser sends from our pages


@pytest.fixture
def show(db):
    series = make_series(title="Small Show")
    for number in (1, 2):
        season = make_season(series=series, number=number)
        for episode in (1, 2, 3):
            make_episode(
                season=season,
                number=episode,
                number_overall=(number - 1) * 3 + episode,
                title=f"Chapter {number}.{episode}",
                synopsis=f"The plot of {number}.{episode}.",
            )
    return series


@pytest.fixture
def hero(show):
    hero = make_character(
        title="The Hero",
        series=show,
        status="Alive\nS1E3: Deceased",
        aliases="Kid\nS2E1: The Ghost",
        body="Born.\n\n::: S1E3\nShe falls from the roof.\n:::\n",
    )
    documents.refresh(hero)
    return hero


def test_the_progress_page_offers_every_episode_as_one_click(client, show):
    html = client.get("/progress/?next=/characters/").content.decode()

    assert html.count('name="position" value="S') == 6
    assert 'value="nothing"' in html
    assert 'value="everything"' in html
    assert "you are at <strong>Everything</strong>" in html


def test_setting_progress_keeps_it_in_a_cookie_and_goes_back(client, show, hero):
    response = client.post(
        "/progress/",
        {"series": show.slug, "position": "S1E2", "next": hero.get_absolute_url()},
        **OURS,
    )

    assert response.status_code == 302
    assert response["Location"] == hero.get_absolute_url()
    assert client.cookies["progress"].value == f"{show.pk}:S1E2"
    assert client.cookies["progress"]["httponly"]
    html = client.get(hero.get_absolute_url()).content.decode()
    assert "Watched:</span> <strong>S1E2</strong>" in html
    assert "Showing Small Show up to S1E2" in html
    assert "She falls" not in html


def test_everything_forgets_the_series_and_nothing_hides_all(client, show, hero):
    client.post("/progress/", {"series": show.slug, "position": "nothing"}, **OURS)
    html = client.get(hero.get_absolute_url()).content.decode()
    assert "Watched:</span> <strong>Nothing yet</strong>" in html
    assert "She falls" not in html

    client.post("/progress/", {"series": show.slug, "position": "everything"}, **OURS)
    # Written out rather than deleted: the reader has chosen, and is not asked.
    assert client.cookies["progress"].value == "everything"
    assert "She falls" in client.get(hero.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"position": "S9E9"}, "Small Show has no episode S9E9."),
        ({"position": "soon"}, "That is not an episode of a series on this wiki."),
        ({"position": "S1E1", "series": "nope"}, "That is not an episode"),
    ],
)
def test_bad_progress_is_refused_and_changes_nothing(client, show, data, error):
    response = client.post(
        "/progress/", {"series": show.slug} | data, follow=True, **OURS
    )

    assert error in response.content.decode()
    assert "progress" not in client.cookies


def test_next_cannot_lead_off_site(client, show):
    response = client.post(
        "/progress/",
        {"series": show.slug, "position": "S1E1", "next": "https://evil.example/"},
        **OURS,
    )

    assert response["Location"] == "/"


def test_an_episode_page_sets_progress_in_one_click(client, show):
    episode = show.seasons.get(number=2).episodes.get(number=1)
    html = client.get(episode.get_absolute_url()).content.decode()
    assert "I’ve watched up to S2E1" in html

    client.post(
        "/progress/",
        {"series": show.slug, "position": "S1E1", "next": episode.get_absolute_url()},
        **OURS,
    )
    html = client.get(episode.get_absolute_url()).content.decode()
    assert "The plot of 2.1." not in html
    assert "I’ve watched up to S2E1" in html  # from the notice: one click on


def test_a_progress_parameter_overrides_for_one_request_only(client, show, hero):
    client.cookies["progress"] = f"{show.pk}:S1E1"

    shown = client.get(f"{hero.get_absolute_url()}?progress=everything")
    assert "She falls" in shown.content.decode()
    html = client.get(hero.get_absolute_url()).content.decode()

    assert "Watched:</span> <strong>S1E1</strong>" in html
    assert "She falls" not in html


def test_contributors_keep_progress_in_their_profile_across_browsers(
    client, django_user_model, show, hero
):
    user = make_user(username="reader")
    client.force_login(user)
    client.post("/progress/", {"series": show.slug, "position": "S1E2"}, **OURS)
    assert Profile.objects.get(user=user).progress == f"{show.pk}:S1E2"

    other = type(client)()
    other.post(
        "/accounts/login/", {"username": "reader", "password": "a-long-passphrase"}
    )
    html = other.get(hero.get_absolute_url()).content.decode()

    assert "Watched:</span> <strong>S1E2</strong>" in html
    assert "She falls" not in html


def test_a_visitors_progress_follows_them_into_a_new_account(client, show, hero):
    make_user(username="newcomer")
    client.cookies["progress"] = f"{show.pk}:S1E1"
    client.post(
        "/accounts/login/", {"username": "newcomer", "password": "a-long-passphrase"}
    )

    html = client.get(hero.get_absolute_url()).content.decode()

    assert "Watched:</span> <strong>S1E1</strong>" in html
    assert "She falls" not in html


def test_editors_see_the_episode_each_fact_is_tagged_with(client, show, hero):
    anonymous = client.get(hero.get_absolute_url()).content.decode()
    assert 'class="fact-tag"' not in anonymous

    client.force_login(make_user(username="editor", role="Editors"))
    html = client.get(hero.get_absolute_url()).content.decode()
    assert 'title="Revealed in S1E3">S1E3</span>' in html
    assert 'title="Revealed in S2E1">S2E1</span>' in html


def test_the_edit_page_documents_the_syntax_and_previews_at_any_progress(
    client, show, hero
):
    user = make_user(username="writer")
    client.force_login(user)
    url = f"/wiki/{hero.slug}/edit/"
    html = client.get(url).content.decode()
    assert "::: S1E13" in html
    assert "S1E13: Deceased" in html

    form = {
        "title": hero.title,
        "description": "",
        "aliases": hero.aliases,
        "status": hero.status,
        "affiliations": "",
        "body": hero.body,
        "categories": "",
        "sources": "",
        "preview_as": "S1E2",
        "preview": "1",
    }
    early = client.post(url, form).content.decode()
    late = client.post(url, form | {"preview_as": "everything"}).content.decode()
    wrong = client.post(url, form | {"preview_as": "later"})

    preview = early.split('class="preview"')[1].split("</section>")[0]
    assert "She falls" not in preview
    assert "as a reader at s1e2" in preview
    assert "Alive" in preview and "Deceased" not in preview
    assert "She falls" in late.split('class="preview"')[1].split("</section>")[0]
    assert wrong.status_code == 400
    assert "Write an episode as S1E3" in wrong.content.decode()
    assert "She falls from the roof." in wrong.content.decode()  # text kept


def test_a_broken_timeline_is_refused_with_the_line_and_the_text_kept(client, hero):
    client.force_login(make_user(username="typo"))
    response = client.post(
        f"/wiki/{hero.slug}/edit/",
        {
            "title": hero.title,
            "status": "Alive\nS0E2: Gone",
            "body": hero.body,
            "save": "1",
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Line 2: seasons and episodes count from 1" in html
    assert "S0E2: Gone" in html


def test_search_keeps_one_entry_per_stage_of_the_story(hero):
    entries = list(hero.search_entries.order_by("visible_from"))

    assert [(e.visible_from, e.visible_until) for e in entries] == [
        (0, 1003),
        (1003, 2001),
        (2001, 1_000_000),
    ]
    assert "Deceased" not in entries[0].text
    assert "She falls" not in entries[0].text
    assert "Deceased" in entries[1].text
    assert "The Ghost" in entries[2].aliases


@pytest.mark.parametrize(
    "url", ["/", "/series/{series}/", "/series/{series}/episodes/", "/characters/"]
)
def test_budgets_hold_with_progress_set(
    client, large_series, django_assert_max_num_queries, url
):
    client.cookies["progress"] = f"{large_series.pk}:S5E3"
    budgets = {
        "/": 7,
        "/series/{series}/": 8,
        "/series/{series}/episodes/": 5,
        "/characters/": 6,
    }

    with django_assert_max_num_queries(budgets[url]):
        response = client.get(url.format(series=large_series.slug))

    assert response.status_code == 200
    assert "Watched:</span> <strong>S5E3</strong>" in response.content.decode()


def test_detail_budgets_hold_with_progress_set(
    client, large_series, django_assert_max_num_queries
):
    client.cookies["progress"] = f"{large_series.pk}:S5E3"
    season = large_series.seasons.get(number=5)
    episode = season.episodes.get(number=10)
    character = large_series.characters.get()
    person = character.cast_credits.first().person
    for url, budget in [
        (season.get_absolute_url(), 10),
        # Rendered afresh: each reads its own row, then itself in full for
        # its fragments (cached, they run one query: test_fragments.py), and
        # its discussion's count; and its charts, one query each.
        (episode.get_absolute_url(), 11),
        (character.get_absolute_url(), 9),
        (person.get_absolute_url(), 9),
        ("/search/?q=episode", 6),
        ("/search/suggest/?q=epi", 1),
    ]:
        with django_assert_max_num_queries(budget):
            response = client.get(url)
        assert response.status_code == 200, url
        if response["Content-Type"].startswith("text/html"):
            assert "Watched:</span> <strong>S5E3</strong>" in response.text, url
        else:
            assert response.json()["query"] == "epi"


def test_answers_that_read_progress_vary_by_cookie(client, hero):
    # Suggestions carry no form (no CSRF token), so only progress adds this.
    response = client.get("/search/suggest/", {"q": "the"})

    assert "Cookie" in response["Vary"]
    assert "Cookie" not in client.get("/robots.txt").get("Vary", "")


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_REFERER": "https://evil.example/x"},
    ],
)
def test_another_site_cannot_set_a_readers_progress(client, show, headers):
    response = client.post(
        "/progress/", {"series": show.slug, "position": "everything"}, **headers
    )

    assert response.status_code == 403
    assert "only be set from this wiki" in response.content.decode()
    assert "progress" not in response.cookies


def test_a_referer_from_our_own_pages_is_enough(client, show):
    response = client.post(
        "/progress/",
        {"series": show.slug, "position": "S1E1"},
        HTTP_REFERER="http://testserver/episodes/",
    )

    assert response.status_code == 302
    assert response.cookies["progress"].value == f"{show.pk}:S1E1"
