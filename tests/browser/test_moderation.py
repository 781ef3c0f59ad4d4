"""The moderators' pages in the browser: they fit a phone, load cleanly, and
"Mark patrolled" works without a reload."""

from datetime import timedelta

import pytest

from tests.browser.chromium import SCREENSHOTS, chromium
from tests.factories import make_user
from wiki import services
from wiki.models import Page, Patrol
from wiki.moderation import blocks, linkspam

pytestmark = pytest.mark.browser
PASSWORD = "a-long-passphrase"
PAGES = {
    "patrol": "/patrol/",
    "blocks": "/blocks/",
    "block-form": "/blocks/new/?target=newbie",
    "link-blocklist": "/blocks/links/",
    "protect": "/wiki/kilgrave/protect/",
    "changes-marked": "/changes/?unpatrolled=1",
}


ROLES = {
    "Contributors": ["edit_pages", "create_articles"],
    "Editors": [
        "edit_pages", "create_articles", "edit_protected_pages", "protect_pages",
        "rollback_edits", "patrol_edits", "block_users", "manage_link_blocklist",
    ],
}  # fmt: skip


def _roles():
    """The roles of the data migrations, which a flush between live-server
    tests empties (permissions come back with post_migrate, groups do not)."""
    from django.contrib.auth.models import Group, Permission

    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label="wiki", codename__in=codenames
            )
        )


@pytest.fixture
def moderated(site):
    _roles()
    editor = make_user(username="eddie", role="Editors", password=PASSWORD)
    newbie = make_user(username="newbie", password=PASSWORD)
    for slug in ("kilgrave", "trish-walker"):
        page = services.typed(Page.objects.get(slug=slug))
        services.revise_page(
            page=page,
            author=newbie,
            changes=services.snapshot(page) | {"body": page.body + "\n\nA new line."},
            base_revision=page.current_revision,
            summary="a new line",
        )
    blocks.block(
        actor=editor, address="2001:db8:1::/48", duration=None, reason="Spam bot"
    )
    blocks.block(
        actor=editor, user=make_user(username="vandal"),
        duration=timedelta(days=7), reason="Vandalism",
    )  # fmt: skip
    linkspam.add_rule(
        actor=editor, pattern="casino.example", is_regex=False, reason="Gambling"
    )
    return site


def _log_in(page, site, username):
    page.goto(site + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.account-form button[type=submit]")


def _watch(page, problems):
    page.on(
        "console",
        lambda message: (
            message.type == "error" and problems.append(f"console: {message.text}")
        ),
    )
    # A request the next navigation cancels (ERR_ABORTED) did not fail.
    page.on(
        "requestfailed",
        lambda r: (
            "ERR_ABORTED" not in (r.failure or "")
            and problems.append(f"failed: {r.url} {r.failure}")
        ),
    )


def test_moderation_pages_fit_phones_and_desktops(moderated):
    problems = []
    with chromium() as browser:
        for width in (360, 1280):
            page = browser.new_page(viewport={"width": width, "height": 800})
            _watch(page, problems)
            _log_in(page, moderated, "eddie")
            for name, path in PAGES.items():
                response = page.goto(moderated + path)
                assert response.status == 200, path
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - window.innerWidth"
                )
                if overflow > 0:
                    problems.append(f"{path} at {width}px scrolls by {overflow}px")
                page.screenshot(
                    path=SCREENSHOTS / f"moderation-{name}-{width}.png", full_page=True
                )
            page.close()

    assert problems == []


def test_marking_patrolled_needs_no_reload(moderated):
    problems = []
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        _watch(page, problems)
        _log_in(page, moderated, "eddie")
        page.goto(moderated + "/patrol/")
        page.evaluate("window.notReloaded = true")

        page.locator(".patrol-item button", has_text="Mark patrolled").first.click()
        page.wait_for_selector(".patrol-item--done [role=status]")

        assert page.evaluate("window.notReloaded") is True
        assert "marked patrolled" in page.inner_text(".patrol-item--done")
        assert page.locator(".patrol-item button").count() >= 1  # the other edit
    assert Patrol.objects.unpatrolled().count() == 1
    assert problems == []


def test_a_blocked_contributor_sees_why_on_the_edit_page(moderated):
    blocked = make_user(username="blocked", password=PASSWORD)
    blocks.block(
        actor=None, user=blocked, duration=timedelta(days=1), reason="Cooling off"
    )
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 360, "height": 800})
        _log_in(page, moderated, "blocked")
        page.goto(moderated + "/wiki/kilgrave/edit/")

        notice = page.inner_text("[role=alert]")
        page.screenshot(path=SCREENSHOTS / "moderation-blocked-edit-360.png")

    assert "Your account is blocked from editing until" in notice
    assert "Cooling off" in notice
