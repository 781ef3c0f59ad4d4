"""The hub record every page has, the typed pages' link to it, articles."""

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property

from wiki import dependencies, kinds, storytime, text
from wiki.fields import RevealField


def revealed_q(
    progress, reveal="revealed_in", series="as_character__series"
) -> models.Q:
    """What a reader has reached, as a condition on a reveal position and the
    series it counts in (a page of a series, a character, counts there; any
    other at the earliest position the reader has set)."""
    if progress.is_everything:
        return models.Q()
    seen = models.Q(**{f"{reveal}__lte": progress.earliest})
    chosen = [series_id for series_id, _ in progress.series]
    for series_id, pos in progress.series:
        seen |= models.Q(**{series: series_id, f"{reveal}__lte": pos})
    return seen | (
        models.Q(**{f"{series}__isnull": False})
        & ~models.Q(**{f"{series}__in": chosen})
        & models.Q(**{f"{reveal}__lte": progress.default})
    )


class PageQuerySet(models.QuerySet):
    """Pages of every kind. `Page.objects` and every typed model's manager
    made with `as_manager()` leave deleted pages out, so that no list,
    index, link, feed or API answer shows one; `Page.including_deleted`
    reads them too (deletion, undeletion, the 410 page)."""

    @classmethod
    def as_manager(cls):
        manager = LivePageManager.from_queryset(cls)()
        manager._built_with_as_manager = True
        return manager

    as_manager.queryset_only = True

    def deleted(self):
        return self.filter(deleted_at__isnull=False)

    def of_kind(self, kind):
        return self.filter(kind=kind)

    def articles(self):
        return self.filter(kind=kinds.ARTICLE)

    def revealed_to(self, progress):
        """Pages whose existence a reader has reached."""
        return self.filter(revealed_q(progress, series=self.model.STORY_SERIES))

    def news(self):
        """News articles, newest first."""
        return self.filter(
            kind=kinds.ARTICLE, article_type=Page.ArticleType.NEWS
        ).order_by("-published_on", "-created_at")


