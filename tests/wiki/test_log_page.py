"""The public log page, its filters and feed, and the actions that write to
it: renames, protections, uploads, new accounts and rights changes."""

import datetime
import io
from xml.etree import ElementTree

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage

from tests.factories import make_revised_page, make_user
from wiki import deletion, logs
from wiki.models import LogEntry, Page

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _article(title, **fields):
    return make_revised_page(title=title, slug=slugify(title), **fields)


def _png():
    out = io.BytesIO()
    PILImage.new("RGB", (40, 30), "teal").save(out, "PNG")
    return SimpleUploadedFile("p.png", out.getvalue(), content_type="image/png")


# What each action reads like

SENTENCES = {
    logs.Action.RENAME: "renamed</span> “Old name” to",
    logs.Action.PROTECT: "protected</span>",
    logs.Action.UNPROTECT: "removed the protection of</span>",
    logs.Action.DELETE: "deleted</span>",
    logs.Action.UNDELETE: "undeleted</span>",
    logs.Action.UPLOAD: "uploaded</span>",
    logs.Action.BLOCK: "blocked</span>",
    logs.Action.UNBLOCK: "unblocked</span>",
    logs.Action.CREATE_ACCOUNT: "created an account</span>",
    logs.Action.PATROL: "as patrolled</span>",
    logs.Action.RIGHTS: "changed the rights of</span>",
    logs.Action.HIDE_COMMENT: "hid</span> a comment by",
    logs.Action.UNHIDE_COMMENT: "showed again</span> a comment by",
    logs.Action.LINK_BLOCKLIST: "changed the link blocklist:</span>",
}


def test_every_action_has_a_sentence_and_a_type():
    assert set(SENTENCES) == set(LogEntry.Action)
    assert all(logs.type_of(action) for action in LogEntry.Action)


@pytest.mark.parametrize("action", list(LogEntry.Action))
def test_each_action_says_who_did_what_to_what_and_why(client, action):
    actor = make_user(username="moderator", role="Editors")
    subject = make_user(username="vandal")
    page = _article("Alias Investigations")
    about_a_user = action in (
        logs.Action.BLOCK,
        logs.Action.UNBLOCK,
        logs.Action.CREATE_ACCOUNT,
        logs.Action.RIGHTS,
    )
    logs.record(
        action,
        actor=subject if action == logs.Action.CREATE_ACCOUNT else actor,
        page=None if about_a_user or action == logs.Action.LINK_BLOCKLIST else page,
        user=subject if about_a_user else None,
        target=r"spam\.example" if action == logs.Action.LINK_BLOCKLIST else "",
        reason="Because of reasons",
        details={
            "from": "Old name",
            "revision": 2,
            "changes": [{"what": "groups", "from": "", "to": "Editors"}],
        },
    )

    html = client.get("/logs/").text

    assert SENTENCES[action] in html
    assert "<q>Because of reasons</q>" in html
    if action != logs.Action.CREATE_ACCOUNT:
        assert '<a href="/users/moderator/">moderator</a>' in html
    if about_a_user:
        assert '<a href="/users/vandal/">vandal</a>' in html
    elif action == logs.Action.LINK_BLOCKLIST:
        assert r"<code>spam\.example</code>" in html
    else:
        assert '<a href="/wiki/alias-investigations/">Alias Investigations</a>' in html


def test_a_rights_change_says_from_what_to_what(client):
    logs.record(
        logs.Action.RIGHTS,
        actor=make_user(username="boss", role=None),
        user=make_user(username="newbie"),
        details={"changes": [{"what": "groups", "from": "Contributors",
                              "to": "Contributors, Editors"}]},
    )  # fmt: skip

    html = client.get("/logs/").text

    assert "groups from Contributors to Contributors, Editors" in html


def test_an_entry_about_a_deleted_page_links_to_its_address_in_red(client):
    page = _article("Spam page")
    deletion.delete_page(page=page, actor=make_user(role="Editors"), reason="Spam")

    html = client.get("/logs/").text

    assert 'href="/wiki/spam-page/" class="wikilink-new"' in html


# Filters


