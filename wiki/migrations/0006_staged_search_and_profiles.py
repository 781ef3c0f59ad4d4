import django.contrib.postgres.search
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The full-text indexes of 0005 belong to the old table; they are dropped with
# it and made again for the new one.
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS wiki_searchentry_title_trgm",
    "DROP INDEX IF EXISTS wiki_searchentry_vector_gin",
]
POSTGRES_CREATE = [
    "CREATE INDEX wiki_searchentry_vector_gin ON wiki_searchentry USING gin (vector)",
    "CREATE INDEX wiki_searchentry_title_trgm ON wiki_searchentry "
    "USING gin (lower(title) gin_trgm_ops)",
]
SQLITE_DROP = ["DELETE FROM wiki_search_fts"]


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    """Search entries by stage of the story, so that search never shows a
    reader what they have not reached; and contributors' profiles, which keep
    how far they have watched. Run `manage.py rebuild_search` afterwards."""

    dependencies = [
        ("wiki", "0005_search_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_DROP, "sqlite": SQLITE_DROP}),
            _run({"postgresql": POSTGRES_DROP, "sqlite": SQLITE_DROP}),
        ),
        migrations.DeleteModel(name="SearchEntry"),
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("story_series_id", models.IntegerField(blank=True, null=True)),
                ("visible_from", models.PositiveIntegerField(default=0)),
                ("visible_until", models.PositiveIntegerField(default=1000000)),
                ("title", models.CharField(max_length=200)),
                ("aliases", models.TextField(blank=True)),
                ("text", models.TextField(blank=True)),
                (
                    "vector",
                    django.contrib.postgres.search.SearchVectorField(
                        editable=False, null=True
                    ),
                ),
                (
                    "page",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="search_entries",
                        to="wiki.page",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "search entries",
                "ordering": ["title"],
                "indexes": [
                    models.Index(
                        fields=["visible_until", "visible_from"],
                        name="wiki_search_visible_idx",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("page", "visible_from"),
                        name="wiki_searchentry_one_per_stage",
                    )
                ],
            },
        ),
        migrations.RunPython(
            _run({"postgresql": POSTGRES_CREATE}), _run({"postgresql": POSTGRES_DROP})
        ),
        migrations.CreateModel(
            name="Profile",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "progress",
                    models.CharField(
                        blank=True,
                        help_text="How far they have watched, as the progress "
                        "cookie says it.",
                        max_length=500,
                    ),
                ),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="wiki_profile",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
    ]
