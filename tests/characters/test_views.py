import pytest

from characters.models import Character
from credits.models import CastCredit
from tests.factories import make_cast_credit, make_character, make_person

pytestmark = pytest.mark.django_db


def test_the_character_index_lists_the_characters_and_their_actors(client, seeded):
    html = client.get("/characters/").text

    assert Character.objects.count() == 32
    for character in Character.objects.all():
        assert f'href="{character.get_absolute_url()}"' in html
    assert "played by Krysten Ritter, Elizabeth Cappuccino" in html


def test_a_character_page_has_infobox_biography_and_appearances(client, seeded):
    html = client.get("/characters/kilgrave/").text

    assert "David Tennant" in html
    assert "James Freedson-Jackson" in html and "(Young Kilgrave)" in html
    assert "Kevin (childhood name)" in html
    assert "Deceased" in html
    assert "She pretends to be under his control, then breaks his neck." in html
    # Episode-level guest credits are listed as appearances.
    assert 'href="/episodes/aka-three-lives-and-counting/"' in html
    assert 'href="/episodes/aka-everything/"' in html


def test_first_and_last_appearance_come_from_the_episode_cast_lists(client, seeded):
    html = client.get("/characters/kilgrave/").text
    staged = client.get("/characters/kilgrave/?progress=S1E3").text

    assert "First appearance" in html
    assert 'href="/episodes/aka-ladies-night/">AKA Ladies Night</a>' in html
    assert "Last recorded appearance" in html and "(S3E13)" in html
    # Short of the end, only the latest so far: the last would say who stays.
    assert "Latest so far" in staged and "(S1E3)" in staged
    assert "Last recorded appearance" not in staged and "(S3E13)" not in staged


def test_first_appearance_names_the_episode_when_it_is_known(client, db):
    from tests.factories import make_episode

    character = make_character(title="Reva Connors")
    early = make_episode(number=2, title="AKA Crush Syndrome")
    make_episode(season=early.season, number=5, title="AKA Later")
    make_cast_credit(
        person=make_person(title="Parisa Fitz-Henley"),
        character=character,
        episode=early,
        billing=CastCredit.Billing.GUEST,
    )

    html = client.get(character.get_absolute_url()).text

    assert 'href="/episodes/' in html
    assert "AKA Crush Syndrome" in html and "(S1E2)" in html


def test_a_character_without_credits_says_what_is_unknown(client, db):
    character = make_character(title="Vido Arocho")

    html = client.get(character.get_absolute_url()).text

    assert "No appearances have been recorded yet." in html
    assert "No biography has been written yet." in html


def test_affiliations_render_wiki_links(client, seeded):
    html = client.get("/characters/karl-malus/").text

    assert 'class="wikilink" href="/wiki/igh/"' in html


# A character: 7, then one query each for its appearances strip and its
# family diagram (tests/charts).
@pytest.mark.parametrize(("url", "budget"), [("/characters/", 4), ("{detail}", 9)])
def test_character_pages_stay_within_their_query_budget(
    client, large_series, django_assert_max_num_queries, url, budget
):
    character = Character.objects.get()
    url = url.format(detail=character.get_absolute_url())

    with django_assert_max_num_queries(budget):
        response = client.get(url)

    assert response.status_code == 200
    assert character.title in response.text


def test_the_character_index_is_paginated(client, db):
    for index in range(65):
        make_character(title=f"Extra {index:02d}")

    first = client.get("/characters/").text
    second = client.get("/characters/?page=2").text

    assert "Page 1 of 2" in first and "Extra 00" in first
    assert "Extra 64" in second and "Extra 00" not in second
