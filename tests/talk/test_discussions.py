"""Discussion pages through HTTP: topics, replies, who may post, how often."""

import pytest
from django.urls import reverse

from talk import services
from talk.forms import MAX_COMMENT
from talk.models import Comment, Discussion, Thread
from tests.factories import make_revised_page, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def page():
    return make_revised_page(title="Alias Investigations")


@pytest.fixture
def jess(client):
    user = make_user(username="jess")
    client.force_login(user)
    return user


def talk_url(page):
    return reverse("talk:page", kwargs={"slug": page.slug})


def test_a_new_topic_is_posted_signed_and_shown(client, page, jess):
    response = client.post(
        talk_url(page), {"title": "Opening hours", "body": "When does it **open**?"}
    )

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == comment.get_absolute_url()
    assert comment.get_absolute_url() == f"/talk/{comment.thread_id}/#c-{comment.pk}"
    assert comment.thread.title == "Opening hours"
    assert comment.thread.discussion.page == page
    assert comment.author == jess and comment.depth == 0
    shown = client.get(talk_url(page)).content.decode()
    assert "Opening hours" in shown
    assert "<strong>open</strong>" in shown
    assert '<a href="/users/jess/">jess</a>' in shown
    assert f'<time datetime="{comment.created_at:%Y-%m-%dT%H:%M:%S}' in shown
    assert "may reveal anything in the series" in shown


def test_a_reply_is_indented_under_the_comment_it_answers(client, page, jess):
    opening = services.start_thread(
        author=make_user(username="trish"), title="Rent", body="Due.", page=page
    )
    earlier = services.start_thread(author=jess, title="Old", body="Old.", page=page)
    thread_url = reverse("talk:thread", kwargs={"thread_id": opening.thread_id})

    response = client.post(thread_url, {"reply_to": opening.pk, "body": "Paid."})

    reply = Comment.objects.get(body="Paid.")
    assert response["Location"] == reply.get_absolute_url()
    assert reply.reply_to == opening and reply.depth == 1
    html = client.get(thread_url).content.decode()
    assert html.index(f'id="c-{opening.pk}"') < html.index(f'id="c-{reply.pk}"')
    assert f'class="comment comment--indent-1" id="c-{reply.pk}"' in html
    # The topic answered moves to the top of its discussion.
    listing = client.get(talk_url(page)).content.decode()
    assert listing.index("Rent") < listing.index(earlier.thread.title)


def test_deep_replies_stay_at_the_last_indent_and_say_whom_they_answer(
    client, page, jess
):
    comment = services.start_thread(author=jess, title="Deep", body="0", page=page)
    trish = make_user(username="trish")
    for number in range(1, 7):
        comment = services.reply(
            reply_to=comment, author=trish if number % 2 else jess, body=str(number)
        )

    html = client.get(talk_url(page)).content.decode()

    assert comment.depth == 6
    assert f'class="comment comment--indent-4" id="c-{comment.pk}"' in html
    assert f'· in reply to <a href="#c-{comment.reply_to_id}">trish</a>' in html


def test_the_reply_form_opens_under_the_comment_without_javascript(client, page, jess):
    opening = services.start_thread(author=jess, title="T", body="First.", page=page)
    second = services.reply(reply_to=opening, author=jess, body="Second.")
    url = reverse("talk:thread", kwargs={"thread_id": opening.thread_id})

    html = client.get(url, {"reply": second.pk}).content.decode()

    form_at = html.index('id="reply"')
    assert html.index(f'id="c-{second.pk}"') < form_at
    assert f'name="reply_to" value="{second.pk}"' in html[form_at:]
    assert "Reply to this topic" not in html


def test_a_reply_to_a_comment_of_another_topic_is_refused_with_the_text_kept(
    client, page, jess
):
    here = services.start_thread(author=jess, title="Here", body="A", page=page)
    elsewhere = services.start_thread(author=jess, title="There", body="B", page=page)
    url = reverse("talk:thread", kwargs={"thread_id": here.thread_id})

    response = client.post(url, {"reply_to": elsewhere.pk, "body": "Kept words."})

    assert response.status_code == 400
    assert "not in this topic" in response.content.decode()
    assert "Kept words." in response.content.decode()
    assert Comment.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"title": "", "body": "Text kept."}, "This field is required"),
        ({"title": "T", "body": "   "}, "This field is required"),
        ({"title": "Title kept", "body": "x" * (MAX_COMMENT + 1)}, "at most 10000"),
        ({"title": "Title kept", "body": "a\x00b"}, "Null characters"),
    ],
)
def test_bad_topics_are_refused_with_what_was_typed_kept(
    client, page, jess, data, error
):
    response = client.post(talk_url(page), data)

    text = response.content.decode()
    assert response.status_code == 400
    assert error in text
    assert Comment.objects.count() == 0
    assert data["title"] in text
    if "kept" in data["body"]:
        assert data["body"] in text


def test_the_form_states_the_longest_comment(client, page, jess):
    html = client.get(talk_url(page)).content.decode()

    assert "At most 10,000 characters" in html
    assert f'maxlength="{MAX_COMMENT}"' in html


def test_a_visitor_may_read_but_not_post_and_keeps_their_text(client, page):
    services.start_thread(author=make_user(), title="Open", body="Hi.", page=page)

    reading = client.get(talk_url(page))
    posting = client.post(talk_url(page), {"title": "Mine", "body": "My words."})

    assert reading.status_code == 200
    assert "Log in to take part" in reading.content.decode()
    assert 'name="body"' not in reading.content.decode()
    assert posting.status_code == 403
    assert "My words." in posting.content.decode()
    assert Comment.objects.count() == 1


