"""Editing one's own comment (its history kept) and editors hiding comments."""

import pytest
from django.urls import reverse

from talk import services
from talk.models import Comment, CommentRevision, Discussion
from tests.factories import make_revised_page, make_user
from wiki.models import LogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def page():
    return make_revised_page(title="Alias Investigations")


@pytest.fixture
def jess():
    return make_user(username="jess")


@pytest.fixture
def comment(page, jess):
    return services.start_thread(
        author=jess, title="Rent", body="The rent is *due*.", page=page
    )


def edit_url(comment):
    return reverse("talk:edit", kwargs={"comment_id": comment.pk})


def history_url(comment):
    return reverse("talk:history", kwargs={"comment_id": comment.pk})


def test_the_author_edits_their_comment_and_the_former_text_is_kept(
    client, comment, jess
):
    client.force_login(jess)
    form = client.get(edit_url(comment))

    response = client.post(edit_url(comment), {"body": "The rent is paid."})

    comment.refresh_from_db()
    assert "The rent is *due*." in form.content.decode()
    assert response["Location"] == comment.get_absolute_url()
    assert comment.body == "The rent is paid." and comment.edited_at is not None
    former = CommentRevision.objects.get()
    assert former.body == "The rent is *due*."
    assert former.written_at == comment.created_at
    history = client.get(history_url(comment)).content.decode()
    assert history.index("The rent is paid.") < history.index("<em>due</em>")
    shown = client.get(comment.get_absolute_url()).content.decode()
    assert f'<a href="{history_url(comment)}">edited</a>' in shown


def test_every_edit_keeps_the_text_it_replaced(client, comment, jess):
    client.force_login(jess)
    for text in ("Second.", "Third."):
        client.post(edit_url(comment), {"body": text})

    bodies = list(CommentRevision.objects.values_list("body", flat=True))

    assert bodies == ["Second.", "The rent is *due*."]
    with pytest.raises(ValueError, match="never changed"):
        CommentRevision.objects.first().save()


def test_an_unchanged_save_keeps_no_revision(client, comment, jess):
    client.force_login(jess)

    client.post(edit_url(comment), {"body": "The rent is *due*."})

    assert not CommentRevision.objects.exists()


def test_nobody_edits_anothers_comment(client, comment):
    client.force_login(make_user(username="trish", role="Editors"))

    form = client.get(edit_url(comment))
    save = client.post(edit_url(comment), {"body": "Vandalised."})

    assert form.status_code == save.status_code == 403
    assert "Only its author" in save.content.decode()
    comment.refresh_from_db()
    assert comment.body == "The rent is *due*."


def test_a_visitor_is_sent_to_log_in_and_a_lapsed_session_keeps_the_text(
    client, comment
):
    form = client.get(edit_url(comment))
    save = client.post(edit_url(comment), {"body": "Typed before the session ended."})

    assert form.status_code == 302 and "/accounts/login/" in form["Location"]
    assert save.status_code == 403
    assert "Typed before the session ended." in save.content.decode()


def test_an_edit_too_long_is_refused_with_the_text_kept(client, comment, jess):
    client.force_login(jess)

    response = client.post(edit_url(comment), {"body": "y" * 10_001})

    assert response.status_code == 400
    assert "y" * 10_001 in response.content.decode()


def test_edits_are_rate_limited_like_posts(
    client, comment, jess, frozen_clock, settings
):
    settings.WIKI_RATE_LIMITS = {
        **settings.WIKI_RATE_LIMITS,
        "talk": {"user": (1, 60), "ip": (20, 60)},
    }
    client.force_login(jess)
    client.post(edit_url(comment), {"body": "Once."})

    response = client.post(edit_url(comment), {"body": "Twice."})

    assert response.status_code == 429
    assert "Twice." in response.content.decode()


def hide(client, comment, reason="Advertising"):
    return client.post(
        reverse("talk:hide", kwargs={"comment_id": comment.pk}), {"reason": reason}
    )


def test_an_editor_hides_a_comment_with_a_reason_logged(client, comment, page, jess):
    trish = make_user(username="trish", role="Editors")
    client.force_login(trish)

    response = hide(client, comment)

    comment.refresh_from_db()
    assert response["Location"] == comment.get_absolute_url()
    assert comment.is_hidden and comment.hidden_by == trish
    assert comment.hidden_reason == "Advertising"
    entry = LogEntry.objects.get()
    assert entry.action == LogEntry.Action.HIDE_COMMENT
    assert (entry.actor, entry.page, entry.target_user) == (trish, page, jess)
    assert entry.reason == "Advertising"
    assert entry.details["comment"] == comment.pk
    assert Discussion.objects.get().comment_count == 0
    # Editors still read it, and may show it again.
    seen = client.get(comment.get_absolute_url()).content.decode()
    assert "The rent is <em>due</em>." in seen
    assert reverse("talk:unhide", kwargs={"comment_id": comment.pk}) in seen


