import pytest
from django.test import Client

from community.models import Delivery, Notification, Preferences, Watch
from tests.community.conftest import StandIn
from tests.factories import make_revised_page, make_user
from wiki import services, signals
from wiki.models import Revision

pytestmark = pytest.mark.django_db
Kind = Notification.Kind


def _edit(page, author, **changes):
    page.refresh_from_db()
    return services.revise_page(
        page=page,
        author=author,
        changes=services.snapshot(services.typed(page)) | changes,
        base_revision=page.current_revision,
    )


def _post_comment(*, author, page=None, replied_to=(), mentioned=()):
    signals.comment_posted.send(
        sender=None,
        comment=StandIn(author=author),
        page=page,
        replied_to=list(replied_to),
        mentioned=list(mentioned),
    )


@pytest.fixture
def editor():
    return make_user(username="editor", role="Editors")


def test_a_rollback_tells_the_author_whose_edits_were_undone(client, editor, commit):
    page = make_revised_page(title="Hell's Kitchen", body="Good text.")
    vandal = make_user(username="vandal")
    _edit(page, vandal, body="Bad text.")
    _edit(page, vandal, body="Worse text.")
    page.refresh_from_db()
    client.force_login(editor)

    with commit():
        client.post(
            f"/wiki/{page.slug}/rollback/", {"revision": page.current_revision_id}
        )

    notification = Notification.objects.get()
    assert notification.recipient == vandal and notification.kind == Kind.REVERTED
    assert notification.actor == editor
    assert notification.url == f"/wiki/{page.slug}/diff/?from=3&to=4"
    client.force_login(vandal)
    html = client.get("/notifications/").text
    assert "editor undid your edit to Hell&#x27;s Kitchen" in html


def test_a_restore_tells_every_author_it_undid_but_not_the_restorer(
    client, editor, commit
):
    page = make_revised_page(title="Hell's Kitchen", body="One.")
    luke, trish = make_user(username="luke"), make_user(username="trish")
    _edit(page, luke, body="Two.")
    _edit(page, trish, body="Three.")
    _edit(page, editor, body="Four.")
    client.force_login(editor)

    with commit():
        page.refresh_from_db()
        client.post(
            f"/wiki/{page.slug}/history/1/restore/",
            {"summary": "Spam", "base_revision": page.current_revision_id},
        )

    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {"luke", "trish"}
    assert Revision.objects.filter(page=page).count() == 5


def test_an_ordinary_edit_tells_nobody_by_default(editor, commit):
    page = make_revised_page()
    watcher = make_user(username="watcher")
    Watch.objects.create(user=watcher, page=page)

    with commit():
        _edit(page, editor, body="New.")

    assert not Notification.objects.exists()


def test_watchers_who_asked_hear_of_changes_but_not_of_their_own(editor, commit):
    page = make_revised_page()
    watcher = make_user(username="watcher")
    Watch.objects.create(user=watcher, page=page)
    Watch.objects.create(user=editor, page=page)
    Preferences.objects.create(user=watcher, watched_web=True)
    Preferences.objects.create(user=editor, watched_web=True)

    with commit():
        _edit(page, editor, body="New.")
    with commit():
        services.revise_page(
            page=page,
            author=editor,
            changes={"body": "Typo."},
            base_revision=None,
            is_minor=True,
        )

    notification = Notification.objects.get()
    assert notification.recipient == watcher and notification.kind == Kind.WATCHED


def test_replies_and_mentions_from_a_discussion(client, db):
    page = make_revised_page(title="Alias Investigations")
    jess, trish, luke = (make_user(username=n) for n in ("jess", "trish", "luke"))

    _post_comment(author=jess, page=page, replied_to=[trish, jess], mentioned=[luke])
    _post_comment(author=jess, page=None, replied_to=[luke], mentioned=[luke])

    told = Notification.objects.order_by("pk")
    assert list(told.values_list("recipient__username", "kind", "page")) == [
        ("luke", Kind.MENTION, page.pk),
        ("trish", Kind.REPLY, page.pk),
        ("luke", Kind.MENTION, None),
    ]
    client.force_login(trish)
    html = client.get("/notifications/").text
    assert "jess replied to you on the discussion of Alias Investigations" in html
    assert 'href="/talk/alias-investigations/#c1"' in html


def test_kinds_turned_off_on_the_site_are_not_shown(client, db):
    trish = make_user(username="trish")
    Preferences.objects.create(user=trish, reply_web=False, reply_email=Delivery.OFF)

    _post_comment(author=make_user(), replied_to=[trish])

    assert not Notification.objects.exists()


