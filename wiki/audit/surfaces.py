"""
Every surface a reader at a position can request, and the words each answer
holds.

The answers come from the site itself through Django's test client, in
process: every live page at its address (those the reader has not reached
too, which must answer without naming anything), the indexes and every
category, search results and suggestions for what is still to come, the
feeds, the API and the sitemap. A reader's position goes in `?progress=`;
the indexes and a page of each kind are asked again with the progress cookie
instead, to be sure both paths agree. Apps add index pages of their own with
`contribute()` (a series' episode guide).

An answer's words are those a reader or a program could read: the text of
the HTML with its attribute values (links, titles, OpenGraph and JSON-LD
included), the text inside a feed's escaped HTML, every string of a JSON
answer; addresses are read unquoted. The address asked for is no news to
whoever asked, so it is left out.
"""

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qsl, unquote, unquote_plus, urlencode, urlsplit

from django.test import Client
from django.urls import NoReverseMatch, reverse

from wiki import kinds, storytime
from wiki.audit.matching import words
from wiki.models import Category, Page

COOKIE = "progress"  # wiki.reading.COOKIE
# The API's answer about one page, by kind; its lists, followed page by page.
API_DETAILS = {
    "series": "api:series_detail",
    "season": "api:season_detail",
    "episode": "api:episode_detail",
    "character": "api:character_detail",
    "person": "api:person_detail",
}
API_LISTS = (
    "api:series_list",
    "api:season_list",
    "api:episode_list",
    "api:character_list",
    "api:person_list",
    "api:crew_credits",
    "api:cast_credits",
)
SITEMAP_SECTIONS = "/sitemap-"
_LOC = re.compile(r"<loc>([^<]*)</loc>")
FEEDS = ("wiki:recent_changes_feed", "wiki:new_pages_feed", "wiki:log_feed")
MORE_PAGES = 50  # of one paginated index, at most
_INLINE = {
    "a", "abbr", "b", "cite", "code", "del", "em", "i", "kbd", "mark", "q",
    "s", "small", "span", "strong", "sub", "sup", "time", "u",
}  # fmt: skip

_contributors: list[Callable[[], Iterable[str]]] = []


def contribute(function: Callable[[], Iterable[str]]) -> None:
    """Add the paths `function()` yields to the indexes every position asks for."""
    if function not in _contributors:
        _contributors.append(function)


@dataclass(frozen=True)
class Answer:
    url: str  # as asked, the position included
    status: int
    text: str
    links: list[str]
    cookie: bool = False  # asked with the position in the cookie

    @property
    def shown_url(self) -> str:
        return f"{self.url} (progress cookie)" if self.cookie else self.url


class _Words(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.attributes: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in _INLINE:
            self.text.append(" ")
        for name, value in attrs:
            if value:
                self.attributes.append(unquote_plus(value))
                if name == "href":
                    self.links.append(value)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag not in _INLINE:
            self.text.append(" ")

    def handle_data(self, data):
        self.text.append(data)


def html_words(html: str) -> tuple[str, list[str]]:
    """(the text and attribute values of HTML, its links)."""
    parser = _Words()
    parser.feed(html)
    parser.close()
    text = "".join(parser.text)
    if "<" in text:  # a feed's HTML, escaped inside its XML
        inner, links = html_words(text)
        return "\n".join([inner, *parser.attributes]), parser.links + links
    return "\n".join([text, *parser.attributes]), parser.links


def _json_strings(value) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def answer_words(response, path: str) -> tuple[str, list[str]]:
    """(what an answer says, the links it gives), without its own address."""
    body = response.content.decode(errors="replace")
    if "json" in response.get("Content-Type", ""):
        try:
            strings = list(_json_strings(json.loads(body)))
        except ValueError:
            strings = [body]
        parts = [html_words(s)[0] if "<" in s else unquote(s) for s in strings]
        text, links = "\n".join(parts), [s for s in strings if s.startswith("http")]
    else:
        text, links = html_words(body)
        links += [loc for loc in _LOC.findall(body) if SITEMAP_SECTIONS in loc]
    return text.replace(path, " "), links


def with_position(path: str, position: int, **params) -> str:
    query = urlencode({**params, "progress": storytime.code(position)})
    return f"{path}?{query}"


def page_paths() -> list[tuple[str, str, str]]:
    """(kind, slug, address) of every live page."""
    rows = Page.objects.order_by("kind", "slug").values_list("kind", "slug")
    return [(kind, slug, kinds.get(kind).url_for(slug)) for kind, slug in rows]


def around_pages(pages) -> list[str]:
    """Every page's "what links here" and discussion: lists of other pages."""
    names = ("wiki:links", "talk:page")
    return [path for _, slug, _ in pages for path in _reversed(names, slug=slug)]


def index_paths() -> list[str]:
    paths = [reverse("home"), reverse("wiki:all_pages"), reverse("wiki:categories")]
    paths += [reverse(index.url_name) for index in kinds.indexes()]
    paths += [category.get_absolute_url() for category in Category.objects.all()]
    for function in _contributors:
        paths.extend(function())
    return list(dict.fromkeys(paths))


def _reversed(names, **kwargs) -> list[str]:
    found = []
    for name in names:
        try:
            found.append(reverse(name, kwargs=kwargs or None))
        except NoReverseMatch:  # a site without that part (the tests' own URLs)
            pass
    return found


def api_lists() -> list[str]:
    return _reversed(API_LISTS)


def api_detail(kind: str, slug: str) -> str | None:
    """The API's answer about one page, if the API has pages of its kind."""
    found = _reversed([API_DETAILS[kind]], slug=slug) if kind in API_DETAILS else []
    return found[0] if found else None


def other_paths() -> list[str]:
    return _reversed(FEEDS) + _reversed(["sitemap"])


class Asker:
    """Asks the site as a visitor would, counting the requests."""

    def __init__(self):
        self.client = Client(raise_request_exception=False)
        self.asked = 0

    def get(self, path, position, *, cookie=False, **params) -> tuple[Answer, list]:
        self.client.cookies.clear()
        if cookie:
            self.client.cookies[COOKIE] = storytime.code(position)
            url = f"{path}?{urlencode(params)}" if params else path
        else:
            url = with_position(path, position, **params)
        response = self.client.get(url)
        self.asked += 1
        text, links = answer_words(response, path)
        if typed := " ".join(words(params.get("q", ""))):
            # What the reader searched for is no news to them.
            text = f" {' '.join(words(text))} ".replace(f" {typed} ", "  ")
        if location := response.get("Location"):  # a redirect names where to
            text = f"{text}\n{unquote(location)}"
        return Answer(url, response.status_code, text, links, cookie), links

    def following(self, path, position, *, cookie=False) -> Iterable[Answer]:
        """An index and its other pages (`?page=2`…), a sitemap and its
        sections, an API list and its `next` pages."""
        queue, seen = [(path, {})], set()
        while queue and len(seen) < MORE_PAGES:
            at, params = queue.pop(0)
            key = (at, tuple(sorted(params.items())))
            if key in seen:
                continue
            seen.add(key)
            answer, links = self.get(at, position, cookie=cookie, **params)
            yield answer
            for link in links:
                parts = urlsplit(unquote(link))
                query = dict(parse_qsl(parts.query))
                query.pop("progress", None)
                next_page = "page" in query and parts.path in (at, "")
                if next_page or parts.path.startswith(SITEMAP_SECTIONS):
                    queue.append((parts.path or at, query))