def test_the_log_links_to_the_hidden_comment_and_names_its_author_and_topic(
    client, comment, page
):
    client.force_login(make_user(username="trish", role="Editors"))
    hide(client, comment)
    client.post(
        reverse("talk:unhide", kwargs={"comment_id": comment.pk}), {"reason": "OK"}
    )
    on_user = services.start_thread(
        author=make_user(username="malcolm"),
        title="Welcome",
        body="Hi.",
        user=make_user(username="kilgrave"),
    )
    hide(client, on_user, reason="Rude")

    html = client.get("/logs/").text

    link = f'<a href="/talk/{comment.thread_id}/#c-{comment.pk}">a comment</a>'
    by = 'by <a href="/users/jess/">jess</a> in “Rent” on '
    on = f'<a href="{page.get_absolute_url()}">Alias Investigations</a>'
    assert f"hid</span> {link} {by}{on}" in html
    assert f"showed again</span> {link} {by}{on}" in html
    on_user_link = f'<a href="/talk/{on_user.thread_id}/#c-{on_user.pk}">a comment</a>'
    assert (
        f'hid</span> {on_user_link} by <a href="/users/malcolm/">malcolm</a> '
        "in “Welcome” on User talk: kilgrave"
    ) in html


def test_readers_see_who_hid_a_comment_and_why_but_not_its_text(client, comment, jess):
    services.set_hidden(
        comment=comment,
        actor=make_user(username="trish", role="Editors"),
        hidden=True,
        reason="Advertising",
    )
    client.force_login(jess)

    html = client.get(comment.get_absolute_url()).content.decode()
    history = client.get(history_url(comment))
    editing = client.get(edit_url(comment))

    assert 'Hidden by <a href="/users/trish/">trish</a>: Advertising' in html
    assert "rent" not in html.split("<h1>")[1].split("</h1>", 1)[1]
    assert history.status_code == editing.status_code == 403


def test_an_editor_shows_a_hidden_comment_again_logged(client, comment):
    trish = make_user(username="trish", role="Editors")
    services.set_hidden(comment=comment, actor=trish, hidden=True, reason="Spam?")
    client.force_login(trish)

    url = reverse("talk:unhide", kwargs={"comment_id": comment.pk})
    form = client.get(url)
    response = client.post(url, {"reason": "Not spam"})

    comment.refresh_from_db()
    assert form.status_code == 200 and "Hidden by trish: Spam?" in form.content.decode()
    assert response.status_code == 302
    assert not comment.is_hidden and comment.hidden_reason == ""
    assert list(LogEntry.objects.values_list("action", flat=True)) == [
        LogEntry.Action.UNHIDE_COMMENT,
        LogEntry.Action.HIDE_COMMENT,
    ]
    assert Discussion.objects.get().comment_count == 1


def test_hiding_needs_a_reason(client, comment):
    client.force_login(make_user(username="trish", role="Editors"))

    response = hide(client, comment, reason="")

    assert response.status_code == 400
    assert not Comment.objects.get().is_hidden


def test_hiding_twice_logs_once(client, comment):
    client.force_login(make_user(username="trish", role="Editors"))
    hide(client, comment)

    hide(client, comment)

    assert LogEntry.objects.count() == 1
    assert Discussion.objects.get().comment_count == 0


def test_contributors_and_visitors_may_not_hide(client, comment, jess):
    url = reverse("talk:hide", kwargs={"comment_id": comment.pk})
    visitor = client.post(url, {"reason": "Mine"})
    client.force_login(jess)

    contributor = client.post(url, {"reason": "Mine"})
    page = client.get(comment.get_absolute_url()).content.decode()

    assert visitor.status_code == contributor.status_code == 403
    assert not Comment.objects.get().is_hidden
    assert url not in page
    assert not LogEntry.objects.exists()


def test_hiding_is_post_only_to_change_anything(client, comment):
    client.force_login(make_user(username="trish", role="Editors"))
    url = reverse("talk:hide", kwargs={"comment_id": comment.pk})

    assert client.get(url, {"reason": "x"}).status_code == 200
    assert client.put(url).status_code == 405
    assert not Comment.objects.get().is_hidden
