"""The discussion of a deleted page is gone with it (410), that of a removed
account with it (404); the discussion of a renamed page is at its old
address too, a posted topic included."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from community.models import Notification
from talk import services
from talk.models import Comment, Thread
from tests.factories import make_revised_page, make_user
from wiki import deletion
from wiki import services as wiki_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def page():
    return make_revised_page(title="Luke Cage", slug="luke-cage")


@pytest.fixture
def jess():
    return make_user(username="jess")


@pytest.fixture
def editor():
    return make_user(username="trish", role="Editors")


@pytest.fixture
def opening(page, jess):
    return services.start_thread(
        author=jess, title="Bulletproof", body="Is he, @trish?", page=page
    )


def talk_url(slug):
    return reverse("talk:page", kwargs={"slug": slug})


def thread_url(comment):
    return reverse("talk:thread", kwargs={"thread_id": comment.thread_id})


def comment_urls(comment):
    return [
        reverse(f"talk:{name}", kwargs={"comment_id": comment.pk})
        for name in ("edit", "history")
    ]


def delete(page, editor):
    deletion.delete_page(page=page, actor=editor, reason="Not about the series")


# A deleted page's discussion ------------------------------------------------


def test_a_deleted_pages_discussion_answers_410_with_the_deletion(
    client, page, opening, editor, jess, commit
):
    delete(page, editor)
    client.force_login(jess)

    answers = {
        url: client.get(url)
        for url in [talk_url(page.slug), thread_url(opening), *comment_urls(opening)]
    }
    with commit():
        reply = client.post(
            thread_url(opening), {"reply_to": opening.pk, "body": "Yes, @trish."}
        )
        topic = client.post(talk_url(page.slug), {"title": "T", "body": "Hi @trish"})

    for url, response in answers.items():
        assert response.status_code == 410, url
        assert "Not about the series" in response.text, url
    assert reply.status_code == topic.status_code == 410
    assert Comment.objects.count() == 1
    assert not Notification.objects.exists()


def test_editors_read_a_deleted_pages_discussion_but_nobody_posts(
    client, page, opening, editor
):
    delete(page, editor)
    client.force_login(editor)

    listing = client.get(talk_url(page.slug))
    topic = client.get(thread_url(opening))
    reply = client.post(
        thread_url(opening), {"reply_to": opening.pk, "body": "My words kept."}
    )
    new_topic = client.post(talk_url(page.slug), {"title": "T", "body": "Mine too."})

    assert listing.status_code == topic.status_code == 200
    assert "Bulletproof" in listing.text and "Is he," in topic.text
    assert "its discussion is closed" in topic.text
    assert 'name="body"' not in topic.text and 'name="body"' not in listing.text
    assert reply.status_code == new_topic.status_code == 410
    assert "My words kept." in reply.text and "Mine too." in new_topic.text
    assert Comment.objects.count() == 1


def test_its_author_may_not_edit_a_comment_of_a_deleted_page(client, page, editor):
    mine = services.start_thread(author=editor, title="T", body="Old.", page=page)
    delete(page, editor)
    client.force_login(editor)
    url = reverse("talk:edit", kwargs={"comment_id": mine.pk})

    response = client.post(url, {"body": "New words kept."})

    assert response.status_code == 410
    assert "New words kept." in response.text
    assert Comment.objects.get().body == "Old."


def test_an_undeleted_pages_discussion_is_back_as_it_was(
    client, page, opening, editor, jess
):
    delete(page, editor)
    deletion.undelete_page(page=page, actor=editor, reason="Mistake")
    client.force_login(jess)

    listing = client.get(talk_url(page.slug))
    reply = client.post(thread_url(opening), {"reply_to": opening.pk, "body": "Back."})

    assert listing.status_code == 200 and "Bulletproof" in listing.text
    assert reply.status_code == 302
    assert Comment.objects.count() == 2


def test_a_new_page_at_a_deleted_pages_address_has_a_discussion_of_its_own(
    client, page, opening, editor
):
    delete(page, editor)
    make_revised_page(title="Luke Cage", slug="luke-cage")

    listing = client.get(talk_url("luke-cage"))
    old_topic = client.get(thread_url(opening))

    assert listing.status_code == 200 and "Bulletproof" not in listing.text
    assert old_topic.status_code == 410


# A removed account's discussion --------------------------------------------


def test_a_deactivated_accounts_discussion_is_gone_with_its_profile(client, jess):
    opening = services.start_thread(author=jess, title="Hi", body="Hello.", user=jess)
    get_user_model().objects.filter(pk=jess.pk).update(is_active=False)
    client.force_login(make_user(username="malcolm"))

    urls = [
        reverse("wiki:user", kwargs={"username": "jess"}),
        reverse("talk:user", kwargs={"username": "jess"}),
        thread_url(opening),
        *comment_urls(opening),
    ]
    reply = client.post(thread_url(opening), {"reply_to": opening.pk, "body": "Hi."})

    for url in urls:
        assert client.get(url).status_code == 404, url
    assert reply.status_code == 404
    assert Comment.objects.count() == 1


def test_a_deleted_accounts_discussion_goes_with_it(client, jess):
    opening = services.start_thread(author=jess, title="Hi", body="Hello.", user=jess)
    jess.delete()

    assert client.get(thread_url(opening)).status_code == 404
    assert client.get(talk_url("x").replace("wiki/x", "users/jess")).status_code == 404
    assert not Thread.objects.exists()


# A renamed page's discussion ------------------------------------------------


def rename(page, title):
    page.refresh_from_db()
    data = wiki_services.snapshot(wiki_services.typed(page))
    wiki_services.revise_page(
        page=page,
        author=make_user(username="renamer"),
        changes=data | {"title": title},
        base_revision=page.current_revision,
    )
    page.refresh_from_db()


def test_a_topic_posted_to_a_renamed_pages_old_address_is_sent_on(client, page, jess):
    rename(page, "Power Man")
    client.force_login(jess)

    moved = client.post(talk_url("luke-cage"), {"title": "Name", "body": "Kept."})
    followed = client.post(
        talk_url("luke-cage"), {"title": "Name", "body": "Kept."}, follow=True
    )
    read = client.get(talk_url("luke-cage") + "?page=2")

    assert moved.status_code == 307
    assert moved["Location"] == talk_url("power-man")
    comment = Comment.objects.get()
    assert followed.redirect_chain == [
        (talk_url("power-man"), 307),
        (comment.get_absolute_url(), 302),
    ]
    assert comment.body == "Kept." and comment.thread.discussion.page == page
    assert read.status_code == 302
    assert read["Location"] == talk_url("power-man") + "?page=2"


def test_a_topic_posted_in_other_letters_is_sent_on(client, page, jess):
    client.force_login(jess)

    response = client.post(talk_url("Luke-CAGE"), {"title": "T", "body": "Kept."})

    assert response.status_code == 307
    assert response["Location"] == talk_url("luke-cage")


def test_an_old_address_of_a_deleted_page_answers_410(client, page, editor):
    rename(page, "Power Man")
    delete(page, editor)

    response = client.get(talk_url("luke-cage"))

    assert response.status_code == 410
    assert "Not about the series" in response.text
