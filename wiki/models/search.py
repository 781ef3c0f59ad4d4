"""What search reads, one entry per page and stage of its story."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from wiki import storytime
from wiki.models.pages import Page


class SearchEntry(models.Model):
    """
    What search reads for one page as readers between two positions see it,
    rebuilt whenever the page is saved.

    A page with nothing revealed later has one entry, for every reader; each
    position at which something is revealed starts a new one, so search never
    matches, shows or suggests what a reader has not reached. On PostgreSQL
    `vector` holds the weighted tsvector (GIN-indexed); on SQLite the text
    columns are mirrored into the FTS5 table `wiki_search_fts`.
    """

    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="search_entries"
    )
    story_series_id = models.IntegerField(null=True, blank=True)
    visible_from = models.PositiveIntegerField(default=0)
    visible_until = models.PositiveIntegerField(default=storytime.EVERYTHING + 1)
    title = models.CharField(max_length=200)
    aliases = models.TextField(blank=True)
    text = models.TextField(blank=True)
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(
                fields=["page", "visible_from"], name="wiki_searchentry_one_per_stage"
            )
        ]
        indexes = [
            models.Index(
                fields=["visible_until", "visible_from"], name="wiki_search_visible_idx"
            )
        ]

    def __str__(self):
        return self.title
