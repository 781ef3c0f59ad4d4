"""The seed read at a given episode (`?progress=`) tells nothing later: its
untagged prose names only what the reader has met (class 1), its lists hold
only who the reader has met (class 3) and its sources only addresses that give
nothing later away (class 4). Each later fact is checked present once the
reader reaches it, so no test passes on a page that simply lost the text.
"""

import re

import pytest

from episodes.models import Episode, Season, Series

pytestmark = pytest.mark.usefixtures("seeded")

INFOBOX = re.compile(r'<aside class="infobox".*?</aside>', re.S)
SOURCES = re.compile(r'id="sources.*?</(?:section|ul|ol)>', re.S)


def _at(client, url, progress):
    response = client.get(url, {"progress": progress})
    assert response.status_code == 200, (url, progress)
    return response.text


def _series_url():
    return Series.objects.get().get_absolute_url()


# Class 1: untagged prose ---------------------------------------------------


def test_the_series_page_keeps_later_seasons_plot_to_itself(client):
    early = _at(client, _series_url(), "S1E3")
    late = _at(client, _series_url(), "S3E13")

    for later in ("Alisa Jones", "Gregory Sallinger", "her own sister"):
        assert later not in early
        assert later in late
    assert "Kilgrave" in early  # met in the first episode


def test_the_news_on_the_home_page_does_not_say_how_season_1_ends(client):
    article = "/wiki/season-2-premieres-on-8-march-2018/"

    for url in ("/", article):
        assert "killed" not in _at(client, url, "S1E3")
    assert "8 March 2018" in _at(client, article, "S1E3")
    assert "who killed" in _at(client, article, "S1E13")


def test_the_organisation_articles_grow_with_the_story(client):
    assert "Malcolm" not in _at(client, "/wiki/alias-investigations/", "S1E3")
    assert "Malcolm has left" in _at(client, "/wiki/alias-investigations/", "S3E1")
    igh = _at(client, "/wiki/igh/", "S2E5")
    assert "Karl Malus" in igh
    assert "Alisa" not in igh
    assert "Alisa Jones" in _at(client, "/wiki/igh/", "S2E7")


def test_an_organisation_met_late_is_not_there_before(client):
    response = client.get("/wiki/igh/", {"progress": "S1E3"})

    assert "IGH" not in _at(client, _series_url(), "S1E3")
    assert "Simpson" not in response.text
    assert "/wiki/igh/" in _at(client, "/characters/trish-walker/", "S1E12")


def test_jessicas_page_names_her_mother_only_from_the_reveal(client):
    before = _at(client, "/characters/jessica-jones/", "S2E5")
    after = _at(client, "/characters/jessica-jones/", "S2E6")

    assert "Alisa" not in before
    assert "Hellcat" not in after
    assert "her mother, <a" in after and "Alisa Jones" in after
    # An intro true from the start reads on its own at every position.
    assert "the title character of" in _at(client, "/characters/jessica-jones/", "S1E1")


def test_infobox_facts_wait_for_their_episode(client):
    def infobox(slug, progress):
        return INFOBOX.search(_at(client, f"/characters/{slug}/", progress))[0]

    assert "law firm" not in infobox("malcolm-ducasse", "S2E13")
    assert "law firm" in infobox("malcolm-ducasse", "S3E1")
    assert "Nuke" not in infobox("will-simpson", "S1E10")
    assert "Nuke" in infobox("will-simpson", "S1E11")
    assert "Alive" in infobox("alisa-jones", "S2E6")
    assert "Alive" not in infobox("alisa-jones", "S2E5")


def test_every_character_reads_naturally_where_readers_meet_them(client):
    # One untagged opening sentence at the first point, never only notices.
    for slug, first in [
        ("alisa-jones", "S1E8"),
        ("gregory-sallinger", "S3E3"),
        ("claire-temple", "S1E13"),
        ("karl-malus", "S2E5"),
    ]:
        html = _at(client, f"/characters/{slug}/", first)
        body = html.split('id="biography', 1)[-1]
        assert re.search(r"<strong>[^<]+</strong> is ", body), slug


# Class 3: lists hold only who the reader has met ----------------------------


def test_the_characters_index_lists_only_characters_met(client):
    early = _at(client, "/characters/", "S1E3")
    later = _at(client, "/characters/", "S2E1")

    for met in ("Jessica Jones", "Hope Shlottman", "Will Simpson"):
        assert met in early
    for unmet in ("Dorothy Walker", "Alisa Jones", "Oscar Arocho", "Kith Lyonne"):
        assert unmet not in early
    assert "Oscar Arocho" in later
    assert "Kith Lyonne" not in later


def test_a_character_met_later_answers_only_that_it_is_later(client):
    response = client.get("/characters/gregory-sallinger/", {"progress": "S3E2"})

    assert "Sallinger" not in response.text.split("<main", 1)[-1]
    assert "serial killer" in _at(client, "/characters/gregory-sallinger/", "S3E4")


def test_flashback_and_late_roles_wait_for_their_episode(
    client, django_assert_max_num_queries
):
    season1 = Season.objects.get(number=1).get_absolute_url()

    with django_assert_max_num_queries(10):  # its appearances grid: one
        early = _at(client, season1, "S1E3")

    for later in ("Claire Temple", "Albert Thompson", "Miriam Shor", "Dorothy"):
        assert later not in early
    assert "Claire Temple" in _at(client, season1, "S1E13")
    assert "Young Kilgrave" not in _at(client, "/characters/kilgrave/", "S1E7")
    assert "James Freedson-Jackson" in _at(client, "/characters/kilgrave/", "S1E8")


def test_season_2_names_alisa_in_its_cast_only_from_s2e6(
    client, django_assert_max_num_queries
):
    season2 = Season.objects.get(number=2).get_absolute_url()
    premiere = Episode.objects.get(season__number=2, number=1).get_absolute_url()

    assert "Alisa Jones" not in _at(client, season2, "S2E5")
    assert "Alisa Jones" in _at(client, season2, "S2E6")
    with django_assert_max_num_queries(11):
        opening = _at(client, premiere, "S2E5")
    assert "Pryce Cheng" in opening
    assert "Alisa Jones" not in opening
    assert "Janet McTeer" not in _at(client, "/series/marvels-jessica-jones/", "S2E5")


# Class 4: sources ------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "address", "reveal", "before"),
    [
        ("/characters/trish-walker/", "who-is-hellcat-on-jessica-jones", "S3E11",
         "S3E10"),
        ("/characters/alisa-jones/", "what-happened-in-season-two", "S2E13",
         "S2E12"),
        ("/characters/kilgrave/", "s1e13-aka-smile-review", "S1E13", "S1E12"),
        ("/episodes/aka-its-called-whiskey/", "99-friends-recap-episode-4", "S1E4",
         "S1E3"),
    ],
)  # fmt: skip
def test_a_source_that_gives_away_a_later_episode_waits_for_it(
    client, url, address, reveal, before
):
    assert address not in _at(client, url, before)
    assert address in _at(client, url, reveal)
