"""
An edit makes stale what shows it, and nothing else (wiki/invalidation.py,
wiki/dependencies.py): readers of other pages keep getting cached copies.
"""

import pytest
from django.core.cache import cache
from django.db import connection

from credits import editing
from credits.models import CastCredit
from tests.factories import (
    make_cast_credit,
    make_character,
    make_episode,
    make_person,
    make_revised_page,
    make_user,
)
from tests.invalidation_guard import Guard
from wiki import dependencies, services


@pytest.fixture(autouse=True)
def _caches(settings):
    settings.WIKI_PAGE_CACHE = settings.WIKI_FRAGMENT_CACHE = "default"


def _state(client, page) -> str:
    return client.get(page.get_absolute_url())["X-Page-Cache"]


def _warm(client, *pages):
    for page in pages:
        client.get(page.get_absolute_url())
        assert _state(client, page) == "hit"


def _edit(page, commit, **changes):
    with commit():
        services.revise_page(
            page=page, author=None, changes=changes, base_revision=None
        )


def test_an_edit_leaves_pages_that_do_not_show_it_cached(client, db, commit):
    edited = make_revised_page(title="Hell's Kitchen", body="A neighbourhood.")
    other = make_revised_page(title="Alias Investigations", body="An agency.")
    _warm(client, edited, other)

    _edit(edited, commit, body="A neighbourhood of Manhattan.")

    assert _state(client, other) == "hit"
    response = client.get(edited.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert "of Manhattan" in response.text


def test_a_linking_page_goes_stale_when_the_title_changes_not_the_text(
    client, db, commit
):
    target = make_revised_page(
        title="Alias Investigations", slug="alias-investigations", body="An agency."
    )
    linking = make_revised_page(title="Jessica", body="Runs [[Alias Investigations]].")
    _warm(client, target, linking)

    _edit(target, commit, body="A detective agency.")
    assert _state(client, linking) == "hit"

    _edit(target, commit, title="Alias Investigations LLC")
    response = client.get(linking.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert 'title="Alias Investigations LLC"' in response.text


def test_a_credit_added_shows_on_the_character_and_person_pages(client, db, commit):
    episode = make_episode(title="AKA Ladies Night")
    character = make_character(title="Trish Walker")
    person = make_person(title="Rachael Taylor")
    bystander = make_character(title="Malcolm Ducasse")
    _warm(client, episode, character, person, bystander)

    with commit():
        editing.add(
            CastCredit(
                episode=episode, person=person, character=character, role="Trish"
            ),
            author=make_user(username="editor"),
        )

    assert _state(client, bystander) == "hit"
    for page in (episode, character, person):
        response = client.get(page.get_absolute_url())
        assert response["X-Page-Cache"] == "miss", page
    assert "Rachael Taylor" in client.get(episode.get_absolute_url()).text


def test_unnarrowed_pages_go_stale_with_any_edit(client, db, commit):
    page = make_revised_page(title="Hell's Kitchen", body="A neighbourhood.")
    client.get("/changes/")
    assert client.get("/changes/")["X-Page-Cache"] == "hit"

    _edit(page, commit, body="A neighbourhood of Manhattan.")

    assert client.get("/changes/")["X-Page-Cache"] == "miss"


def test_a_page_depends_on_itself_and_on_the_faces_of_pages_it_reads(client, db):
    episode = make_episode(title="AKA Ladies Night")
    with dependencies.collecting() as collected:
        client.get(episode.get_absolute_url())

    assert dependencies.page_tag(episode.pk) in collected
    assert dependencies.face_tag(episode.season.pk) in collected
    assert dependencies.page_tag(episode.season.pk) not in collected


def test_a_credited_characters_text_leaves_the_episode_cached_its_title_not(
    client, db, commit
):
    episode = make_episode(title="AKA Ladies Night")
    character = make_character(title="Malcolm Ducasse")
    make_cast_credit(episode=episode, character=character, role="Malcolm")
    services.record_revision(page=character)  # its first: the page is made
    _warm(client, episode)

    _edit(character, commit, body="A neighbour of Jessica's.")
    assert _state(client, episode) == "hit"

    _edit(character, commit, title="Malcolm Ducasse (character)")
    response = client.get(episode.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert 'href="/characters/malcolm-ducasse-character/"' in response.text


def test_an_episode_edited_makes_its_season_stale_not_its_neighbours(
    client, db, commit
):
    first = make_episode(title="AKA Ladies Night", number=1)
    second = make_episode(season=first.season, title="AKA Crush Syndrome", number=2)
    services.record_revision(page=second)  # its first: the page is made
    _warm(client, first, second, first.season)

    _edit(second, commit, synopsis="Jessica looks for the doctor.")

    assert _state(client, first) == "hit"
    response = client.get(first.season.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert "looks for the doctor" in response.text


def test_a_new_release_reads_nothing_the_last_one_kept(client, db, settings):
    page = make_revised_page(title="Hell's Kitchen", body="A neighbourhood.")
    _warm(client, page)

    settings.WIKI_RELEASE = "next"

    assert _state(client, page) == "miss"
    assert _state(client, page) == "hit"


def test_an_entry_rendered_before_a_stamp_is_stale(client, db, commit):
    """An edit committing while a page renders is stamped after the tick the
    render read: what it kept is stale at once."""
    page = make_revised_page(title="Hell's Kitchen", body="A neighbourhood.")
    _warm(client, page)
    clock = cache.get(dependencies.CLOCK_KEY)
    cache.set(dependencies.tag_key(dependencies.page_tag(page.pk)), clock + 1, None)

    assert _state(client, page) == "miss"


def test_the_guard_fails_a_write_that_invalidates_nothing(db):
    guard = Guard()
    page = make_revised_page(title="Hell's Kitchen", body="A neighbourhood.")
    with connection.execute_wrapper(guard):
        guard.start("POST /somewhere/")
        page.body = "Saved past the services."
        page.save()
        guard.finish()
        guard.start("POST /elsewhere/")
        services.record_revision(page=page, summary="Through them")
        guard.finish()

    assert guard.failures == [
        "POST /somewhere/ wrote wiki_page and invalidated nothing after"
    ]
