"""Rendered parts of pages kept in the cache, for every reader."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import Model
from django.template import engines
from django.test.utils import CaptureQueriesContext

from episodes.models import Episode
from tests.factories import (
    make_article,
    make_cast_credit,
    make_character,
    make_episode,
    make_person,
    make_user,
)
from wiki import deletion, fragments, generations, services
from wiki.lookup import OWN_ROW, kept_page


@pytest.fixture(autouse=True)
def _fragment_cache(settings):
    settings.WIKI_FRAGMENT_CACHE = "default"


@pytest.fixture
def episode(db):
    episode = make_episode(title="AKA Ladies Night", synopsis="Jessica takes a case.")
    make_cast_credit(
        person=make_person(title="Krysten Ritter"),
        role="Jessica Jones",
        episode=episode,
    )
    return episode


def test_a_page_with_its_fragments_cached_reads_nothing_of_the_database(
    client, episode, django_assert_num_queries
):
    first = client.get(episode.get_absolute_url())
    with django_assert_num_queries(0):
        second = client.get(episode.get_absolute_url())

    assert second.content == first.content
    assert "Krysten Ritter" in second.content.decode()


def test_contributors_are_served_fragments_too(client, episode):
    client.force_login(make_user(username="editor"))
    with CaptureQueriesContext(connection) as cold:
        client.get(episode.get_absolute_url())
    with CaptureQueriesContext(connection) as warm:
        second = client.get(episode.get_absolute_url())

    html = second.content.decode()
    assert "Krysten Ritter" in html
    assert ">editor</a>" in html and "Log out" in html  # the page around is theirs
    # The episode in full, its crew, cast, season's cast, neighbours, gallery,
    # videos and categories all came with its fragments.
    assert len(warm) <= len(cold) - 8


@pytest.mark.parametrize("logged_in", [False, True])
def test_an_edit_is_seen_on_the_very_next_request(client, episode, commit, logged_in):
    if logged_in:
        client.force_login(make_user(username="editor"))
    person = episode.cast_credits.get().person
    client.get(episode.get_absolute_url())

    with commit():
        services.revise_page(
            page=person, author=None, changes={"title": "K. Ritter"}, base_revision=None
        )
    html = client.get(episode.get_absolute_url()).content.decode()

    assert "K. Ritter" in html
    assert "Krysten Ritter" not in html


def test_a_page_deleted_is_gone_on_the_very_next_request(client, episode, commit):
    """A page's own row is kept with its fragments: a deletion must not outlive it."""
    assert client.get(episode.get_absolute_url()).status_code == 200

    with commit():
        deletion.delete_page(page=episode, actor=None, reason="Test")

    assert client.get(episode.get_absolute_url()).status_code == 410


def test_protecting_a_page_shows_on_the_very_next_request(client, db, commit):
    article = make_article(title="Alias Investigations", body="An agency.")
    assert "Protected" not in client.get(article.get_absolute_url()).content.decode()

    with commit():
        services.set_protection(page=article, author=None, protected=True)

    assert "Protected" in client.get(article.get_absolute_url()).content.decode()


def test_a_missing_page_is_not_kept(client, db, commit):
    assert client.get("/wiki/alias-investigations/").status_code == 404

    with commit():
        make_article(title="Alias Investigations", slug="alias-investigations")

    assert client.get("/wiki/alias-investigations/").status_code == 200


def test_without_a_commit_nothing_changes_the_generation(client, episode):
    """The converse of the test above: what keeps fragments fresh is the new
    generation a commit starts, not their being rendered every time."""
    person = episode.cast_credits.get().person
    client.get(episode.get_absolute_url())

    person.title = "K. Ritter"
    person.save()  # the test's transaction never commits

    assert "Krysten Ritter" in client.get(episode.get_absolute_url()).content.decode()


def test_readers_at_different_progress_never_share_fragments(client, db):
    episode = make_episode(title="AKA Smile", synopsis="He dies at the end.")
    series = episode.season.series

    everything = client.get(episode.get_absolute_url()).content.decode()
    client.cookies["progress"] = f"{series.pk}:nothing"
    nothing = client.get(episode.get_absolute_url()).content.decode()
    again = client.get(episode.get_absolute_url()).content.decode()

    assert "He dies" in everything
    assert "He dies" not in nothing
    assert "He dies" not in again


