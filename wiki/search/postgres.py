from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
)
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Lower

from wiki.models import Redirect, SearchEntry
from wiki.search import START, STOP, Hit, highlight

CONFIG = "english"
VECTOR = (
    SearchVector("title", weight="A", config=CONFIG)
    + SearchVector("aliases", weight="B", config=CONFIG)
    + SearchVector("text", weight="C", config=CONFIG)
)


def index_many(entries) -> None:
    ids = [entry.pk for entry in entries]
    for start in range(0, len(ids), 5000):
        SearchEntry.objects.filter(pk__in=ids[start : start + 5000]).update(
            vector=VECTOR
        )


def unindex(entry_ids) -> None:
    """The vector lives in the entry's own row, which goes with it."""


def search(query, *, kind, offset, limit, visible):
    ts_query = SearchQuery(query, search_type="websearch", config=CONFIG)
    # Title and alias matches are at the start of a word.
    in_title = Q(title__istartswith=query) | Q(title__icontains=f" {query}")
    in_aliases = Q(aliases__istartswith=query) | Q(aliases__icontains=f" {query}")
    in_aliases |= Q(aliases__icontains=f"\n{query}")
    entries = SearchEntry.objects.filter(visible).filter(
        Q(vector=ts_query) | in_title | in_aliases
    )
    if kind:
        entries = entries.filter(page__kind=kind)
    total = entries.count()
    rows = (
        entries.annotate(
            title_match=Case(
                When(title__iexact=query, then=Value(3)),
                When(in_aliases, then=Value(2)),
                When(in_title, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            rank=SearchRank(F("vector"), ts_query),
            snippet=SearchHeadline(
                "text",
                ts_query,
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=35,
                min_words=15,
                highlight_all=False,
            ),
        )
        .order_by("-title_match", "-rank", "title")
        .values_list("page_id", "title", "page__slug", "page__kind", "snippet")
    )[offset : offset + limit]
    hits = [
        Hit(pk, title, slug, kind, highlight(snip))
        for pk, title, slug, kind, snip in rows
    ]
    return hits, total


def suggest(query, *, visible):
    """The title most like the query, by trigram similarity."""
    needle = query.lower()
    best = (
        SearchEntry.objects.filter(visible)
        .annotate(similarity=TrigramSimilarity(Lower("title"), needle))
        .filter(similarity__gt=0.3)
        .order_by("-similarity")
        .values_list("title", "similarity")
        .first()
    )
    alias = (
        Redirect.objects.annotate(similarity=TrigramSimilarity(Lower("title"), needle))
        .filter(similarity__gt=0.3)
        .order_by("-similarity")
        .values_list("target__title", "similarity")
        .first()
    )
    candidates = [c for c in (best, alias) if c]
    if not candidates:
        return None
    return max(candidates, key=lambda c: c[1])[0]
