import difflib
from contextlib import nullcontext

from django.db import connection

from wiki.models import Redirect, SearchEntry
from wiki.search.results import COUNTED, START, STOP, WORD, Hit, highlight

# Every SQL string here is a constant; user input only ever travels as a parameter.
# The visibility condition the ORM writes names the table, so queries do too.
ENTRY = '"wiki_searchentry"'


# Without prepared plans or parallel scans, nothing to set.
planned_afresh = nullcontext


def unindex(entry_ids) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(
            "DELETE FROM wiki_search_fts WHERE rowid = %s", [(pk,) for pk in entry_ids]
        )


def _visible_where(visible):
    """The condition on `wiki_searchentry` of the entries a reader sees."""
    query = SearchEntry.objects.filter(visible).query
    compiler = query.get_compiler(connection=connection)
    return query.where.as_sql(compiler, connection)


def index_many(entries) -> None:
    unindex([entry.pk for entry in entries])
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO wiki_search_fts (rowid, title, aliases, text) "
            "VALUES (%s, %s, %s, %s)",
            [(e.pk, e.title, e.aliases, e.text) for e in entries],
        )


def _match(query, *, named=False):
    """An FTS5 query of every word, quoted, the last one as a prefix; `named`
    looks in titles and aliases only."""
    words = WORD.findall(query.lower())
    quoted = [f'"{word}"' for word in words]
    quoted[-1] += "*"
    match = " ".join(quoted)
    return f"{{title aliases}} : ({match})" if named else match


def search(query, *, kind, offset, limit, visible):
    # Title and alias matches are at the start of a word (aliases are lines).
    # FTS5 indexes titles and aliases too, so every such match is a match of
    # the full-text query; the LIKEs only rank the rows it finds.
    starts = [f"{query}%", f"% {query}%", f"%\n{query}%"]
    title, aliases = f"{ENTRY}.title", f"{ENTRY}.aliases"
    in_title = f"({title} LIKE %s OR {title} LIKE %s)"
    in_aliases = f"({aliases} LIKE %s OR {aliases} LIKE %s OR {aliases} LIKE %s)"
    title_match = (
        f"CASE WHEN lower({title}) = lower(%s) THEN 3 "
        f"WHEN {in_aliases} THEN 2 WHEN {in_title} THEN 1 ELSE 0 END"
    )
    visible_sql, visible_params = _visible_where(visible)
    where = f"wiki_search_fts MATCH %s AND {visible_sql}"
    where_params = [*visible_params]
    if kind:
        where += " AND p.kind = %s"
        where_params.append(kind)
    # Driven by the full-text index and stopped at the cap, so a word on
    # every page costs no more than one on a thousand.
    matches = (
        f"SELECT {ENTRY}.id, {title_match} AS title_match, "  # noqa: S608
        f"bm25(wiki_search_fts, 10.0, 5.0, 1.0) AS rank, {title}, {ENTRY}.page_id, "
        f"p.slug, p.kind, substr({ENTRY}.text, 1, 200) "
        f"FROM wiki_search_fts JOIN {ENTRY} ON {ENTRY}.id = wiki_search_fts.rowid "
        f"JOIN wiki_page p ON p.id = {ENTRY}.page_id WHERE {where} LIMIT %s"
    )
    match_params = [query, *starts, *starts[:2]]
    with connection.cursor() as cursor:
        # The first matches and, only when they are too many, the named ones.
        cursor.execute(
            f"WITH first AS ({matches}) SELECT *, 0 FROM first UNION ALL "  # noqa: S608
            f"SELECT *, 1 FROM ({matches}) WHERE (SELECT COUNT(*) FROM first) > %s",
            [
                *match_params, _match(query), *where_params, COUNTED + 1,
                *match_params, _match(query, named=True), *where_params, COUNTED,
                COUNTED,
            ],
        )  # fmt: skip
        found = cursor.fetchall()
        sample = [row[:-1] for row in found if row[-1] == 0]
        more = len(sample) > COUNTED
        by_id = {row[0]: row for row in sample[:COUNTED]}
        if more:
            by_id |= {row[0]: row[:-1] for row in found if row[-1] == 1}
        # bm25 is lower for better matches.
        order = sorted(by_id.values(), key=lambda m: (-m[1], m[2], m[3], m[0]))
        order = order[:COUNTED]
        rows = order[offset : offset + limit]
        snippets = _snippets(cursor, query, [row[0] for row in rows])
    hits = [
        Hit(page_id, title, slug, kind, highlight(snippets.get(entry, start)))
        for entry, _, _, title, page_id, slug, kind, start in rows
    ]
    return hits, len(order), more


def _snippets(cursor, query, entry_ids):
    if not entry_ids:
        return {}
    marks = ", ".join(["%s"] * len(entry_ids))  # placeholders only
    sql = (
        "SELECT rowid, snippet(wiki_search_fts, 2, %s, %s, '…', 30) "
        "FROM wiki_search_fts WHERE wiki_search_fts MATCH %s AND rowid IN "
    )
    cursor.execute(
        f"{sql}({marks})",
        [START, STOP, _match(query), *entry_ids],
    )
    return dict(cursor.fetchall())


def _reached(visible):
    """Pages the reader has reached: only they have a search entry for them
    (an alias must not suggest a page past their episode)."""
    return SearchEntry.objects.filter(visible).values("page_id")


def suggest(query, *, visible):
    """The closest title among those sharing the query's first letters."""
    needle = query.lower()
    prefix = needle[:2]
    titles = list(
        SearchEntry.objects.filter(visible, title__istartswith=prefix).values_list(
            "title", flat=True
        )[:5000]
    )
    aliases = dict(
        Redirect.objects.filter(title__istartswith=prefix)
        .filter(target_id__in=_reached(visible))
        .values_list("title", "target__title")[:5000]
    )
    names = {t.lower(): t for t in titles} | {
        a.lower(): target for a, target in aliases.items()
    }
    close = difflib.get_close_matches(needle, list(names), n=1, cutoff=0.75)
    return names[close[0]] if close else None
