"""
A new reader who has watched up to S1E3 says so through the first-visit
prompt, then follows every link the wiki offers them, in Chromium, without
ever choosing to see more ("Show one more passage", "Show the whole page",
"Show it anyway", the editing tools' "anyway"): no page they reach holds
anything the story reveals after S1E3, in its words or its attributes
(the spoiler audit's ledger says what that is).
"""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from tests.browser.chromium import chromium
from wiki import storytime
from wiki.audit import ledger, surfaces
from wiki.audit.matching import Secrets

AT = storytime.position(1, 3)
# Where a reader stops: choosing to see more, leaving the wiki's pages for
# its machinery, or an address that only repeats another's words.
CHOICES = ("progress=", "more=", "show=")
MACHINERY = ("/admin/", "/accounts/", "/static/", "/media/", "/api/", "/progress/")
# The editing tools answer a reader short of everything with a warning alone
# (tests/spoilers/test_editing_tools.py): going on is choosing to see more.
TOOLS = re.compile(r"^/wiki/[^/]+/(edit|history|diff|rollback|protect|delete)/")
# Every page's "what links here" and discussion are asked by the spoiler
# audit at every position; the walk keeps to the pages themselves.
AUDITED = re.compile(r"^/wiki/[^/]+/(links|talk)/")
LIMIT = 600  # more addresses than the seed offers a reader at S1E3

pytestmark = pytest.mark.browser


def _followable(site, href):
    parts = urlsplit(href)
    if (
        parts.scheme not in ("http", "https")
        or f"{parts.scheme}://{parts.netloc}" != site
    ):
        return None
    if any(choice in parts.query for choice in CHOICES):
        return None
    if parts.path.startswith(MACHINERY) or TOOLS.match(parts.path):
        return None
    if AUDITED.match(parts.path):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # A page's permanent link only leads back to it.
        if (
            tag == "a"
            and attrs.get("href")
            and "bookmark" not in (attrs.get("rel") or "")
        ):
            self.found.append(attrs["href"])


def _links(html):
    parser = _Links()
    parser.feed(html)
    return parser.found


def test_a_reader_at_s1e3_can_follow_every_link_and_meet_nothing_later(site):
    secrets = Secrets(ledger.build().entries)
    leaks, seen = [], set()
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(site + "/")
        # The site's own control: the first-visit prompt.
        prompt = page.get_by_role("region", name="How far have you watched?")
        prompt.get_by_role("textbox").fill("S1E3")
        prompt.get_by_role("button").first.click()
        page.wait_for_load_state()
        assert "S1E3" in page.get_by_role("banner").inner_text()

        queue = ["/"]
        while queue and len(seen) < LIMIT:
            path = queue.pop(0)
            if path in seen:
                continue
            seen.add(path)
            # Through the browser's own network and cookies; what it would
            # draw is the HTML (the pages need no script for their links).
            response = page.request.get(site + path)
            landed = urlsplit(response.url)  # where a redirect led
            seen.add(landed.path + (f"?{landed.query}" if landed.query else ""))
            if "html" not in response.headers.get("content-type", ""):
                continue
            html = response.text()
            text, _ = surfaces.html_words(html)
            leaks += [
                (path, leak.text, leak.entry.where)
                for leak in secrets.leaks(text.replace(path, " "), AT, path)
            ]
            queue += [
                p
                for p in (
                    _followable(site, urljoin(response.url, h)) for h in _links(html)
                )
                if p
            ]

    assert leaks == []
    # The walk reached the wiki, not one page: indexes, characters, episodes.
    assert len(seen) > 40
    assert {"/characters/", "/characters/jessica-jones/"} <= seen
    assert len(seen) < LIMIT
