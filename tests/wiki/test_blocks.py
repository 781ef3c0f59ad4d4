"""Blocks of accounts, addresses and ranges: placing and lifting them, and
every write path refusing a blocked contributor, through HTTP."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from PIL import Image as PILImage

from tests.factories import make_revised_page, make_user
from tests.wiki.moderating import edit, latest
from wiki import services
from wiki.models import Article, Block, LogEntry
from wiki.moderation import blocks
from wiki.permissions import talk_refusal

pytestmark = pytest.mark.django_db

V4, V6 = "203.0.113.7", "2001:db8:1:2::7"


@pytest.fixture
def editor():
    return make_user(username="eddie", role="Editors")


def _block(client, editor, target, **fields):
    client.force_login(editor)
    data = {"target": target, "expiry": "1d", "reason": "Vandalism"} | fields
    response = client.post("/blocks/new/", data)
    client.logout()
    return response


def _at(client, ip):
    client.defaults["REMOTE_ADDR"] = ip
    return client


# Placing and lifting -------------------------------------------------------


def test_an_editor_blocks_an_account_and_it_is_logged(client, editor):
    vandal = make_user(username="vandal")

    response = _block(client, editor, "vandal", prevents_account_creation="on")

    assert response.status_code == 302 and response["Location"] == "/blocks/"
    block = Block.objects.active().get()
    assert block.user == vandal and block.blocked_by == editor
    assert timezone.now() + timedelta(hours=23) < block.expires_at
    entry = LogEntry.objects.get(action=LogEntry.Action.BLOCK)
    assert (entry.actor, entry.target_user, entry.reason) == (
        editor,
        vandal,
        "Vandalism",
    )
    assert entry.details["expires"] == block.expires_at.isoformat()


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("203.0.113.99/24", "203.0.113.0/24"),
        ("2001:DB8:1::/48", "2001:db8:1::/48"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
    ],
)
def test_addresses_and_ranges_are_blocked_as_written_by_cidr(
    client, editor, written, kept
):
    _block(client, editor, written, expiry="indefinite")

    block = Block.objects.get()
    assert block.address == kept and block.expires_at is None
    assert LogEntry.objects.get(action=LogEntry.Action.BLOCK).target == kept


@pytest.mark.parametrize(
    ("target", "error"),
    [
        ("10.0.0.0/8", "wider than /16"),
        ("2001:db8::/16", "wider than /19"),
        ("nobody-here", "No account is called"),
        ("\x00", "Null characters are not allowed"),
    ],
)
def test_bad_targets_are_refused_with_the_form_kept(client, editor, target, error):
    client.force_login(editor)

    response = client.post(
        "/blocks/new/", {"target": target, "expiry": "1d", "reason": "Spam here"}
    )

    assert response.status_code == 400
    assert error in response.text
    assert "Spam here" in response.text
    assert not Block.objects.exists()


def test_a_block_needs_a_reason_and_a_known_duration(client, editor):
    make_user(username="vandal")
    client.force_login(editor)

    response = client.post("/blocks/new/", {"target": "vandal", "expiry": "999y"})

    assert response.status_code == 400
    assert not Block.objects.exists()


def test_an_account_already_blocked_is_not_blocked_twice(client, editor):
    make_user(username="vandal")
    _block(client, editor, "vandal")

    response = _block(client, editor, "vandal")

    assert response.status_code == 400
    assert "already blocked" in response.text
    assert Block.objects.count() == 1


def test_administrators_cannot_be_blocked(client, editor):
    get_user_model().objects.create_superuser("boss", "b@example.com", "pw-boss-1")

    response = _block(client, editor, "boss")

    assert response.status_code == 400
    assert "Administrators cannot be blocked" in response.text


def test_the_block_form_is_prefilled_from_a_profile_link(client, editor):
    make_user(username="vandal")
    client.force_login(editor)

    profile = client.get("/users/vandal/").text
    form = client.get("/blocks/new/?target=vandal").text

    assert 'href="/blocks/new/?target=vandal"' in profile
    assert 'value="vandal"' in form


def test_unblocking_lifts_the_block_and_logs_why(client, editor):
    vandal = make_user(username="vandal")
    _block(client, editor, "vandal")
    block = Block.objects.get()
    client.force_login(editor)

    assert "Vandalism" in client.get(f"/blocks/{block.pk}/unblock/").text
    response = client.post(f"/blocks/{block.pk}/unblock/", {"reason": "Apologised"})

    assert response.status_code == 302
    assert not Block.objects.active().exists()
    entry = LogEntry.objects.get(action=LogEntry.Action.UNBLOCK)
    assert (entry.actor, entry.target_user, entry.reason) == (
        editor,
        vandal,
        "Apologised",
    )
    client.force_login(vandal)
    assert edit(client, make_revised_page(), body="Back.").status_code == 302


def test_unblocking_needs_a_reason_and_keeps_the_form(client, editor):
    make_user(username="vandal")
    _block(client, editor, "vandal")
    client.force_login(editor)

    response = client.post(f"/blocks/{Block.objects.get().pk}/unblock/", {"reason": ""})

    assert response.status_code == 400
    assert Block.objects.active().exists()


def test_unblocking_an_ended_block_says_so(client, editor):
    make_user(username="vandal")
    _block(client, editor, "vandal")
    block = Block.objects.get()
    blocks.unblock(block_id=block.pk, actor=editor, reason="Done")
    client.force_login(editor)

    response = client.post(
        f"/blocks/{block.pk}/unblock/", {"reason": "Again"}, follow=True
    )

    assert "had already ended" in response.text
    assert LogEntry.objects.filter(action=LogEntry.Action.UNBLOCK).count() == 1


def test_the_list_shows_active_blocks_only(client, editor):
    make_user(username="vandal")
    make_user(username="spammer")
    _block(client, editor, "vandal")
    _block(client, editor, "spammer")
    _block(client, editor, "198.51.100.0/24")
    blocks.unblock(
        block_id=Block.objects.get(user__username="spammer").pk,
        actor=editor,
        reason="x",
    )
    client.force_login(editor)

    html = client.get("/blocks/").text

    assert "vandal" in html and "198.51.100.0/24" in html
    assert "spammer" not in html
    assert "vandal" not in client.get("/blocks/?q=198.51").text


@pytest.mark.parametrize("role", [None, "Contributors"])
@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/blocks/"),
        ("get", "/blocks/new/"),
        ("post", "/blocks/new/"),
        ("post", "/blocks/{block}/unblock/"),
    ],
)
def test_others_may_not_block_or_unblock(client, editor, role, method, url):
    make_user(username="vandal")
    _block(client, editor, "vandal")
    block = Block.objects.get()
    if role:
        client.force_login(make_user(username="someone", role=role))

    data = {
        "target": "someone",
        "expiry": "1d",
        "reason": "Mine",
        "prevents_account_creation": "",
    }
    response = getattr(client, method)(
        url.format(block=block.pk), data if method == "post" else None
    )

    assert response.status_code == 403
    assert Block.objects.active().get() == block


# What a block refuses ------------------------------------------------------


def test_a_blocked_account_is_told_why_before_typing(client, editor):
    vandal = make_user(username="vandal")
    _block(client, editor, "vandal", reason="Adding spoilers on purpose")
    page = make_revised_page()
    client.force_login(vandal)

    response = client.get(f"/wiki/{page.slug}/edit/")

    assert response.status_code == 200
    assert "Your account is blocked from editing until" in response.text
    assert "by eddie" in response.text
    assert "Adding spoilers on purpose" in response.text


def test_a_blocked_accounts_edit_is_refused_with_the_text_kept(client, editor):
    vandal = make_user(username="vandal")
    _block(client, editor, "vandal")
    page = make_revised_page(body="Good text.")
    client.force_login(vandal)

    response = edit(client, page, body="My careful paragraph.")

    assert response.status_code == 403
    assert "My careful paragraph." in response.text
    assert "blocked" in response.text
    assert latest(page).data["body"] == "Good text."


@pytest.mark.parametrize(
    ("blocked", "ip"),
    [
        (V4, V4),
        ("203.0.113.0/24", V4),
        (V6, V6),
        ("2001:db8:1::/48", V6),
        ("203.0.113.0/24", f"::ffff:{V4}"),
    ],
)
def test_address_and_range_blocks_hold_every_account_there(client, editor, blocked, ip):
    _block(client, editor, blocked)
    page = make_revised_page(body="Good text.")
    client.force_login(make_user(username="roamer"))
    _at(client, ip)

    edited = edit(client, page, body="Changed.")
    created = client.post("/create/", {"title": "New page", "body": "Text."})

    assert edited.status_code == created.status_code == 403
    assert "Your IP address" in edited.text
    assert latest(page).data["body"] == "Good text."
    assert not Article.objects.filter(title="New page").exists()


@pytest.mark.parametrize("ip", ["203.0.114.1", "2001:db8:2::1", "127.0.0.1"])
def test_addresses_outside_the_range_are_free(client, editor, ip):
    _block(client, editor, "203.0.113.0/24")
    _block(client, editor, "2001:db8:1::/48")
    page = make_revised_page()
    client.force_login(make_user(username="neighbour"))
    _at(client, ip)

    assert edit(client, page, body="Changed.").status_code == 302


def test_an_expired_block_ends_by_itself(client, editor):
    vandal = make_user(username="vandal")
    _block(client, editor, "vandal", expiry="2h")
    Block.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    client.force_login(vandal)

    response = edit(client, make_revised_page(), body="Changed.")

    assert response.status_code == 302
    client.force_login(editor)
    assert "vandal" not in client.get("/blocks/").text


def test_a_blocked_account_may_not_restore_roll_back_protect_or_upload(client, editor):
    rogue = make_user(username="rogue", role="Editors")
    page = make_revised_page(body="Good text.")
    services.revise_page(
        page=page,
        author=make_user(username="someone"),
        changes=services.snapshot(page) | {"body": "Spam"},
        base_revision=page.current_revision,
    )
    _block(client, editor, "rogue")
    client.force_login(rogue)

    restored = client.post(f"/wiki/{page.slug}/history/1/restore/")
    rolled = client.post(f"/wiki/{page.slug}/rollback/", {"revision": latest(page).pk})
    protected = client.post(
        f"/wiki/{page.slug}/protect/", {"level": "editors", "expiry": "1d"}
    )
    uploaded = client.post(
        "/upload/",
        {"file": _png(), "title": "Still", "alt_text": "A still"},
    )

    assert [restored.status_code, rolled.status_code] == [403, 403]
    assert protected.status_code == uploaded.status_code == 403
    assert "A still" in uploaded.text  # what was typed is kept
    assert latest(page).data["body"] == "Spam"
    page.refresh_from_db()
    assert not page.is_protected


def test_a_blocked_editor_may_not_patrol_or_block(client, editor):
    rogue = make_user(username="rogue", role="Editors")
    _block(client, editor, "rogue")
    client.force_login(rogue)

    response = client.post(
        "/blocks/new/", {"target": "eddie", "expiry": "1d", "reason": "Revenge"}
    )

    assert response.status_code == 403
    assert "Revenge" in response.text
    assert Block.objects.count() == 1


def test_the_upload_page_tells_a_blocked_account_before_choosing_a_file(client, editor):
    vandal = make_user(username="vandal")
    _block(client, editor, "vandal")
    client.force_login(vandal)

    response = client.get("/upload/")

    assert "Your account is blocked" in response.text


def test_a_blocked_account_may_still_read_and_answer_on_its_own_talk(client, editor):
    vandal = make_user(username="vandal")
    _block(client, editor, "vandal")
    page = make_revised_page()
    client.force_login(vandal)

    assert client.get(page.get_absolute_url()).status_code == 200
    assert talk_refusal(vandal, own_talk=True, ip=V4) is None
    assert "blocked" in talk_refusal(vandal, own_talk=False, ip=V4)


def test_talk_refusal_takes_the_address_into_account(client, editor):
    _block(client, editor, V4)
    someone = make_user(username="someone")

    assert talk_refusal(someone) is None
    assert "203.0.113.7" in talk_refusal(someone, ip=V4)
    assert talk_refusal(someone, own_talk=True, ip=V4) is None


def test_the_profile_says_a_block_to_its_holder_and_editors_only(client, editor):
    vandal = make_user(username="vandal")
    _block(client, editor, "vandal")

    public = client.get("/users/vandal/").text
    client.force_login(vandal)
    own = client.get("/users/vandal/").text

    assert "blocked" not in public
    assert "Your account is blocked" in own


# Sign-ups ---------------------------------------------------------------


def _signup(client, username="newcomer"):
    return client.post(
        "/accounts/signup/",
        {
            "username": username,
            "email": f"{username}@example.com",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
        },
    )


@pytest.mark.parametrize(("blocked", "ip"), [(V4, V4), ("2001:db8:1::/48", V6)])
def test_sign_ups_from_a_blocked_address_are_refused_when_the_block_says(
    client, editor, blocked, ip
):
    _block(client, editor, blocked, prevents_account_creation="on")
    _at(client, ip)

    notice = client.get("/accounts/signup/")
    response = _signup(client)

    assert "Accounts cannot be created from your address" in notice.text
    assert response.status_code == 403
    assert 'value="newcomer"' in response.text
    assert not get_user_model().objects.filter(username="newcomer").exists()


def test_a_blocked_account_may_not_sign_up_for_another(client, editor):
    vandal = make_user(username="vandal")
    _block(client, editor, "vandal", prevents_account_creation="on")
    client.force_login(vandal)

    response = _signup(client, "vandal2")

    assert response.status_code == 403
    assert not get_user_model().objects.filter(username="vandal2").exists()


def test_sign_ups_are_allowed_when_the_block_does_not_prevent_them(client, editor):
    _block(client, editor, V4)  # the box left unticked
    _at(client, V4)

    response = _signup(client)

    assert response.status_code == 302
    assert get_user_model().objects.filter(username="newcomer").exists()


# Budget ---------------------------------------------------------------------


def test_the_block_list_has_a_query_budget_that_does_not_grow(
    client, editor, django_assert_max_num_queries
):
    def fill(count):
        start = Block.objects.count()
        for number in range(start, start + count):
            blocks.block(
                actor=editor,
                address=f"198.51.{number // 250}.{number % 250}",
                duration=timedelta(days=1 + number),
                reason="Spam",
            )

    fill(2)
    client.force_login(editor)
    with django_assert_max_num_queries(6):
        small = client.get("/blocks/")
    fill(80)
    with django_assert_max_num_queries(6):
        large = client.get("/blocks/")

    assert small.status_code == large.status_code == 200
    assert large.text.count("Unblock…") == 50


def _png():
    data = io.BytesIO()
    PILImage.new("RGB", (8, 8), "purple").save(data, "PNG")
    data.seek(0)
    data.name = "still.png"
    return data


def test_a_blocked_staff_account_may_look_but_not_change_in_the_admin(client, editor):
    from django.contrib.auth.models import Permission

    staff = make_user(username="curator", role="Editors")
    staff.is_staff = True
    staff.save()
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_article", "change_article"])
    )
    page = make_revised_page(body="Good text.")
    client.force_login(staff)
    url = f"/admin/wiki/article/{page.pk}/change/"
    data = {"title": page.title, "slug": page.slug, "body": "Admin spam.",
            "sources": "", "article_type": "", "published_on": ""}  # fmt: skip
    assert 'name="body"' in client.get(url).text  # may change, before the block

    _block(client, editor, "curator")
    client.force_login(staff)
    shown = client.get(url)
    client.post(url, data)

    assert shown.status_code == 200
    assert 'name="body"' not in shown.text  # read-only
    page.refresh_from_db()
    assert page.body == "Good text."


def test_moderation_is_rate_limited(client, editor, settings, frozen_clock):
    settings.WIKI_RATE_LIMITS = settings.WIKI_RATE_LIMITS | {
        "moderate": {"user": (2, 60)}
    }
    for name in ("one", "two", "three"):
        make_user(username=name)
    client.force_login(editor)
    data = {"expiry": "1d", "reason": "Spam"}

    statuses = [
        client.post("/blocks/new/", data | {"target": name}).status_code
        for name in ("one", "two", "three")
    ]

    assert statuses == [302, 302, 429]
    assert Block.objects.count() == 2


@pytest.mark.parametrize(
    "url", ["/blocks/new/?target=vandal", "/blocks/{block}/unblock/", "/blocks/links/"]
)
def test_the_moderation_forms_have_a_query_budget(
    client, editor, django_assert_max_num_queries, url
):
    from wiki.models import LinkRule

    make_user(username="vandal")
    _block(client, editor, "vandal")
    for number in range(40):
        LinkRule.objects.create(pattern=f"spam{number}.example", reason="Spam")
    client.force_login(editor)

    with django_assert_max_num_queries(7):
        response = client.get(url.format(block=Block.objects.get().pk))

    assert response.status_code == 200


# Nobody locks themselves out -----------------------------------------------


def test_an_editor_may_not_block_their_own_account(client, editor):
    client.force_login(editor)

    response = client.post(
        "/blocks/new/", {"target": "eddie", "expiry": "1d", "reason": "Oops"}
    )

    assert response.status_code == 400
    assert "You cannot block your own account." in response.text
    assert 'value="Oops"' in response.text  # the form is kept
    assert not Block.objects.exists()


def test_the_service_refuses_blocking_ones_own_account_too(editor):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="your own account"):
        blocks.block(actor=editor, user=editor, duration=None, reason="Oops")
    assert not Block.objects.exists()


@pytest.mark.parametrize(
    ("target", "ip"),
    [("127.0.0.0/16", "127.0.0.1"), (V4, V4), ("2001:db8::/32", V6)],
)
def test_blocking_ones_own_address_asks_to_confirm_first(client, editor, target, ip):
    client.force_login(editor)
    _at(client, ip)
    data = {"target": target, "expiry": "1d", "reason": "Vandalism"}
    asked = client.get("/blocks/new/")

    refused = client.post("/blocks/new/", data)
    confirmed = client.post("/blocks/new/", data | {"block_own_address": "on"})

    assert "block_own_address" not in asked.text  # asked only when it applies
    assert refused.status_code == 400
    assert f"your own address ({ip})" in refused.text
    assert 'name="block_own_address"' in refused.text
    assert f'value="{target}"' in refused.text  # what was typed is kept
    assert confirmed.status_code == 302
    assert Block.objects.active().get().address == target


def test_blocking_another_address_asks_nothing(client, editor):
    client.force_login(editor)
    _at(client, "198.51.100.1")

    response = client.post(
        "/blocks/new/", {"target": "203.0.113.0/24", "expiry": "1d", "reason": "Spam"}
    )

    assert response.status_code == 302
    assert Block.objects.active().count() == 1


def test_editors_held_by_a_mistaken_range_block_may_lift_it(client, editor):
    """The review's case: a range holding every editor's address; any editor
    there may lift it, and then works again."""
    colleague = make_user(username="colleague", role="Editors")
    client.force_login(editor)
    client.post(
        "/blocks/new/",
        {
            "target": "127.0.0.0/16",
            "expiry": "1d",
            "reason": "Proxy",
            "block_own_address": "on",
        },  # fmt: skip
    )
    block = Block.objects.active().get()
    client.force_login(colleague)

    held = edit(client, make_revised_page(), body="Changed.")
    shown = client.get(f"/blocks/{block.pk}/unblock/")
    lifted = client.post(f"/blocks/{block.pk}/unblock/", {"reason": "Mistake"})

    assert held.status_code == 403
    assert shown.status_code == 200 and 'name="reason"' in shown.text
    assert lifted.status_code == 302
    assert not Block.objects.active().exists()
    assert LogEntry.objects.get(action=LogEntry.Action.UNBLOCK).actor == colleague
    again = edit(client, make_revised_page(title="Other"), body="Back.")
    assert again.status_code == 302


def test_a_blocked_editor_may_lift_their_own_accounts_block(client, editor):
    make_user(username="rogue", role="Editors")
    client.force_login(make_user(username="rogue2", role="Editors"))
    client.post("/blocks/new/", {"target": "eddie", "expiry": "1d", "reason": "Oops"})
    block = Block.objects.active().get()
    client.force_login(editor)

    response = client.post(f"/blocks/{block.pk}/unblock/", {"reason": "Mistake"})

    assert response.status_code == 302
    assert not Block.objects.active().exists()


def test_a_blocked_editor_may_not_lift_other_blocks(client, editor):
    make_user(username="vandal")
    _block(client, editor, "vandal")
    rogue = make_user(username="rogue", role="Editors")
    _block(client, editor, "rogue")
    vandals = Block.objects.get(user__username="vandal")
    client.force_login(rogue)

    response = client.post(f"/blocks/{vandals.pk}/unblock/", {"reason": "Friend"})

    assert response.status_code == 403
    assert "Your account is blocked" in response.text
    assert 'value="Friend"' in response.text  # the form is kept
    assert Block.objects.active().count() == 2