@pytest.fixture
def entries(db):
    editor = make_user(username="moderator", role="Editors")
    other = make_user(username="other", role="Editors")
    page = _article("Alias Investigations")
    logs.record(logs.Action.PROTECT, actor=editor, page=page, reason="r1")
    logs.record(logs.Action.DELETE, actor=other, page=_article("Spam"), reason="r2")
    logs.record(logs.Action.BLOCK, actor=editor, user=other, reason="r3")
    return editor, other


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({}, {"r1", "r2", "r3"}),
        ({"type": "protect"}, {"r1"}),
        ({"type": "delete"}, {"r2"}),
        ({"user": "moderator"}, {"r1", "r3"}),
        ({"user": "MODERATOR"}, {"r1", "r3"}),
        ({"title": "Alias Investigations"}, {"r1"}),
        ({"title": "alias-investigations"}, {"r1"}),
        ({"title": "other"}, {"r3"}),  # entries about a user
        ({"type": "block", "user": "other"}, set()),
        ({"type": "nonsense"}, {"r1", "r2", "r3"}),  # left out, not refused
    ],
)
def test_filters_narrow_the_log(client, entries, query, shown):
    html = client.get("/logs/", query).text

    assert {r for r in ("r1", "r2", "r3") if f"<q>{r}</q>" in html} == shown


def test_dates_narrow_the_log_and_a_bad_date_is_said(client, entries):
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    yesterday = today - datetime.timedelta(days=1)

    assert "<q>r1</q>" in client.get("/logs/", {"since": today, "until": today}).text
    assert "No log entries match." in client.get("/logs/", {"since": tomorrow}).text
    assert "No log entries match." in client.get("/logs/", {"until": yesterday}).text
    bad = client.get("/logs/", {"since": "99999-99-99", "user": "x\x01y" * 100})
    assert bad.status_code == 200
    assert "Enter a valid date." in bad.text
    assert "at most 150 characters" in bad.text
    assert "<q>r1</q>" in bad.text  # what cannot be read is left out


def test_the_log_is_paged_without_counting(client, db):
    actor = make_user(role="Editors")
    for number in range(55):
        logs.record(logs.Action.PROTECT, actor=actor, target=f"t{number}")

    first = client.get("/logs/").text
    second = client.get("/logs/", {"page": 2}).text

    assert 'rel="next" href="?page=2"' in first
    assert second.count("<li>") >= 5 and "Page 2" in second
    assert client.get("/logs/", {"page": "9" * 40}).status_code == 200


def test_the_log_costs_the_same_queries_however_long(
    client, db, django_assert_max_num_queries
):
    actor = make_user(role="Editors")
    page = _article("Alias Investigations")

    def add(count):
        for _ in range(count):
            subject = make_user(username=f"user{LogEntry.objects.count()}")
            logs.record(logs.Action.PROTECT, actor=actor, page=page)
            logs.record(logs.Action.BLOCK, actor=actor, user=subject, target="x")
            logs.record(
                logs.Action.RENAME, actor=actor, page=page, details={"from": "A"}
            )

    add(2)
    with django_assert_max_num_queries(1) as few:
        client.get("/logs/")
    add(20)
    assert LogEntry.objects.count() == 66
    with django_assert_max_num_queries(len(few)):
        assert "user21" in client.get("/logs/").text
    with django_assert_max_num_queries(len(few)):
        client.get("/logs/", {"type": "block", "title": "user3"})


def test_the_log_feed_has_the_same_filters(client, entries):
    feed = ElementTree.fromstring(client.get("/logs/feed/", {"type": "delete"}).content)

    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert titles == ["Deleted: Spam"]


def test_history_and_profiles_link_to_their_log_entries(client):
    make_user(username="jess")
    _article("Alias Investigations")

    history = client.get("/wiki/alias-investigations/history/").text
    profile = client.get("/users/jess/").text

    assert 'href="/logs/?title=alias-investigations"' in history
    assert (
        'href="/logs/?user=jess"' in profile and 'href="/logs/?title=jess"' in profile
    )


# What writes to the log


def test_a_rename_on_the_site_is_logged(client):
    page = _article("Alias Investigation", body="Text.")
    editor = make_user(username="renamer")
    client.force_login(editor)

    client.post(
        "/wiki/alias-investigation/edit/",
        {"title": "Alias Investigations", "body": "Text.", "summary": "Typo",
         "base_revision": page.current_revision_id},
    )  # fmt: skip

    entry = LogEntry.objects.get(action=logs.Action.RENAME)
    assert (entry.actor, entry.page_id, entry.reason) == (editor, page.pk, "Typo")
    assert entry.details["from"] == "Alias Investigation"
    assert entry.details["to_slug"] == "alias-investigations"


