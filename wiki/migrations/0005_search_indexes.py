from django.db import migrations

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX wiki_searchentry_vector_gin ON wiki_searchentry USING gin (vector)",
    "CREATE INDEX wiki_searchentry_title_trgm ON wiki_searchentry "
    "USING gin (lower(title) gin_trgm_ops)",
    "CREATE INDEX wiki_redirect_title_trgm ON wiki_redirect "
    "USING gin (lower(title) gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS wiki_redirect_title_trgm",
    "DROP INDEX IF EXISTS wiki_searchentry_title_trgm",
    "DROP INDEX IF EXISTS wiki_searchentry_vector_gin",
]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE wiki_search_fts USING fts5("
    "title, aliases, text, tokenize='porter unicode61 remove_diacritics 2')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS wiki_search_fts"]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    """Full-text indexes differ by database: GIN and trigrams on PostgreSQL,
    an FTS5 table on SQLite."""

    dependencies = [("wiki", "0004_search_and_categories")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
