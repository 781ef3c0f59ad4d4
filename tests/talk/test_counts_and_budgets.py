""" "Discussion (N)" on every page, kept fresh through the caches, and the
query budgets of the discussion pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from talk import services
from talk.models import Comment
from tests.factories import make_revised_page, make_user
from wiki.models import Page

pytestmark = pytest.mark.django_db


def talk(page):
    return reverse("talk:page", kwargs={"slug": page.slug})


def test_every_kind_of_page_links_to_its_discussion_with_its_count(client, seeded):
    jess, trish = make_user(username="jess"), make_user(username="trish")
    kilgrave = Page.objects.get(slug="kilgrave")
    opening = services.start_thread(author=jess, title="T", body="A", page=kilgrave)
    services.reply(reply_to=opening, author=jess, body="B")
    hidden = services.reply(reply_to=opening, author=jess, body="C")
    services.set_hidden(comment=hidden, actor=trish, hidden=True, reason="Off topic")

    for kind in Page.objects.values_list("kind", flat=True).distinct():
        page = Page.objects.filter(kind=kind).exclude(slug="kilgrave").first()
        html = client.get(page.get_absolute_url()).content.decode()
        assert f'<a href="{talk(page)}">Discussion (0)</a>' in html, kind
    html = client.get(kilgrave.get_absolute_url()).content.decode()
    assert f'<a href="{talk(kilgrave)}">Discussion (2)</a>' in html


def test_a_profile_links_to_the_users_discussion(client):
    jess = make_user(username="jess")
    services.start_thread(author=jess, title="Notes", body="Mine.", user=jess)
    profile = reverse("wiki:user", kwargs={"username": "jess"})

    html = client.get(profile).content.decode()

    assert '<a href="/users/jess/talk/">Discussion (1)</a>' in html


@pytest.mark.parametrize("comments", [1, 40])
def test_the_link_costs_one_query_whatever_the_discussion_holds(
    client, django_assert_num_queries, comments
):
    page = make_revised_page()
    jess = make_user()
    for number in range(comments):
        services.start_thread(author=jess, title=f"T{number}", body="x", page=page)
    with CaptureQueriesContext(connection) as queries:
        client.get(page.get_absolute_url())

    asked = [q["sql"] for q in queries if "talk_discussion" in q["sql"]]
    assert len(asked) == 1


def test_a_new_comment_shows_in_cached_pages_at_once(client, commit, settings):
    settings.WIKI_PAGE_CACHE = settings.WIKI_FRAGMENT_CACHE = "default"
    page = make_revised_page()
    client.get(page.get_absolute_url())
    assert client.get(page.get_absolute_url())["X-Page-Cache"] == "hit"

    with commit():
        services.start_thread(author=make_user(), title="T", body="x", page=page)
    response = client.get(page.get_absolute_url())

    assert response["X-Page-Cache"] == "miss"
    assert "Discussion (1)" in response.content.decode()


def test_with_its_fragments_cached_a_page_reads_no_count(
    client, settings, django_assert_num_queries
):
    settings.WIKI_FRAGMENT_CACHE = "default"
    page = make_revised_page()
    client.get(page.get_absolute_url())

    with django_assert_num_queries(0):
        html = client.get(page.get_absolute_url()).content.decode()
    assert "Discussion (0)" in html


def _fill(page, *, threads, replies, jess, trish):
    for number in range(threads):
        comment = services.start_thread(
            author=jess,
            title=f"Topic {number}",
            body="See [[Alias Investigations]] and [[File:Nothing]], @trish.",
            page=page,
        )
        for reply in range(replies):
            comment = services.reply(
                reply_to=comment,
                author=trish if reply % 2 == 0 else jess,
                body=f"Reply {reply}, [[Missing page {reply}]], @jess",
            )


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", [None, "Contributors", "Editors"])
def test_discussion_pages_run_the_same_queries_however_much_they_hold(
    client, django_assert_max_num_queries, role
):
    small, large = make_revised_page(title="Small"), make_revised_page(title="Large")
    people = {"jess": make_user(username="jess"), "trish": make_user(username="trish")}
    _fill(small, threads=2, replies=1, **people)
    _fill(large, threads=25, replies=12, **people)
    if role:
        client.force_login(make_user(username="reader", role=role))
    large_thread = large.discussion.threads.first()
    small_thread = small.discussion.threads.first()
    comment, few_edits = large_thread.comments.last(), small_thread.comments.last()
    services.edit_comment(comment=few_edits, body="Edited once.")
    for number in range(25):  # more than a page of its history
        body = f"Edit {number}, [[Kilgrave]], @jess"
        services.edit_comment(comment=comment, body=body)

    client.get(talk(small))  # the header's unread count, kept once read
    for few, many in [
        (talk(small), talk(large)),
        (small_thread.get_absolute_url(), large_thread.get_absolute_url()),
        (
            reverse("talk:history", kwargs={"comment_id": few_edits.pk}),
            reverse("talk:history", kwargs={"comment_id": comment.pk}),
        ),
    ]:
        with django_assert_max_num_queries(12):
            counted = _queries(client, many)
        assert counted == _queries(client, few), many


@pytest.mark.parametrize("replies", [1, 30])
def test_the_forms_of_a_comment_stay_within_their_budget(
    client, django_assert_max_num_queries, replies
):
    jess = make_user(username="jess")
    trish = make_user(username="trish", role="Editors")
    page = make_revised_page()
    _fill(page, threads=1, replies=replies, jess=jess, trish=trish)
    mine = Comment.objects.filter(author=trish).last()
    hidden = Comment.objects.filter(author=jess).last()
    services.set_hidden(comment=hidden, actor=trish, hidden=True, reason="Spam")
    client.force_login(trish)

    for name, comment in [("edit", mine), ("hide", mine), ("unhide", hidden)]:
        url = reverse(f"talk:{name}", kwargs={"comment_id": comment.pk})
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("reader", [None, "Contributors", "Editors"])
def test_a_deleted_pages_discussion_runs_the_same_queries_however_much_it_holds(
    client, django_assert_max_num_queries, reader
):
    from wiki import deletion

    editor = make_user(username="ed", role="Editors")
    people = {"jess": make_user(username="jess"), "trish": make_user(username="trish")}
    small, large = make_revised_page(title="Small"), make_revised_page(title="Large")
    _fill(small, threads=2, replies=1, **people)
    _fill(large, threads=25, replies=12, **people)
    for page in (small, large):
        deletion.delete_page(page=page, actor=editor, reason="Spam")
    if reader:
        client.force_login(make_user(username="reader", role=reader))
    status = 200 if reader == "Editors" else 410

    client.get(talk(small))  # the header's unread count, kept once read
    # Editors read it with two queries more: the lookup finds no live page
    # at the address, then the page deleted there.
    for few, many in [
        (talk(small), talk(large)),
        (
            small.discussion.threads.first().get_absolute_url(),
            large.discussion.threads.first().get_absolute_url(),
        ),
    ]:
        with django_assert_max_num_queries(13):
            with CaptureQueriesContext(connection) as counted:
                assert client.get(many).status_code == status
        with CaptureQueriesContext(connection) as fewer:
            assert client.get(few).status_code == status
        assert len(counted) == len(fewer), many
