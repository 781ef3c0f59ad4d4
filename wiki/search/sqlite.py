import difflib
from contextlib import nullcontext

from django.db import connection

from wiki.models import Redirect, SearchEntry
from wiki.search import COUNTED, START, STOP, WORD, Hit, highlight

# Every SQL string here is a constant; user input only ever travels as a parameter.


# Without prepared plans or parallel scans, nothing to set.
planned_afresh = nullcontext


def unindex(entry_ids) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(
            "DELETE FROM wiki_search_fts WHERE rowid = %s", [(pk,) for pk in entry_ids]
        )


def _visible_sql(visible):
    """The ids of the entries a reader sees, as SQL to nest in a query."""
    ids = SearchEntry.objects.filter(visible).values("id").query
    return ids.get_compiler(connection=connection).as_sql()


def index_many(entries) -> None:
    unindex([entry.pk for entry in entries])
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO wiki_search_fts (rowid, title, aliases, text) "
            "VALUES (%s, %s, %s, %s)",
            [(e.pk, e.title, e.aliases, e.text) for e in entries],
        )


def _match(query):
    """An FTS5 query of every word, quoted, the last one as a prefix."""
    words = WORD.findall(query.lower())
    quoted = [f'"{word}"' for word in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def search(query, *, kind, offset, limit, visible):
    # Title and alias matches are at the start of a word (aliases are lines).
    starts = [f"{query}%", f"% {query}%", f"%\n{query}%"]
    in_title = "(e.title LIKE %s OR e.title LIKE %s)"
    in_aliases = "(e.aliases LIKE %s OR e.aliases LIKE %s OR e.aliases LIKE %s)"
    # FTS5 cannot OR its MATCH with other conditions, so match first, then join.
    # Snippets are made afterwards, for the page of results only.
    matches = (
        "WITH m AS (SELECT rowid AS id, "
        "bm25(wiki_search_fts, 10.0, 5.0, 1.0) AS rank "
        "FROM wiki_search_fts WHERE wiki_search_fts MATCH %s) "
    )
    match_params = [_match(query)]
    where = f"(m.id IS NOT NULL OR {in_title} OR {in_aliases})"
    params = [*starts[:2], *starts]
    visible_sql, visible_params = _visible_sql(visible)
    where += f" AND e.id IN ({visible_sql})"
    params.extend(visible_params)
    if kind:
        where += " AND p.kind = %s"
        params.append(kind)
    base = (
        "FROM wiki_searchentry e JOIN wiki_page p ON p.id = e.page_id "
        f"LEFT JOIN m ON m.id = e.id WHERE {where}"
    )
    title_match = (
        "CASE WHEN lower(e.title) = lower(%s) THEN 3 "
        f"WHEN {in_aliases} THEN 2 WHEN {in_title} THEN 1 ELSE 0 END"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"{matches} SELECT COUNT(*) FROM (SELECT 1 {base} LIMIT %s)",  # noqa: S608
            [*match_params, *params, COUNTED + 1],
        )
        total = cursor.fetchone()[0]
        more = total > COUNTED
        limit = max(min(limit, COUNTED - offset), 0)
        cursor.execute(
            f"{matches} SELECT e.id, e.page_id, e.title, p.slug, p.kind, "
            f"substr(e.text, 1, 200), {title_match} AS title_match "
            f"{base} ORDER BY title_match DESC, COALESCE(m.rank, 0), e.title "
            "LIMIT %s OFFSET %s",
            [*match_params, query, *starts, *starts[:2], *params, limit, offset],
        )
        rows = cursor.fetchall()
        snippets = _snippets(cursor, query, [row[0] for row in rows])
    hits = [
        Hit(pk, title, slug, kind, highlight(snippets.get(entry, start)))
        for entry, pk, title, slug, kind, start, _ in rows
    ]
    return hits, min(total, COUNTED), more


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
        Redirect.objects.filter(title__istartswith=prefix).values_list(
            "title", "target__title"
        )[:5000]
    )
    names = {t.lower(): t for t in titles} | {
        a.lower(): target for a, target in aliases.items()
    }
    close = difflib.get_close_matches(needle, list(names), n=1, cutoff=0.75)
    return names[close[0]] if close else None
