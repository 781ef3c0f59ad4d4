"""
What a change makes stale, told to the caches of rendered pages.

Rendered pages and fragments are kept with the tags they depend on
(wiki/dependencies.py): `page:<id>` for the page they show, `face:<id>` for
each other page they read (its title, address, numbers, picture), `any`
for whatever is not narrowed down (lists, recent changes, search, feeds).
The services that write call `page_changed()` (or `anything_changed()`)
inside their transaction; once it commits, every tag it touched is stamped
with a new tick of a clock the cache keeps, and an entry is fresh only while
none of its tags is newer than the tick it was rendered at. So an edit
invalidates the page, the pages showing it (when more than its texts
changed: those reading it and those linking to it; those an app says show
its rows: a credit's character and person, an episode's season…) and `any`;
nothing else.

Model signals are not used: `update()`, `bulk_create` and raw SQL never send
them. The test suite fails any request or command that writes content
without asking for an invalidation after it (tests/invalidation_guard.py).
A change too wide to name (an import, a restore) moves the content
generation instead (`everything_changed`), which makes every entry stale.
"""

import logging
import time

from django.db import models, transaction
from django.db.models import Q

from wiki import generations, kinds, safecache
from wiki.dependencies import ANY, CLOCK_KEY, face_tag, page_tag, tag_key
from wiki.models import ContentGeneration, PageLink, Redirect

logger = logging.getLogger(__name__)

# The latest tick that stamped an edit (a replica is behind until it has it).
STAMPED_KEY = "wiki:stamped"

# How many invalidations were asked for (the test suite's guard reads it).
requested = 0


def face_changed(kind, old: dict | None, new: dict | None) -> bool:
    """Whether what other pages show of a page changed: anything but its
    texts (title, address, numbers, dates, picture, reveal point…), or the
    page itself, made, deleted or undeleted (`old` or `new` None). Its parts
    (credits…) tell the pages they concern through `shown_on`."""
    if old is None or new is None:
        return True
    texts = {field.name for field in kind.model._meta.get_fields()
             if isinstance(field, models.TextField)}  # fmt: skip
    skipped = texts | {part.name for part in kind.parts}
    names = (old.keys() | new.keys()) - skipped
    return any(old.get(name) != new.get(name) for name in names)


def page_changed(page, *, old: dict | None = None, new: dict | None = None) -> None:
    """`page` changed in the current transaction: `old` and `new` are its
    revisions' snapshots before and after (None: it was made, deleted or
    undeleted)."""
    if not generations.aliases():  # nothing rendered is kept: nothing to look for
        _ask(set())
        return
    kind = kinds.get(page.kind)
    face = face_changed(kind, old, new)
    shown_on = _linkers(page, old, new) if face else set()
    for others in kind.shown_on_hooks():
        shown_on |= set(others(page, old=old, new=new, face=face))
    tags = {page_tag(page.pk)}
    tags |= {page_tag(pk) for pk in shown_on}
    if face:
        tags.add(face_tag(page.pk))
    _ask(tags)


def pages_touched(pks) -> None:
    """Something the pages show of their own changed (a category, how many
    comments their discussion has), nothing other pages show of them."""
    _ask({page_tag(pk) for pk in pks if pk is not None})


def addresses_changed(slugs) -> None:
    """Addresses now lead elsewhere, or nowhere (a redirect made, changed or
    removed): the pages linking to them change."""
    if not generations.aliases():
        _ask(set())
        return
    linking = PageLink.objects.filter(target_slug__in=slugs)
    _ask({page_tag(pk) for pk in linking.values_list("source_id", flat=True)})


def anything_changed() -> None:
    """A change only the unnarrowed pages show (patrols, logs, blocks)."""
    _ask(set())


def everything_changed() -> None:
    """A change too wide to follow: every rendered page is stale once it
    commits (the content generation moves on)."""
    global requested
    requested += 1
    generations.content_changed()


def changed_rows(old: dict | None, new: dict | None, part: str) -> list[dict]:
    """The rows of a part that one snapshot has and the other lacks (all of
    them when either is missing)."""
    before, after = (old or {}).get(part) or [], (new or {}).get(part) or []
    if old is None or new is None:
        return [*before, *after]
    key = lambda row: repr(sorted(row.items()))  # noqa: E731
    kept = {key(row) for row in before} & {key(row) for row in after}
    return [row for row in (*before, *after) if key(row) not in kept]


def _linkers(page, old, new) -> set[int]:
    slugs = {page.slug} | {d["slug"] for d in (old, new) if d and "slug" in d}
    redirects = Redirect.objects.filter(target_id=page.pk).values("slug")
    linking = PageLink.objects.filter(
        Q(target_slug__in=slugs) | Q(target_slug__in=redirects)
    )
    return set(linking.values_list("source_id", flat=True))


class _Pending:
    """Tags touched in a transaction, stamped once it commits."""

    def __init__(self, tags: set[str]):
        self.tags = tags | {ANY}

    def __call__(self):
        publish(self.tags)


def _ask(tags: set[str]) -> None:
    global requested
    requested += 1
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        publish(tags | {ANY})
        return
    # Changes asked one after the other in the same block share one stamp.
    savepoints = set(connection.savepoint_ids)
    if connection.run_on_commit:
        last_savepoints, last, _ = connection.run_on_commit[-1]
        if isinstance(last, _Pending) and last_savepoints == savepoints:
            last.tags |= tags
            return
    transaction.on_commit(_Pending(tags))


def tick(alias: str) -> int | None:
    """The cache's clock moved on by one; None while the cache is down. It
    starts from the time in milliseconds, so that a clock the cache lost
    starts again past every tick it gave."""
    try:
        return safecache.call(alias, "incr", CLOCK_KEY, passes=(ValueError,))
    except ValueError:
        safecache.call(alias, "add", CLOCK_KEY, int(time.time() * 1000), None)
        return safecache.call(alias, "incr", CLOCK_KEY, default=None)


def last_stamped() -> int | None:
    """The latest tick that stamped an edit, as the caches know it: a
    replica of the database that has not noted it lacks that edit."""
    stamped = [
        safecache.call(alias, "get", STAMPED_KEY) for alias in generations.aliases()
    ]
    return max((tick for tick in stamped if tick is not None), default=None)


def publish(tags: set[str]) -> None:
    """Stamp the tags with a new tick in every cache of rendered pages. A
    cache that cannot be told may go on holding what is now stale: the
    content generation then moves on, so that nothing it held is served once
    it answers again."""
    for alias in generations.aliases():
        now = tick(alias)
        stamps = {tag_key(tag): now for tag in tags} | {STAMPED_KEY: now}
        # Backends answer set_many with None or a list: `failed` tells apart
        # safecache's answer for a cache that failed.
        failed = object()
        stamped = now is not None and (
            safecache.call(alias, "set_many", stamps, None, default=failed)
            is not failed
        )
        if not stamped:
            logger.warning("The cache '%s' missed an edit: all pages go stale.", alias)
            with transaction.atomic():
                generations.content_changed()
        else:
            ContentGeneration.objects.stamped(now)
