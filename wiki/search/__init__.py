"""
Search over every kind of page, with one result contract on every database:
results ranked with title and alias matches first, each with a snippet whose
matches are wrapped in <mark>, a total for paging, and a "did you mean" title
for near misses. PostgreSQL uses its full-text search and trigrams; SQLite uses
FTS5 and difflib.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q
from django.db.models.functions import Length
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wiki.storytime import EVERYONE, Progress

START, STOP = "\x02", "\x03"
MAX_QUERY = 200
# Matches are counted, and ranked in full, up to this many; past it a search
# says "more than" and ranks a sample (as search engines cap their counts).
COUNTED = 1000
WORD = re.compile(r"\w+")


@dataclass
class Hit:
    page_id: int
    title: str
    slug: str
    kind: str
    snippet: SafeString

    @property
    def url(self):
        from wiki import kinds

        return kinds.get(self.kind).url_for(self.slug)


@dataclass
class Results:
    hits: list[Hit]
    total: int
    suggestion: str | None
    more: bool = False  # more pages match than `total` counts


def highlight(text: str) -> SafeString:
    """Escape a database snippet, then turn its markers into <mark> tags."""
    marked = escape(text or "").replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(marked)  # noqa: S308 (escaped above)


def normalise(query: str) -> str:
    return " ".join((query or "").split())[:MAX_QUERY]


def _backend():
    if connection.vendor == "postgresql":
        from wiki.search import postgres

        return postgres
    from wiki.search import sqlite

    return sqlite


def search(
    query: str,
    *,
    kind: str = "",
    offset: int = 0,
    limit: int = 20,
    progress: Progress = EVERYONE,
) -> Results:
    """Search as a reader at `progress` would: nothing they have not reached
    matches, shows in a snippet or is suggested."""
    from wiki.search.documents import visible_to

    query = normalise(query)
    if not WORD.search(query):
        return Results([], 0, None)
    backend = _backend()
    visible = visible_to(progress)
    with backend.planned_afresh():
        hits, total, more = backend.search(
            query, kind=kind, offset=offset, limit=limit, visible=visible
        )
        suggestion = None
        titles = {h.title.lower() for h in hits}
        # A near miss finds little: a query with a page of results needs no help.
        if offset == 0 and total < limit and query.lower() not in titles:
            suggestion = backend.suggest(query, visible=visible)
            if suggestion and suggestion.lower() in titles | {query.lower()}:
                suggestion = None
    return Results(hits, total, suggestion, more)


def titles_starting(query: str, *, progress: Progress, limit: int):
    """(title, aliases, slug, kind) of the pages whose title, or an alias the
    reader has reached, has a word starting with `query`; shortest first."""
    from wiki.models import SearchEntry
    from wiki.search.documents import visible_to

    in_title = Q(title__istartswith=query) | Q(title__icontains=f" {query}")
    in_aliases = Q(aliases__istartswith=query) | Q(aliases__icontains=f"\n{query}")
    return list(
        SearchEntry.objects.filter(visible_to(progress))
        .filter(in_title | in_aliases)
        .order_by(Length("title"), "title")
        .values_list("title", "aliases", "page__slug", "page__kind")[:limit]
    )


def index_many(entries) -> None:
    """Bring the database's full-text index up to date with saved entries."""
    _backend().index_many(entries)


def unindex(entry_ids) -> None:
    """Take entries about to be deleted out of the full-text index."""
    _backend().unindex(entry_ids)
