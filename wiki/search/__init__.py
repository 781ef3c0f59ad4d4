"""
Search over every kind of page, with one result contract on every database:
results ranked with title and alias matches first, each with a snippet whose
matches are wrapped in <mark>, a total for paging, and a "did you mean" title
for near misses. PostgreSQL uses its full-text search and trigrams; SQLite uses
FTS5 and difflib.
"""

from django.db.models import Q
from django.db.models.functions import Length

from wiki.models import SearchEntry
from wiki.search import backends
from wiki.search.documents import visible_to
from wiki.search.results import WORD, Results, normalise
from wiki.storytime import EVERYONE, Progress

__all__ = ["normalise", "search", "titles_starting"]


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
    query = normalise(query)
    if not WORD.search(query):
        return Results([], 0, None)
    backend = backends.current()
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
    in_title = Q(title__istartswith=query) | Q(title__icontains=f" {query}")
    in_aliases = Q(aliases__istartswith=query) | Q(aliases__icontains=f"\n{query}")
    return list(
        SearchEntry.objects.filter(visible_to(progress))
        .filter(in_title | in_aliases)
        .order_by(Length("title"), "title")
        .values_list("title", "aliases", "page__slug", "page__kind")[:limit]
    )
