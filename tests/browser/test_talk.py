"""
A discussion in the browser: readable at a phone's and a desktop's width, and
"Reply" opening its form under the comment answered, posted and shown.
"""

import pytest
from django.contrib.auth.models import Group, Permission

from talk import services
from tests.browser.chromium import SCREENSHOTS, chromium
from tests.factories import make_user
from wiki.models import Page

pytestmark = pytest.mark.browser
PASSWORD = "a-long-passphrase"


def _roles():
    """The roles the data migrations make, which the flush of an earlier
    browser test (transactional) has removed."""
    rights = {
        "Contributors": ["edit_pages"],
        "Editors": ["edit_pages", "hide_comments"],
    }
    for name, codenames in rights.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(codename__in=codenames))


@pytest.fixture
def discussion(site):
    _roles()
    jess = make_user(username="jess")
    trish = make_user(username="trish", role="Editors")
    comment = services.start_thread(
        author=jess,
        title="Is the purple suit canon?",
        body="The comics say so; see [[Jessica Jones]]. @trish?",
        page=Page.objects.get(slug="kilgrave"),
    )
    for number in range(6):
        comment = services.reply(
            reply_to=comment,
            author=trish if number % 2 == 0 else jess,
            body=f"Reply {number}: a longer sentence to wrap on a narrow screen.",
        )
    return comment


def _log_in(page, site, username):
    page.goto(site + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.account-form button[type=submit]")


def test_a_reply_opens_under_the_comment_and_is_posted(site, discussion):
    from playwright.sync_api import expect

    problems = []
    with chromium() as browser:
        for width in (360, 1280):
            page = browser.new_page(viewport={"width": width, "height": 800})
            page.on(
                "console",
                lambda m: m.type == "error" and problems.append(f"console: {m.text}"),
            )
            page.goto(site + "/wiki/kilgrave/talk/")
            page.screenshot(
                path=SCREENSHOTS / f"talk-visitor-{width}.png", full_page=True
            )
            _log_in(page, site, "jess")
            page.goto(site + "/wiki/kilgrave/talk/")
            answered = page.locator(f"#c-{discussion.reply_to_id}")
            answered.get_by_role("link", name="Reply").click()
            box = page.get_by_label("Your reply")
            expect(box).to_be_focused()
            # The form sits right under the comment it answers.
            form = page.locator(f"#c-{discussion.reply_to_id} + li.comment-reply")
            expect(form).to_have_count(1)
            box.fill(f"Posted at {width} px.")
            page.screenshot(
                path=SCREENSHOTS / f"talk-reply-{width}.png", full_page=True
            )
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0, f"scrolls sideways by {overflow}px at {width}px"
            form.get_by_role("button", name="Reply").click()
            expect(page.get_by_text(f"Posted at {width} px.")).to_be_visible()
            page.close()
    assert problems == []
    replies = discussion.thread.comments.filter(body__startswith="Posted at")
    assert {c.reply_to_id for c in replies} == {discussion.reply_to_id}
    assert replies.count() == 2
