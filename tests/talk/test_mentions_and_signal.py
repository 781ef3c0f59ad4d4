"""Names in comments, and the signal a new comment sends once committed."""

import logging

import pytest
from django.urls import reverse

from talk import mentions, services
from talk.models import Comment
from tests.factories import make_revised_page, make_user
from wiki import signals

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Ask @trish.", {"trish"}),
        ("[[User:Trish]] and [[user: malcolm | Mal]]", {"trish", "malcolm"}),
        ("Write to jess@example.com", set()),
        ("Code: `@decorator` and\n```\n@trish\n```\nbut @jess", {"jess"}),
        ("@j.jones, @a-b and @x_y!", {"j.jones", "a-b", "x_y"}),
        ("[[Trish Walker]] is a page, not a user", set()),
    ],
)
def test_mentions_are_found_outside_code_and_addresses(text, names):
    assert mentions.names(text) == names


@pytest.fixture
def listener():
    heard = []

    def listen(sender, **kwargs):
        heard.append(kwargs)

    signals.comment_posted.connect(listen)
    yield heard
    signals.comment_posted.disconnect(listen)


def test_mentions_link_to_profiles_and_unknown_names_stay_text(client):
    page = make_revised_page()
    jess = make_user(username="jess")
    make_user(username="Trish")
    client.force_login(jess)

    client.post(
        reverse("talk:page", kwargs={"slug": page.slug}),
        {"title": "T", "body": "@trish, [[User:Nobody]] and [[User:jess|me]]"},
    )

    html = client.get(Comment.objects.get().get_absolute_url()).content.decode()
    assert '<a href="/users/Trish/">@trish</a>' in html
    assert '<a href="/users/jess/">me</a>' in html
    assert "Nobody" in html and "/wiki/user-nobody/" not in html


def test_a_reply_announces_who_it_answers_and_names_once_committed(
    client, commit, listener
):
    page = make_revised_page()
    jess, trish = make_user(username="jess"), make_user(username="trish")
    malcolm, oscar = make_user(username="malcolm"), make_user(username="oscar")
    opening = services.start_thread(author=jess, title="T", body="Hi.", page=page)
    answered = services.reply(reply_to=opening, author=trish, body="Hello.")
    listener.clear()
    client.force_login(malcolm)

    with commit():
        client.post(
            reverse("talk:thread", kwargs={"thread_id": opening.thread_id}),
            {"reply_to": answered.pk, "body": "@oscar, @malcolm and [[User:trish]]"},
        )
        assert listener == []  # not before the commit

    comment = Comment.objects.get(author=malcolm)
    assert listener == [
        {
            "signal": signals.comment_posted,
            "comment": comment,
            "page": page,
            "replied_to": [trish, jess],
            "mentioned": [trish, oscar],  # in the order they signed up
        }
    ]


def test_a_topic_on_a_users_discussion_names_no_page_and_not_the_writer(
    commit, listener
):
    jess = make_user(username="jess")
    with commit():
        services.start_thread(
            author=jess, title="Notes", body="Note to @jess", user=jess
        )

    assert listener[0]["page"] is None
    assert listener[0]["replied_to"] == [] and listener[0]["mentioned"] == []


def test_a_failing_listener_is_logged_and_leaves_the_comment(commit, caplog):
    def broken(sender, **kwargs):
        raise RuntimeError("listener broke")

    signals.comment_posted.connect(broken)
    try:
        with caplog.at_level(logging.ERROR, logger="talk.services"), commit():
            services.start_thread(
                author=make_user(), title="T", body="B", page=make_revised_page()
            )
    finally:
        signals.comment_posted.disconnect(broken)
    assert Comment.objects.count() == 1
    assert "failed on comment" in caplog.text


def test_the_comment_tells_listeners_what_they_need():
    page = make_revised_page(title="Alias Investigations")
    comment = services.start_thread(
        author=make_user(username="jess"), title="Rent", body="B", page=page
    )

    assert str(comment) == "Comment by jess on “Rent”"
    assert comment.author.username == "jess"
    assert comment.get_absolute_url().endswith(f"#c-{comment.pk}")
    assert str(comment.thread.discussion) == "Talk: Alias Investigations"