def test_editors_and_readers_never_share_fragments(client, db):
    make_episode(number=13, title="AKA Smile")
    character = make_character(title="Kilgrave", status="Alive\nS1E13: Deceased")
    tag = 'class="fact-tag"'

    as_reader = client.get(character.get_absolute_url()).content.decode()
    client.force_login(make_user(username="editor"))
    as_editor = client.get(character.get_absolute_url()).content.decode()
    client.logout()
    reader_again = client.get(character.get_absolute_url()).content.decode()

    assert tag not in as_reader
    assert tag in as_editor
    assert tag not in reader_again


def test_a_pages_own_row_is_kept_as_plain_values(
    rf, episode, django_assert_num_queries
):
    """A pickled model would fail to read back once a deploy renames it."""

    def lookup():
        request = rf.get(episode.get_absolute_url())
        request.user = AnonymousUser()
        return request, kept_page(request, Episode.objects.only(*OWN_ROW), episode.slug)

    lookup()
    with django_assert_num_queries(0):
        request, again = lookup()

    kept = cache.get(fragments.key(request))["kept"]["page"]
    assert kept["title"] == again.title == "AKA Ladies Night"
    assert not any(isinstance(value, Model) for value in kept.values())
    assert again.pk == episode.pk and not again._state.adding
    assert "synopsis" in again.get_deferred_fields()


def _render(template, rf, path="/somewhere/"):
    request = rf.get(path)
    request.user = AnonymousUser()
    return template.render({}, request)


def test_a_fragment_holding_a_csrf_token_is_never_kept(rf, db):
    template = engines["django"].from_string(
        '{% load wiki_tags %}{% fragment "form" %}{% csrf_token %}{% endfragment %}'
    )

    first, second = _render(template, rf), _render(template, rf)

    assert "csrfmiddlewaretoken" in first
    assert first != second  # each reader their own token


def test_a_fragment_is_kept_per_address_and_per_name(rf, db):
    template = engines["django"].from_string(
        '{% load wiki_tags %}{% fragment "a" %}{{ request.path }}{% endfragment %}'
        '|{% fragment "b" %}{% now "u" %}{% endfragment %}'
    )

    here = _render(template, rf, "/here/")
    there = _render(template, rf, "/there/")

    assert here.startswith("/here/|")
    assert there.startswith("/there/|")
    assert _render(template, rf, "/here/") == here  # `now` kept, not re-rendered


def test_a_fragment_without_a_name_is_refused():
    with pytest.raises(Exception, match="needs a name"):
        engines["django"].from_string(
            "{% load wiki_tags %}{% fragment %}{% endfragment %}"
        )


def test_with_the_fragment_cache_off_every_request_renders_afresh(
    client, settings, episode
):
    settings.WIKI_FRAGMENT_CACHE = None
    with CaptureQueriesContext(connection) as first:
        client.get(episode.get_absolute_url())
    with CaptureQueriesContext(connection) as second:
        client.get(episode.get_absolute_url())

    assert len(second) == len(first) > 1


@pytest.mark.parametrize(
    "page",
    [
        "/",
        "/series/marvels-jessica-jones/",
        "/episodes/aka-ladies-night/",
        "/characters/kilgrave/",
        "/people/krysten-ritter/",
        "/wiki/alias-investigations/",
        "/search/?q=kilgrave",
        "/changes/",
    ],
)
def test_pages_with_their_fragments_cached_run_no_query(
    client, seeded, django_assert_num_queries, page
):
    first = client.get(page)
    with django_assert_num_queries(0):
        second = client.get(page)

    assert first.status_code == second.status_code == 200
    assert second.content == first.content


def test_a_deploy_makes_every_rendered_page_stale(client, episode, commit):
    client.get(episode.get_absolute_url())
    before = cache.get(generations.KEY)

    with commit():
        call_command("migrate", verbosity=0)

    assert before is not None
    assert cache.get(generations.KEY) != before
