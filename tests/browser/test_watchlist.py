"""
A contributor watches a page, another edits it, and the first sees the
notification (they asked to hear of watched pages) and the change on their
watchlist: in Chromium, against a live server, with the page's script.
"""

import pytest

from community.models import Preferences
from tests.browser.chromium import SCREENSHOTS, chromium
from tests.factories import make_user

pytestmark = pytest.mark.browser
PAGE = "/characters/trish-walker/"


@pytest.fixture
def people(site):
    from django.contrib.auth.models import Group, Permission

    # The seed's transactional test flushed the roles' groups: make them again.
    group, _ = Group.objects.get_or_create(name="Contributors")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="wiki",
            codename__in=["edit_pages", "create_articles"],
        )
    )
    jess, luke = make_user(username="jess"), make_user(username="luke")
    Preferences.objects.create(user=jess, watched_web=True)
    return jess, luke


def _log_in(page, site, username):
    page.goto(f"{site}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "a-long-passphrase")
    page.click("form.account-form button[type=submit]")


def test_a_watched_page_edited_by_another_shows_on_the_watchlist(site, people):
    problems = []
    with chromium() as browser:
        jess_context = browser.new_context(viewport={"width": 360, "height": 800})
        luke_context = browser.new_context(viewport={"width": 1280, "height": 800})
        for context in (jess_context, luke_context):
            context.on(
                "console",
                lambda m: m.type == "error" and problems.append(m.text),
            )
        jess = jess_context.new_page()
        _log_in(jess, site, "jess")
        jess.goto(site + PAGE)
        star = jess.locator("form.watch-form button")
        assert " ".join(star.inner_text().split()) == "☆ Watch"
        star.click()
        # The script turns the star without reloading, and says so.
        # (A locator: the CSP refuses the eval a string predicate needs.)
        jess.locator("form.watch-form button", has_text="Unwatch").wait_for()
        status = jess.locator("form.watch-form [role=status]").inner_text()
        assert "is on your watchlist" in status
        assert jess.url == site + PAGE

        luke = luke_context.new_page()
        _log_in(luke, site, "luke")
        luke.goto(f"{site}/wiki/trish-walker/edit/")
        luke.fill("#id_summary", "Added her radio show's name")
        luke.fill(
            "#id_body", luke.input_value("#id_body") + "\n\nShe hosts *Trish Talk*."
        )
        luke.click("button[name=save]")
        luke.wait_for_url(site + PAGE)

        jess.goto(site + PAGE)
        count = jess.locator(".notifications-link .count").inner_text()
        assert count == "1"
        jess.click(".notifications-link")
        assert "luke changed Trish Walker" in jess.inner_text("ol.notifications")
        jess.goto(site + "/watchlist/")
        first = jess.locator("ol.watchlist > li").first
        assert "Added her radio show's name" in first.inner_text()
        assert "new" in first.locator(".badge--new").inner_text()
        jess.screenshot(path=SCREENSHOTS / "watchlist-360.png", full_page=True)
    assert problems == []