def test_the_header_counts_unread_notifications(client, db):
    trish = make_user(username="trish")
    client.force_login(trish)
    assert "unread)" not in client.get("/").text

    _post_comment(author=make_user(), replied_to=[trish])
    _post_comment(author=make_user(username="luke"), mentioned=[trish])

    html = client.get("/").text
    assert '<span class="count" aria-hidden="true">2</span>' in html
    assert "(2 unread)" in html


def test_one_users_count_never_shows_on_anothers_page(client, db):
    trish, luke = make_user(username="trish"), make_user(username="luke")
    _post_comment(author=make_user(), replied_to=[trish])
    client.force_login(trish)
    other = Client()
    other.force_login(luke)

    assert "(1 unread)" in client.get("/").text
    assert "unread)" not in other.get("/").text
    assert "unread)" not in Client().get("/").text


def test_the_header_count_costs_at_most_one_query(
    client, db, django_assert_num_queries
):
    trish = make_user(username="trish")
    for n in range(5):
        _post_comment(author=make_user(username=f"user{n}"), replied_to=[trish])
    client.force_login(trish)
    client.get("/notifications/")  # warm
    from community import counts

    with django_assert_num_queries(0):
        assert counts.unread(trish) == 5
    counts.forget([trish.pk])
    with django_assert_num_queries(1):
        assert counts.unread(trish) == 5


def test_marking_one_and_all_read(client, db):
    trish = make_user(username="trish")
    for n in range(3):
        _post_comment(author=make_user(username=f"user{n}"), replied_to=[trish])
    client.force_login(trish)
    first = Notification.objects.filter(recipient=trish).first()

    response = client.post("/notifications/read/", {"id": first.pk}, follow=True)

    assert "Marked 1 notification read" in response.text
    assert "(2 unread)" in response.text
    response = client.post("/notifications/read/", {"all": "1"}, follow=True)
    assert "Marked 2 notifications read" in response.text
    assert "unread)" not in response.text
    assert not Notification.objects.filter(is_read=False).exists()


def test_marking_read_refuses_others_odd_ids_visitors_and_get(client, db):
    trish, luke = make_user(username="trish"), make_user(username="luke")
    _post_comment(author=make_user(), replied_to=[trish])
    theirs = Notification.objects.get()

    assert client.post("/notifications/read/", {"all": "1"}).status_code == 302
    client.force_login(luke)
    assert client.get("/notifications/read/").status_code == 405
    for value in (theirs.pk, "x", "-1", "99999999999999999999999", "\x00"):
        response = client.post("/notifications/read/", {"id": value}, follow=True)
        assert response.status_code in (200, 400)
    client.post("/notifications/read/", {"all": "1"})

    theirs.refresh_from_db()
    assert not theirs.is_read


def test_the_unread_tab(client, db):
    trish = make_user(username="trish")
    _post_comment(author=make_user(username="luke"), replied_to=[trish])
    _post_comment(author=make_user(username="jessica"), replied_to=[trish])
    Notification.objects.filter(actor__username="luke").update(is_read=True)
    client.force_login(trish)

    html = client.get("/notifications/", {"unread": "1"}).text

    assert "jessica replied" in html and "luke replied" not in html


def test_the_notification_list_stays_within_its_query_budget(
    client, db, django_assert_max_num_queries
):
    trish = make_user(username="trish")
    page = make_revised_page()
    client.force_login(trish)
    _post_comment(author=make_user(username="luke"), page=page, replied_to=[trish])

    # The session, the account, its rights (2), the list, the unread count.
    with django_assert_max_num_queries(6) as few:
        client.get("/notifications/")
    for n in range(80):
        _post_comment(
            author=make_user(username=f"user{n}"), page=page, replied_to=[trish]
        )
    with django_assert_max_num_queries(6) as many:
        html = client.get("/notifications/").text

    assert html.count('class="notification notification--unread"') == 50
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_page_with_the_header_count_stays_within_budget(
    client, db, django_assert_max_num_queries
):
    page = make_revised_page()
    trish = make_user(username="trish")
    client.force_login(trish)
    client.get(page.get_absolute_url())

    # The session, the account, its rights, the watch star, the discussion's
    # count, the page (afresh).
    with django_assert_max_num_queries(11) as few:
        client.get(page.get_absolute_url())
    for n in range(40):
        _post_comment(author=make_user(username=f"user{n}"), replied_to=[trish])
    client.get(page.get_absolute_url())  # the count, once
    with django_assert_max_num_queries(11) as many:
        html = client.get(page.get_absolute_url()).text

    assert "(40 unread)" in html
    assert len(many.captured_queries) == len(few.captured_queries)
