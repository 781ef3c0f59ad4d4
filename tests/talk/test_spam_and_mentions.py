"""Comments keep the rules of page edits: links a contributor who is not yet
established adds are checked against the link blocklist; and a comment may
name at most 50 users."""

import pytest
from django.urls import reverse

from community.models import Notification
from talk import services
from talk.models import Comment
from tests.factories import make_revised_page, make_user
from tests.wiki.moderating import THRESHOLD, edit, make_established, make_newcomer
from wiki.models import LinkRule

pytestmark = pytest.mark.django_db
SPAM = "https://casino.example/win"
REFUSAL = f"The link {SPAM} is on the spam blocklist (Gambling spam)."


@pytest.fixture(autouse=True)
def _rules(settings):
    settings.WIKI_ESTABLISHED = THRESHOLD
    LinkRule.objects.create(pattern="casino.example", reason="Gambling spam")


@pytest.fixture
def page():
    return make_revised_page(title="Luke Cage", slug="luke-cage")


@pytest.fixture
def opening(page):
    return services.start_thread(
        author=make_user(username="trish"), title="Harlem", body="Hi.", page=page
    )


def talk_url(page):
    return reverse("talk:page", kwargs={"slug": page.slug})


def thread_url(comment):
    return reverse("talk:thread", kwargs={"thread_id": comment.thread_id})


def edit_url(comment):
    return reverse("talk:edit", kwargs={"comment_id": comment.pk})


# The link blocklist ---------------------------------------------------------


def test_the_same_link_is_refused_in_a_page_and_in_a_topic(client, page):
    client.force_login(make_newcomer())
    body = f"Play at [the casino]({SPAM}) tonight."

    page_edit = edit(client, page, body=body)
    topic = client.post(talk_url(page), {"title": "Title kept", "body": body})

    assert page_edit.status_code == topic.status_code == 400
    assert REFUSAL in page_edit.text and REFUSAL in topic.text
    assert "Title kept" in topic.text and "Play at [the casino]" in topic.text
    assert not Comment.objects.exists()


def test_a_blocked_link_in_a_topics_title_is_refused(client, page):
    client.force_login(make_newcomer())

    response = client.post(talk_url(page), {"title": f"See {SPAM}", "body": "x"})

    assert response.status_code == 400
    assert REFUSAL in response.text
    assert not Comment.objects.exists()


def test_a_newcomers_reply_with_a_blocked_link_is_refused_with_the_text_kept(
    client, opening
):
    client.force_login(make_newcomer())

    response = client.post(
        thread_url(opening), {"reply_to": opening.pk, "body": f"Go to {SPAM}."}
    )

    assert response.status_code == 400
    assert REFUSAL in response.text
    assert f"Go to {SPAM}." in response.text
    assert Comment.objects.count() == 1


def test_an_edit_adding_a_blocked_link_is_refused_but_one_keeping_it_is_not(
    client, page
):
    newcomer = make_newcomer()
    clean = services.start_thread(author=newcomer, title="A", body="Hi.", page=page)
    # Posted before the rule, or by the seed: the link was there already.
    LinkRule.objects.all().delete()
    spammy = services.start_thread(author=newcomer, title="B", body=SPAM, page=page)
    LinkRule.objects.create(pattern="casino.example", reason="Gambling spam")
    client.force_login(newcomer)

    adding = client.post(edit_url(clean), {"body": f"Hi. {SPAM}"})
    keeping = client.post(edit_url(spammy), {"body": f"{SPAM} (edited)"})

    assert adding.status_code == 400
    assert REFUSAL in adding.text and f"Hi. {SPAM}" in adding.text
    assert Comment.objects.get(pk=clean.pk).body == "Hi."
    assert keeping.status_code == 302
    assert Comment.objects.get(pk=spammy.pk).body == f"{SPAM} (edited)"


def test_established_contributors_may_post_a_listed_link(client, opening):
    client.force_login(make_established())

    response = client.post(
        thread_url(opening), {"reply_to": opening.pk, "body": f"Cf. {SPAM}"}
    )

    assert response.status_code == 302
    assert Comment.objects.count() == 2


# Mentions -------------------------------------------------------------------


def _many(count):
    for number in range(count):
        make_user(username=f"m{number}")
    return " ".join(f"@m{number}" for number in range(count))


def test_a_comment_naming_more_than_50_users_is_refused_with_its_text(
    client, page, commit
):
    names = _many(services.MAX_MENTIONS + 1)
    client.force_login(make_user(username="jess"))

    with commit():
        response = client.post(talk_url(page), {"title": "All", "body": names})

    assert response.status_code == 400
    assert "This comment names 51 users: a comment may name at most 50" in (
        response.text
    )
    assert names in response.text
    assert not Comment.objects.exists()
    assert not Notification.objects.exists()


def test_a_reply_naming_50_users_tells_all_of_them(client, opening, commit):
    names = _many(services.MAX_MENTIONS)
    client.force_login(make_user(username="jess"))

    with commit():
        response = client.post(
            thread_url(opening),
            {"reply_to": opening.pk, "body": f"{names} and @jess myself"},
        )

    assert response.status_code == 302
    mentioned = Notification.objects.filter(kind=Notification.Kind.MENTION)
    assert mentioned.count() == 50


def test_names_of_no_account_do_not_count(client, page):
    names = " ".join(f"@nobody{number}" for number in range(200))
    client.force_login(make_user(username="jess"))

    response = client.post(talk_url(page), {"title": "All", "body": names})

    assert response.status_code == 302