class LivePageManager(models.Manager):
    """Pages that are not deleted."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class Page(models.Model):
    """
    The hub record that every wiki page has, whatever its kind.

    Typed pages (episodes, characters, people…) extend it through multi-table
    inheritance, so titles, slugs and bodies (and everything built on them:
    links, history, search) live in one table.
    """

    class ArticleType(models.TextChoices):
        GENERAL = "general", "General"
        PLACE = "place", "Place"
        ORGANISATION = "organisation", "Organisation"
        NEWS = "news", "News"

    class Protection(models.TextChoices):
        NONE = "", "Anyone who may edit"
        ESTABLISHED = "established", "Established contributors only"
        EDITORS = "editors", "Editors only"

    KIND = kinds.ARTICLE
    # The path from a page's row to the series its story counts in.
    STORY_SERIES = "as_character__series"

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        help_text="The page's address; [[links]] find a page by the slug of "
        "their text.",
    )
    kind = models.CharField(
        max_length=30, choices=kinds.choices, editable=False, db_index=True
    )
    body = models.TextField(
        blank=True,
        help_text="Markdown. Link to other pages with [[Page title]] or "
        "[[Page title|label]].",
    )
    categories = models.TextField(
        blank=True,
        help_text="Categories for this page, one a line (a body may also say "
        "[[Category:Name]]).",
    )
    sources = models.TextField(
        blank=True,
        validators=[storytime.validate_timeline],
        help_text="Where the facts on this page come from: one source (a URL or a "
        "description) a line. A source that gives away a later episode starts "
        "with it: “S1E13: https://…”.",
    )
    revealed_in = RevealField(
        "first revealed in",
        help_text="The episode in which readers first meet the page's subject "
        "(a character's first appearance). Before it the page is not listed, "
        "linked or found in search. Empty: known from the start.",
    )
    article_type = models.CharField(
        max_length=20,
        choices=ArticleType,
        blank=True,
        help_text="Free articles only: what the article is about.",
    )
    published_on = models.DateField(
        null=True, blank=True, help_text="News articles: the date of the news."
    )
    protection = models.CharField(
        max_length=20,
        choices=Protection,
        blank=True,
        default=Protection.NONE,
        help_text="Who may edit the page (editors always may).",
    )
    protected_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the protection ends by itself; empty: until lifted.",
    )
    current_revision = models.OneToOneField(
        "Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    deleted_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="Set while the page is deleted: hidden everywhere, its row "
        "and history kept for undeletion.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageQuerySet.as_manager()
    including_deleted = models.Manager.from_queryset(PageQuerySet)()

    class Meta:
        ordering = [Lower("title"), "pk"]
        permissions = [
            ("edit_pages", "Can edit unprotected pages on the site"),
            ("create_articles", "Can create articles on the site"),
            ("edit_protected_pages", "Can edit protected pages"),
            ("protect_pages", "Can protect and unprotect pages"),
            ("rollback_edits", "Can roll back a user's edits"),
            ("delete_pages", "Can delete and undelete pages and files"),
        ]
        constraints = [
            # A deleted page keeps its address, which a new page may take.
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(deleted_at__isnull=True),
                name="wiki_page_live_slug_unique",
            ),
            models.CheckConstraint(
                condition=~models.Q(slug=""), name="wiki_page_slug_not_empty"
            ),
            models.CheckConstraint(
                condition=models.Q(kind=kinds.ARTICLE) | models.Q(article_type=""),
                name="wiki_page_article_type_only_on_articles",
            ),
        ]
        indexes = [
            # The latest news, on the home page.
            models.Index(
                fields=["article_type", "-published_on", "-created_at"],
                name="wiki_page_news_idx",
            ),
            # Recent changes and the new pages feed.
            models.Index(fields=["-created_at", "-id"], name="wiki_page_created_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, **kwargs):
        if not self.kind:
            self.kind = self.KIND
        for field in self._meta.concrete_fields:
            value = getattr(self, field.attname)
            if isinstance(value, str) and isinstance(
                field, models.TextField | models.CharField
            ):
                setattr(self, field.attname, text.normalise(value))
        super().save(**kwargs)

    def get_absolute_url(self):
        return kinds.get(self.kind).url_for(self.slug)

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        # What renders while a page is kept in a cache depends on each page
        # it reads (wiki/dependencies.py).
        instance = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        dependencies.page_loaded(instance.pk)
        return instance

    @property
    def protection_level(self) -> str:
        """The protection in force: none once it has expired, with no job to
        lift it."""
        until = self.protected_until
        if self.protection and until is not None and until <= timezone.now():
            return self.Protection.NONE
        return self.protection

    @property
    def is_protected(self) -> bool:
        return bool(self.protection_level)

    @property
    def is_semi_protected(self) -> bool:
        return self.protection_level == self.Protection.ESTABLISHED

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    @cached_property
    def kind_label(self):
        return kinds.get(self.kind).label

    # Story time. The series whose episodes a page's reveal tags count in
    # (typed pages say; free articles belong to none), and the position before
    # which none of its text is shown (an episode reveals its own plot).
    @property
    def reveals_at(self):
        return self.revealed_in

    def is_revealed_to(self, progress) -> bool:
        """Whether a reader has reached the page's subject at all."""
        return progress.sees(self.revealed_in, self.story_series_id)

    @property
    def story_series_id(self):
        return None

    def automatic_categories(self):
        """Categories a page is in by what it is; typed pages add their own."""
        plural = {"place": "Places", "organisation": "Organisations", "news": "News"}
        return [plural[self.article_type]] if self.article_type in plural else []

    def source_lines(self):
        """The sources as written, tags included (for exports)."""
        return [line.strip() for line in self.sources.splitlines() if line.strip()]

    def source_list(self, pos=storytime.EVERYTHING):
        """Sources a reader at `pos` may see, as (text, url) pairs; a line that
        is not a web address has no url. An untagged source is revealed with
        the page's own text."""
        own = self.reveals_at
        return [
            (line, line if line.startswith(("https://", "http://")) else None)
            for reveal, line in storytime.timeline(self.sources)
            if max(reveal, own) <= pos
        ]


def page_link(kind):
    """The link from a typed page to its hub record.

    The reverse accessor is named `as_<kind>` so that it cannot clash with the
    typed models' own fields (a character's `series`, an episode's `season`).
    """
    return models.OneToOneField(
        Page,
        on_delete=models.CASCADE,
        parent_link=True,
        primary_key=True,
        related_name=f"as_{kind}",
    )


class ArticleManager(LivePageManager.from_queryset(PageQuerySet)):
    def get_queryset(self):
        return super().get_queryset().articles()


class Article(Page):
    """A free article: a page with no typed record (places, news, groups…)."""

    objects = ArticleManager()

    class Meta:
        proxy = True

    def get_absolute_url(self):
        return kinds.get(kinds.ARTICLE).url_for(self.slug)
