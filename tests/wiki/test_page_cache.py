"""Whole pages for anonymous readers from the cache, and HTTP caching."""

import pytest

from credits import editing
from tests.factories import (
    make_cast_credit,
    make_episode,
    make_person,
    make_revised_page,
    make_user,
)
from wiki import services


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.WIKI_PAGE_CACHE = "default"


@pytest.fixture
def article(db):
    return make_revised_page(title="Hell's Kitchen", body="A neighbourhood.")


def test_an_anonymous_page_is_served_from_the_cache_without_queries(
    client, article, django_assert_num_queries
):
    first = client.get(article.get_absolute_url())
    with django_assert_num_queries(0):
        second = client.get(article.get_absolute_url())

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert (
        "public" in second["Cache-Control"] and "s-maxage=30" in second["Cache-Control"]
    )
    assert "Cookie" in second["Vary"]


def test_unchanged_pages_answer_conditional_requests_with_304(client, article):
    first = client.get(article.get_absolute_url())

    by_etag = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(
        article.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )

    assert by_etag.status_code == by_date.status_code == 304
    assert by_etag.content == b""


def test_an_edit_is_seen_on_the_very_next_request(client, article, commit):
    client.get(article.get_absolute_url())
    etag = client.get(article.get_absolute_url())["ETag"]

    with commit():
        article.body = "A neighbourhood of Manhattan."
        article.save()
        services.record_revision(page=article, summary="More")
    response = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert response["X-Page-Cache"] == "miss"
    assert "of Manhattan" in response.content.decode()


def test_a_person_renamed_shows_on_the_episodes_that_credit_them(client, db, commit):
    episode = make_episode(title="AKA Ladies Night")
    person = make_person(title="Krysten Ritter")
    make_cast_credit(person=person, role="Jessica Jones", episode=episode)
    assert "Krysten Ritter" in client.get(episode.get_absolute_url()).content.decode()

    with commit():
        services.revise_page(
            page=person, author=None, changes={"title": "K. Ritter"}, base_revision=None
        )

    assert "K. Ritter" in client.get(episode.get_absolute_url()).content.decode()


def test_a_credit_removed_disappears_at_once(client, db, commit):
    episode = make_episode(title="AKA Ladies Night")
    credit = make_cast_credit(
        person=make_person(title="Guest Star"), role="Guest", episode=episode
    )
    assert "Guest Star" in client.get(episode.get_absolute_url()).content.decode()

    with commit():
        editing.remove(
            "cast", credit.pk, shown=editing.fingerprint(credit), author=None
        )

    assert "Guest Star" not in client.get(episode.get_absolute_url()).content.decode()


def test_a_renamed_link_target_is_followed_at_once(client, db, commit):
    target = make_revised_page(
        title="Alias Investigations", slug="alias-investigations", body="An agency."
    )
    source = make_revised_page(title="Jessica", body="Runs [[Alias Investigations]].")
    assert (
        'title="Alias Investigations"'
        in client.get(source.get_absolute_url()).content.decode()
    )

    with commit():
        services.revise_page(
            page=target,
            author=None,
            changes={"title": "Alias Investigations LLC"},
            base_revision=None,
        )

    html = client.get(source.get_absolute_url()).content.decode()
    assert 'title="Alias Investigations LLC"' in html


def test_readers_at_different_progress_never_share_a_page(client, db):
    episode = make_episode(title="AKA Smile", synopsis="He dies at the end.")
    series = episode.season.series

    everything = client.get(episode.get_absolute_url())
    client.cookies["progress"] = f"{series.pk}:nothing"
    nothing = client.get(episode.get_absolute_url())
    again = client.get(episode.get_absolute_url())

    assert "He dies" in everything.content.decode()
    assert "He dies" not in nothing.content.decode()
    assert again["X-Page-Cache"] == "hit"
    assert "He dies" not in again.content.decode()


def test_logged_in_readers_get_fresh_private_pages(client, article, commit):
    client.force_login(make_user(username="editor"))
    client.get(article.get_absolute_url())

    with commit():
        Article = type(article)
        Article.objects.filter(pk=article.pk).update(body="Rewritten.")
    response = client.get(article.get_absolute_url())

    assert "X-Page-Cache" not in response
    assert "Rewritten." in response.content.decode()
    assert "private" in response["Cache-Control"]
    assert response.has_header("ETag")  # conditional GET works for them too


def test_pages_with_something_personal_are_never_cached(client, db):
    login = client.get("/accounts/login/")
    client.cookies["messages"] = "x"
    with_message = client.get("/")

    assert "X-Page-Cache" not in login
    assert "private" in login["Cache-Control"]
    assert "X-Page-Cache" not in with_message
