"""
A new reader who has watched up to S1E3 says so through the first-visit
prompt, then follows the links the wiki offers them, in Chromium, without
ever choosing to see more ("Show one more passage", "Show the whole page",
"Show it anyway", the editing tools' "anyway"): no page they reach holds
anything the story reveals after S1E3, in its words or its attributes
(the spoiler audit's ledger says what that is).

The walk reads a few addresses of each kind (each URL pattern and set of
query parameters), not every person of the cast: a page of a kind is made
by the same view and template as the others of its kind, and the spoiler
audit (`manage.py audit_spoilers`, run in CI) reads every page at every
position.
"""

import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve

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
SAMPLE = 4  # addresses read of each kind

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


def _kind(path):
    """What makes the addresses of one kind: their URL pattern and the names
    of their query parameters."""
    address, _, query = path.partition("?")
    try:
        route = resolve(address).route
    except Resolver404:
        route = address
    return route, tuple(sorted({pair.split("=")[0] for pair in query.split("&")}))


def test_a_reader_at_s1e3_can_follow_every_link_and_meet_nothing_later(site):
    secrets = Secrets(ledger.build().entries)
    leaks, seen, kinds = [], set(), Counter()
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
            if path in seen or kinds[_kind(path)] >= SAMPLE:
                continue
            seen.add(path)
            kinds[_kind(path)] += 1
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
    assert len(kinds) > 20
    assert len(seen) < LIMIT
