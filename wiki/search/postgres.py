from contextlib import contextmanager

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
)
from django.db import connection, transaction
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Lower, Upper

from wiki.models import Redirect, SearchEntry
from wiki.search.results import COUNTED, START, STOP, Hit, highlight

CONFIG = "english"
VECTOR = (
    SearchVector("title", weight="A", config=CONFIG)
    + SearchVector("aliases", weight="B", config=CONFIG)
    + SearchVector("text", weight="C", config=CONFIG)
)


@contextmanager
def planned_afresh():
    """
    A transaction whose queries are planned for the words searched for each
    time: a prepared statement would settle on one generic plan, good for
    some words and poor for others. Scans of the whole table are a last
    resort: expecting title matches to be commoner than they are, the planner
    would rather read every row than use the trigram indexes (three times
    slower for a word in many titles). Scans run in one order, so every page
    of a capped search draws the same sample.
    """
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('plan_cache_mode', 'force_custom_plan', true), "
            "set_config('max_parallel_workers_per_gather', '0', true), "
            "set_config('synchronize_seqscans', 'off', true), "
            "set_config('enable_seqscan', 'off', true)"
        )
        yield


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
    named = in_title | in_aliases
    entries = SearchEntry.objects.filter(visible).filter(Q(vector=ts_query) | named)
    if kind:
        entries = entries.filter(page__kind=kind)
    ranked = entries.annotate(
        title_match=Case(
            When(title__iexact=query, then=Value(3)),
            When(in_aliases, then=Value(2)),
            When(in_title, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        rank=SearchRank(F("vector"), ts_query),
    ).order_by()
    columns = ("id", "title_match", "rank", "title", "part")
    # Ranking reads every match's vector: a query matching most of a large
    # wiki ranks its title and alias matches with the first of the rest.
    with connection.cursor() as cursor:
        # One query, however common the words: the first matches and, only
        # when they are too many, the named ones as well, ranked together in
        # the database, which hands back the count and the page shown alone.
        first = ranked.annotate(part=Value(0)).values_list(*columns)
        titled = ranked.filter(named).annotate(part=Value(1)).values_list(*columns)
        first_sql, first_params = first[: COUNTED + 1].query.sql_with_params()
        named_sql, named_params = titled[:COUNTED].query.sql_with_params()
        order = '"title_match" DESC, "rank" DESC, "title", "id"'
        cursor.execute(
            # The nested SQL is the ORM's; user input travels only in params.
            f"WITH first AS MATERIALIZED ({first_sql}), "  # noqa: S608
            f"named AS (SELECT * FROM ({named_sql}) AS named "
            "WHERE (SELECT COUNT(*) FROM first) > %s), "
            "matches AS (SELECT DISTINCT id, title_match, rank, title FROM ("
            "(SELECT * FROM first LIMIT %s) UNION ALL SELECT * FROM named) AS m), "
            f"ordered AS (SELECT * FROM matches ORDER BY {order} LIMIT %s) "
            "SELECT (SELECT COUNT(*) FROM ordered), (SELECT COUNT(*) FROM first), "
            f"ARRAY(SELECT id FROM ordered ORDER BY {order} OFFSET %s LIMIT %s)",
            [
                *first_params,
                *named_params,
                COUNTED,
                COUNTED,
                COUNTED,
                offset,
                limit,
            ],
        )
        total, sampled, shown = cursor.fetchone()
    return _hits(shown, ts_query), total, sampled > COUNTED


def _hits(entry_ids, ts_query) -> list[Hit]:
    """The entries shown, in order, with their snippets (`ts_headline` reads
    the whole text, so only these get one)."""
    if not entry_ids:
        return []
    rows = (
        SearchEntry.objects.filter(pk__in=entry_ids)
        .annotate(
            snippet=SearchHeadline(
                "text",
                ts_query,
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=35,
                min_words=15,
                highlight_all=False,
            )
        )
        .order_by()
        .values_list("pk", "page_id", "title", "page__slug", "page__kind", "snippet")
    )
    found = {row[0]: row[1:] for row in rows}
    return [
        Hit(page_id, title, slug, kind, highlight(snippet))
        for page_id, title, slug, kind, snippet in map(found.get, entry_ids)
    ]


def suggest(query, *, visible):
    """The title most like the query, by trigram similarity."""
    needle = query.lower()
    # `%` (trigram_similar) is what the title indexes answer; its threshold
    # is pg_trgm's, 0.3 unless the server says otherwise. Trigrams ignore case.
    best = (
        SearchEntry.objects.filter(visible)
        .alias(upper_title=Upper("title"))
        .filter(upper_title__trigram_similar=needle)
        .annotate(similarity=TrigramSimilarity(Upper("title"), needle))
        .order_by("-similarity")
        .values_list("title", "similarity")
        .first()
    )
    alias = (
        Redirect.objects.alias(lower_title=Lower("title"))
        .filter(lower_title__trigram_similar=needle)
        # An alias must not suggest a page past the reader's episode.
        .filter(target_id__in=SearchEntry.objects.filter(visible).values("page_id"))
        .annotate(similarity=TrigramSimilarity(Lower("title"), needle))
        .order_by("-similarity")
        .values_list("target__title", "similarity")
        .first()
    )
    candidates = [c for c in (best, alias) if c]
    if not candidates:
        return None
    return max(candidates, key=lambda c: c[1])[0]
