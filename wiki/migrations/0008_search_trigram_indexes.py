from django.db import migrations

# Title and alias matches are found with `UPPER(...) LIKE`, which these answer;
# the trigram "did you mean" uses the title's one too.
FORWARD = [
    "CREATE INDEX wiki_searchentry_title_upper_trgm ON wiki_searchentry "
    "USING gin (upper(title) gin_trgm_ops)",
    "CREATE INDEX wiki_searchentry_aliases_trgm ON wiki_searchentry "
    "USING gin (upper(aliases) gin_trgm_ops)",
    "DROP INDEX IF EXISTS wiki_searchentry_title_trgm",
]
BACKWARD = [
    "CREATE INDEX wiki_searchentry_title_trgm ON wiki_searchentry "
    "USING gin (lower(title) gin_trgm_ops)",
    "DROP INDEX IF EXISTS wiki_searchentry_aliases_trgm",
    "DROP INDEX IF EXISTS wiki_searchentry_title_upper_trgm",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("wiki", "0007_page_indexes")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