def test_a_rename_in_the_admin_is_logged(admin_client):
    page = _article("Alias Investigation", body="Text.")

    admin_client.post(
        f"/admin/wiki/article/{page.pk}/change/",
        {"title": "Alias Investigations", "slug": "alias-investigation",
         "article_type": "", "published_on": "", "body": "Text.", "sources": "",
         "gallery_items-TOTAL_FORMS": 0, "gallery_items-INITIAL_FORMS": 0,
         "videos-TOTAL_FORMS": 0, "videos-INITIAL_FORMS": 0,
         "base_revision": page.current_revision_id},
    )  # fmt: skip

    assert Page.objects.get(pk=page.pk).slug == "alias-investigations"
    entry = LogEntry.objects.get(action=logs.Action.RENAME)
    assert entry.actor.username == "admin"
    assert entry.details["from_slug"] == "alias-investigation"


def test_protecting_and_unprotecting_are_logged(client):
    page = _article("Alias Investigations")
    client.force_login(make_user(username="guard", role="Editors"))

    url = "/wiki/alias-investigations/protect/"
    client.post(url, {"level": "editors", "expiry": "indefinite", "reason": "Edit war"})
    client.post(url, {"level": "none", "expiry": "indefinite", "reason": "Calm"})

    actions = list(
        LogEntry.objects.filter(page=page)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [logs.Action.PROTECT, logs.Action.UNPROTECT]


def test_an_upload_is_logged(client):
    uploader = make_user(username="uploader")
    client.force_login(uploader)

    client.post("/upload/", {"file": _png(), "title": "Office", "alt_text": "A desk"})

    entry = LogEntry.objects.get(action=logs.Action.UPLOAD)
    assert (entry.actor, entry.page_title) == (uploader, "Office")
    assert (
        'uploaded</span> <a href="/files/office/">Office</a>'
        in client.get("/logs/").text
    )


def test_a_sign_up_is_logged(client):
    client.post(
        "/accounts/signup/",
        {"username": "newcomer", "email": "new@example.com",
         "password1": "a-long-passphrase-1", "password2": "a-long-passphrase-1"},
    )  # fmt: skip

    entry = LogEntry.objects.get(action=logs.Action.CREATE_ACCOUNT)
    assert entry.actor.username == entry.target_user.username == "newcomer"


def test_a_rights_change_in_the_admin_is_logged_from_what_to_what(admin_client):
    user = make_user(username="promoted")
    editors = Group.objects.get(name="Editors")
    contributors = Group.objects.get(name="Contributors")

    response = admin_client.post(
        f"/admin/auth/user/{user.pk}/change/",
        {"username": "promoted", "email": "promoted@example.com",
         "is_active": "on", "is_staff": "on",
         "groups": [contributors.pk, editors.pk],
         "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00",
         "initial-date_joined_0": "2026-01-01",
         "initial-date_joined_1": "10:00:00"},
    )  # fmt: skip

    assert response.status_code == 302
    entry = LogEntry.objects.get(action=logs.Action.RIGHTS)
    assert entry.actor.username == "admin" and entry.target_user == user
    assert entry.details["changes"] == [
        {"what": "groups", "from": "Contributors", "to": "Contributors, Editors"},
        {"what": "staff status", "from": "no", "to": "yes"},
    ]


def test_an_admin_save_that_changes_no_right_logs_nothing(admin_client):
    user = make_user(username="same")
    contributors = Group.objects.get(name="Contributors")

    admin_client.post(
        f"/admin/auth/user/{user.pk}/change/",
        {"username": "same", "email": "changed@example.com", "is_active": "on",
         "groups": [contributors.pk],
         "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00"},
    )  # fmt: skip

    assert get_user_model().objects.get(pk=user.pk).email == "changed@example.com"
    assert not LogEntry.objects.filter(action=logs.Action.RIGHTS).exists()


def test_moderators_actions_read_with_their_details(client):
    from wiki import services
    from wiki.moderation import blocks, patrol

    guard = make_user(username="guard", role="Editors")
    page = _article("Alias Investigations")
    until = timezone.now() + datetime.timedelta(days=7)
    services.set_protection(
        page=page, author=guard, level="established", until=until, reason="Spoilers"
    )
    blocks.block(
        actor=guard,
        user=make_user(username="vandal"),
        duration=None,
        reason="Vandalism",
    )
    newbie = make_user(username="newbie")
    page.refresh_from_db()
    revision = services.revise_page(
        page=page,
        author=newbie,
        changes={"body": "Changed."},
        base_revision=page.current_revision,
    )
    patrol.mark_patrolled(revision=revision, actor=guard)

    html = client.get("/logs/").text

    assert "(established contributors only, until <time" in html
    assert 'blocked</span> <a href="/users/vandal/">vandal</a> indefinitely' in html
    assert f"revision {revision.number} of</span>" in html
