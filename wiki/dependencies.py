"""
What a rendered page or fragment depends on, and whether one kept in a cache
is still fresh (the other half of wiki/invalidation.py).

While a page or fragment renders, every page row read (`Page.from_db`) adds
`face:<id>` to what is being collected (its title, address, numbers: what
other pages show of a page); the view showing a page adds `page:<id>`
(`lookup.kept_page`, `shows()`). Only views that call `narrow()` are kept
by their tags: any other depends on `any`, which every change touches, so a
view nobody narrowed is never served stale.

A kept entry holds the tick of the cache's clock read before it rendered: it
is fresh while none of its tags was stamped later, and while the content
generation (wiki/generations.py) is the one it was rendered at.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

from wiki import safecache

ANY = "any"
CLOCK_KEY = "wiki:clock"
TAG_PREFIX = "wiki:tag:"

_collecting: ContextVar[tuple[set, ...]] = ContextVar("wiki_collecting", default=())


def page_tag(pk) -> str:
    return f"page:{pk}"


def face_tag(pk) -> str:
    return f"face:{pk}"


def tag_key(tag: str) -> str:
    return TAG_PREFIX + tag


@contextmanager
def collecting():
    """Collect the tags of what is read inside (nested collections each get
    them)."""
    tags: set[str] = set()
    token = _collecting.set((*_collecting.get(), tags))
    try:
        yield tags
    finally:
        _collecting.reset(token)


def depend(*tags: str) -> None:
    for collected in _collecting.get():
        collected.update(tags)


def page_loaded(pk) -> None:
    """A page's row was read (called for every one: keep it cheap): what is
    rendered shows its face, unless the view says it shows more."""
    if collections := _collecting.get():
        tag = face_tag(pk)
        for collected in collections:
            collected.add(tag)


def narrow(request, *tags: str) -> None:
    """This view shows nothing but the pages it reads and what `tags` name."""
    request._wiki_narrow = True
    depend(*tags)


def shows(request, page) -> None:
    """The view shows `page`, and of other pages what it reads."""
    narrow(request, page_tag(page.pk))


def tags_of(request, collected: set[str]) -> list[str]:
    if settings.WIKI_NARROW_INVALIDATION and getattr(request, "_wiki_narrow", False):
        return sorted(collected)
    return [ANY]


def fresh(alias: str, entry: dict, generation, clock) -> bool:
    """Whether a kept entry is still what rendering now would give."""
    if entry.get("generation") != generation or "tick" not in entry:
        return False
    if clock is not None and entry["tick"] > clock:
        return False  # the cache lost its clock since: trust nothing older
    tags = entry["tags"]
    stamps = safecache.call(alias, "get_many", [tag_key(t) for t in tags])
    if stamps is None or len(stamps) != len(tags):
        return False  # a tag the cache lost may have been stamped since
    return max(stamps.values(), default=0) <= entry["tick"]


def keep_tags(alias: str, tags: list[str], tick: int) -> None:
    """Stamp the tags of an entry kept at `tick` that have no stamp yet (new,
    or lost by the cache): entries kept before it then count as stale."""
    stamps = safecache.call(alias, "get_many", [tag_key(t) for t in tags], default={})
    for tag in tags:
        if tag_key(tag) not in stamps:
            safecache.call(alias, "add", tag_key(tag), tick, None)