def test_an_account_without_the_right_may_not_post(client, page):
    client.force_login(make_user(username="nobody", role=None))

    response = client.post(talk_url(page), {"title": "Mine", "body": "My words."})

    assert response.status_code == 403
    assert "may not take part" in response.content.decode()
    assert "My words." in response.content.decode()
    assert not Thread.objects.exists()


def test_posting_is_rate_limited_with_the_text_kept(
    client, page, jess, frozen_clock, settings
):
    settings.WIKI_RATE_LIMITS = {
        **settings.WIKI_RATE_LIMITS,
        "talk": {"user": (2, 60), "ip": (20, 60)},
    }
    for number in range(2):
        posted = client.post(talk_url(page), {"title": f"T{number}", "body": "Hi."})
        assert posted.status_code == 302

    response = client.post(talk_url(page), {"title": "Third", "body": "Kept."})

    assert response.status_code == 429
    assert "posting too often" in response.content.decode()
    assert "Kept." in response.content.decode()
    assert Thread.objects.count() == 2


def test_a_discussion_is_reached_through_an_alias_of_its_page(client, page):
    from wiki.models import Redirect

    Redirect.objects.create(slug="alias-inc", title="Alias Inc", target=page)

    response = client.get(reverse("talk:page", kwargs={"slug": "alias-inc"}))

    assert response.status_code == 302
    assert response["Location"] == talk_url(page)


def test_a_discussion_is_reached_in_any_case_of_its_address(client, page):
    shouted = page.slug.replace("alias", "ALIAS")
    response = client.get(reverse("talk:page", kwargs={"slug": shouted}))

    assert response.status_code == 302
    assert response["Location"] == talk_url(page)


def test_a_hidden_comment_cannot_be_answered(client, page, jess):
    opening = services.start_thread(author=jess, title="T", body="A", page=page)
    spam = services.reply(reply_to=opening, author=make_user(username="x"), body="S")
    services.set_hidden(
        comment=spam, actor=make_user(username="ed", role="Editors"), hidden=True
    )
    url = reverse("talk:thread", kwargs={"thread_id": opening.thread_id})

    response = client.post(url, {"reply_to": spam.pk, "body": "Answer kept."})

    assert response.status_code == 400
    assert "was hidden" in response.content.decode()
    assert "Answer kept." in response.content.decode()


def test_discussion_pages_answer_only_get_and_post(client, page, jess):
    opening = services.start_thread(author=jess, title="T", body="A", page=page)

    for url in (
        talk_url(page),
        reverse("talk:thread", kwargs={"thread_id": opening.thread_id}),
        reverse("talk:edit", kwargs={"comment_id": opening.pk}),
    ):
        assert client.put(url).status_code == 405, url
    history = reverse("talk:history", kwargs={"comment_id": opening.pk})
    assert client.post(history).status_code == 405


def test_unknown_pages_users_topics_and_comments_are_404(client, jess):
    for url in (
        reverse("talk:page", kwargs={"slug": "no-such-page"}),
        reverse("talk:user", kwargs={"username": "nobody"}),
        reverse("talk:thread", kwargs={"thread_id": 999}),
        "/talk/99999999999999999999/",
        reverse("talk:history", kwargs={"comment_id": 999}),
        reverse("talk:edit", kwargs={"comment_id": 999}),
    ):
        assert client.get(url).status_code == 404, url


def test_threads_are_paginated_newest_activity_first(client, page, jess):
    for number in range(12):
        title = f"Topic {number:02}"
        services.start_thread(author=jess, title=title, body="x", page=page)

    first = client.get(talk_url(page)).content.decode()
    second = client.get(talk_url(page), {"page": 2}).content.decode()

    assert first.index("Topic 11") < first.index("Topic 02")
    assert "Topic 01" not in first and "Topic 01" in second
    assert "Page 1 of 2" in first


def test_a_users_discussion_takes_topics_and_their_own_replies(client):
    jess = make_user(username="jess")
    trish = make_user(username="trish")
    client.force_login(trish)
    url = reverse("talk:user", kwargs={"username": "jess"})

    client.post(url, {"title": "Welcome", "body": "Hello, jess."})
    client.force_login(jess)
    opening = Comment.objects.get()
    client.post(
        reverse("talk:thread", kwargs={"thread_id": opening.thread_id}),
        {"reply_to": opening.pk, "body": "Thanks!"},
    )

    discussion = Discussion.objects.get()
    assert discussion.user == jess and discussion.page is None
    assert discussion.comment_count == 2
    html = client.get(url).content.decode()
    assert "User talk: jess" in html and "Thanks!" in html


def test_a_discussion_is_talk_of_the_page_not_a_page_of_search(client, page, jess):
    services.start_thread(author=jess, title="Zebracorn", body="Zebracorn", page=page)

    found = client.get(reverse("wiki:search"), {"q": "Zebracorn"}).content.decode()
    robots = client.get("/robots.txt").content.decode()

    assert "Alias Investigations" not in found
    assert "Disallow: /wiki/*/talk/" in robots and "Disallow: /talk/" in robots
    assert (
        '<meta name="robots" content="noindex">'
        in client.get(talk_url(page)).content.decode()
    )
