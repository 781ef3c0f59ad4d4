"""Patrol: newcomers' edits wait for an editor, in recent changes and the
queue, and are marked patrolled or rolled back there."""

import pytest

from tests.factories import make_revised_page, make_user
from tests.wiki.moderating import (
    THRESHOLD,
    edit,
    latest,
    make_established,
    make_newcomer,
    revise,
)
from wiki.models import LogEntry, Patrol

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _threshold(settings):
    settings.WIKI_ESTABLISHED = THRESHOLD


@pytest.fixture
def editor():
    return make_user(username="eddie", role="Editors")


def test_a_newcomers_edit_waits_for_patrol(client):
    page = make_revised_page()
    client.force_login(make_newcomer())

    edit(client, page, body="New text.")

    assert Patrol.objects.unpatrolled().get().revision == latest(page)


@pytest.mark.parametrize("who", ["established", "editor"])
def test_established_contributors_and_editors_need_no_patrol(client, who):
    page = make_revised_page()
    user = (
        make_established()
        if who == "established"
        else make_user(username="eddie", role="Editors")
    )
    client.force_login(user)

    response = edit(client, page, body="New text.")

    assert response.status_code == 302
    assert latest(page).data["body"] == "New text."
    assert not Patrol.objects.filter(revision=latest(page)).exists()


def test_an_account_old_enough_but_with_too_few_edits_still_needs_patrol(client):
    user = make_established()
    user.revisions.first().page.delete()  # one edit fewer than the threshold
    client.force_login(user)
    page = make_revised_page()

    edit(client, page, body="New text.")

    assert Patrol.objects.unpatrolled().filter(revision=latest(page)).exists()


def test_a_new_page_by_a_newcomer_waits_for_patrol(client):
    client.force_login(make_newcomer())

    client.post("/create/", {"title": "Hell's Kitchen", "body": "A neighbourhood."})

    assert Patrol.objects.unpatrolled().get().revision.number == 1


def test_recent_changes_mark_unpatrolled_edits_for_editors_only(client, editor):
    page = make_revised_page()
    client.force_login(make_newcomer())
    edit(client, page, body="New text.")

    contributor_view = client.get("/changes/")
    client.force_login(editor)
    editor_view = client.get("/changes/")

    assert "Not patrolled yet" not in contributor_view.text
    assert marks(editor_view) == 1


def test_recent_changes_filter_unpatrolled_edits_for_editors(client, editor):
    page = make_revised_page(title="Vandalised")
    make_revised_page(title="Untouched")
    client.force_login(make_newcomer())
    edit(client, page, body="New text.")
    client.force_login(editor)

    filtered = client.get("/changes/?unpatrolled=1").text

    assert "Vandalised" in filtered
    assert "Untouched" not in filtered


def test_the_filter_is_ignored_for_contributors(client):
    make_revised_page(title="Untouched")
    client.force_login(make_newcomer())

    response = client.get("/changes/?unpatrolled=1")

    assert "Untouched" in response.text
    assert 'name="unpatrolled"' not in response.text


def test_the_queue_shows_each_edit_with_its_diff_and_buttons(client, editor):
    page = make_revised_page(body="The old line.")
    client.force_login(make_newcomer())
    edit(client, page, body="The vandalised line.", summary="fixes")
    client.force_login(editor)

    response = client.get("/patrol/")

    assert response.status_code == 200
    html = response.text
    assert "<ins>vandalised</ins>" in html
    assert "<del>old</del>" in html
    assert "newbie" in html and "fixes" in html
    assert f'action="/patrol/{latest(page).pk}/"' in html
    assert "Roll back</button>" in html


def test_marking_patrolled_takes_the_edit_off_the_queue_and_logs_it(client, editor):
    page = make_revised_page()
    newbie = make_newcomer()
    client.force_login(newbie)
    edit(client, page, body="New text.")
    revision = latest(page)
    client.force_login(editor)

    response = client.post(f"/patrol/{revision.pk}/", follow=True)

    assert "marked patrolled" in response.text
    patrol = Patrol.objects.get()
    assert patrol.patrolled_by == editor and patrol.patrolled_at is not None
    entry = LogEntry.objects.get(action=LogEntry.Action.PATROL)
    assert (entry.actor, entry.page_id, entry.target_user) == (editor, page.pk, newbie)
    assert entry.details["revision"] == revision.pk
    assert "Nothing to patrol" in client.get("/patrol/").text


def test_marking_patrolled_answers_json_for_the_script(client, editor):
    page = make_revised_page()
    client.force_login(make_newcomer())
    edit(client, page, body="New text.")
    client.force_login(editor)

    response = client.post(
        f"/patrol/{latest(page).pk}/", HTTP_ACCEPT="application/json"
    )

    assert response.status_code == 200
    assert response.json()["patrolled"] is True


def test_marking_twice_logs_once(client, editor):
    page = make_revised_page()
    client.force_login(make_newcomer())
    edit(client, page, body="New text.")
    client.force_login(editor)

    client.post(f"/patrol/{latest(page).pk}/")
    response = client.post(f"/patrol/{latest(page).pk}/", follow=True)

    assert "already patrolled" in response.text
    assert LogEntry.objects.filter(action=LogEntry.Action.PATROL).count() == 1


def test_rolling_back_from_the_queue_reverts_and_settles_the_edits(client, editor):
    page = make_revised_page(body="Good text.")
    client.force_login(make_newcomer())
    edit(client, page, body="Spam one.")
    edit(client, page, body="Spam two.")
    client.force_login(editor)

    response = client.post(
        f"/wiki/{page.slug}/rollback/",
        {"revision": latest(page).pk, "next": "/patrol/"},
    )

    assert response.status_code == 302 and response["Location"] == "/patrol/"
    assert latest(page).data["body"] == "Good text."
    assert not Patrol.objects.unpatrolled().exists()


@pytest.mark.parametrize("role", [None, "Contributors"])
def test_others_may_not_see_the_queue_or_patrol(client, role):
    page = make_revised_page()
    client.force_login(make_newcomer("other"))
    edit(client, page, body="New text.")
    revision = latest(page)
    if role is None:
        client.logout()
    else:
        client.force_login(make_user(username="someone", role=role))

    assert client.get("/patrol/").status_code in (302, 403)
    response = client.post(f"/patrol/{revision.pk}/")

    assert response.status_code in (302, 403)
    assert Patrol.objects.unpatrolled().count() == 1
    assert not LogEntry.objects.filter(action=LogEntry.Action.PATROL).exists()


def test_a_contributor_gets_403_not_a_login_page(client):
    client.force_login(make_newcomer())

    assert client.get("/patrol/").status_code == 403
    assert client.post("/patrol/1/").status_code == 403


def test_patrolling_refuses_get_and_unknown_revisions(client, editor):
    client.force_login(editor)

    assert client.get("/patrol/1/").status_code == 405
    assert client.post("/patrol/999999/").status_code == 404


def test_the_queue_has_a_query_budget_that_does_not_grow(
    client, editor, django_assert_max_num_queries
):
    def fill(count):
        newbie = make_newcomer(f"newbie{Patrol.objects.count()}")
        for number in range(count):
            page = make_revised_page(title=f"Page {Patrol.objects.count()} {number}")
            revise(page, newbie, f"Changed {number}.")

    fill(2)
    client.force_login(editor)
    with django_assert_max_num_queries(6):
        small = client.get("/patrol/")
    fill(30)
    with django_assert_max_num_queries(6) as captured:
        large = client.get("/patrol/")

    assert small.status_code == large.status_code == 200
    assert large.text.count('class="patrol-item"') == 20
    assert len(captured.captured_queries) <= 6


def test_recent_changes_with_marks_keep_their_budget(
    client, editor, django_assert_max_num_queries
):
    newbie = make_newcomer()

    def fill(count):
        for _ in range(count):
            page = make_revised_page(title=f"Page {Patrol.objects.count()}")
            revise(page, newbie, "Changed.")

    fill(2)
    client.force_login(editor)
    # Session, account, its two kinds of permissions, the changes, the
    # header's count of unread notifications.
    with django_assert_max_num_queries(6):
        small = client.get("/changes/")
    fill(60)
    with django_assert_max_num_queries(6):
        large = client.get("/changes/")

    assert marks(small) == 2
    assert marks(large) == 25  # every other change of the first 50


def marks(response):
    changes = response.text.split('<ol class="changes">', 1)[1]
    return changes.count('title="Not patrolled yet">!</abbr>')


def test_a_deleted_pages_edits_leave_the_queue_until_it_is_undeleted(client, editor):
    kept = make_revised_page(title="Kept page")
    doomed = make_revised_page(title="Spam page", slug="spam-page")
    client.force_login(make_newcomer())
    edit(client, kept, body="A fair change.")
    edit(client, doomed, body="Buy now.")
    client.force_login(editor)

    deleted = client.post("/wiki/spam-page/delete/", {"reason": "Spam"})
    while_deleted = client.get("/patrol/")
    undeleted = client.post("/wiki/spam-page/undelete/", {"reason": "Not spam"})
    after = client.get("/patrol/")

    assert deleted.status_code == undeleted.status_code == 302
    assert while_deleted.text.count('class="patrol-item"') == 1
    assert "Kept page" in while_deleted.text
    assert 'href="/wiki/spam-page/"' not in while_deleted.text
    assert "/wiki/spam-page/rollback/" not in while_deleted.text
    assert Patrol.objects.waiting().count() == 2
    assert after.text.count('class="patrol-item"') == 2
    assert 'href="/wiki/spam-page/"' in after.text
