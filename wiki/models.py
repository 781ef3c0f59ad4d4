from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.functional import cached_property

from wiki import kinds, storytime
from wiki.storytime import NOTHING


class PageQuerySet(models.QuerySet):
    def of_kind(self, kind):
        return self.filter(kind=kind)

    def articles(self):
        return self.filter(kind=kinds.ARTICLE)

    def news(self):
        """News articles, newest first."""
        return self.filter(
            kind=kinds.ARTICLE, article_type=Page.ArticleType.NEWS
        ).order_by("-published_on", "-created_at")


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

    KIND = kinds.ARTICLE

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
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
        help_text="Where the facts on this page come from: one source (a URL or a "
        "description) a line.",
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
    is_protected = models.BooleanField(
        default=False, help_text="Protected pages can be edited by editors only."
    )
    current_revision = models.OneToOneField(
        "Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = [Lower("title"), "pk"]
        permissions = [
            ("edit_pages", "Can edit unprotected pages on the site"),
            ("create_articles", "Can create articles on the site"),
            ("edit_protected_pages", "Can edit protected pages"),
            ("protect_pages", "Can protect and unprotect pages"),
            ("rollback_edits", "Can roll back a user's edits"),
        ]
        constraints = [
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
        super().save(**kwargs)

    def get_absolute_url(self):
        return kinds.get(self.kind).url_for(self.slug)

    @cached_property
    def kind_label(self):
        return kinds.get(self.kind).label

    # Story time. The series whose episodes a page's reveal tags count in
    # (typed pages say; free articles belong to none), and the position before
    # which none of its text is shown (an episode reveals its own plot).
    reveals_at = NOTHING

    @property
    def story_series_id(self):
        return None

    def automatic_categories(self):
        """Categories a page is in by what it is; typed pages add their own."""
        plural = {"place": "Places", "organisation": "Organisations", "news": "News"}
        return [plural[self.article_type]] if self.article_type in plural else []

    def source_lines(self):
        return [text for text, _ in self.source_list()]

    def source_list(self):
        """Sources as (text, url) pairs; a line that is not a web address has no url."""
        lines = (line.strip() for line in self.sources.splitlines())
        return [
            (line, line if line.startswith(("https://", "http://")) else None)
            for line in lines
            if line
        ]


class Revision(models.Model):
    """
    One saved state of a page: append-only, never changed once written.

    `data` snapshots everything an edit may change (title, body, sources and
    the kind's structured fields), so a revision can be shown, compared and
    restored whole. `parent` is the revision the edit started from; being
    one-to-one, no two revisions can share a base, which is what makes
    concurrent saves of one page safe.
    """

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        EDIT = "edit", "Edited"
        RESTORE = "restore", "Restored"
        ROLLBACK = "rollback", "Rolled back"
        RENAME = "rename", "Renamed"
        PROTECT = "protect", "Protected"
        UNPROTECT = "unprotect", "Unprotected"

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    parent = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="child",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="revisions",
    )
    action = models.CharField(max_length=20, choices=Action, default=Action.EDIT)
    summary = models.CharField(max_length=500, blank=True)
    is_minor = models.BooleanField("minor edit", default=False)
    data = models.JSONField(encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "number"], name="wiki_revision_number_unique"
            ),
            models.UniqueConstraint(
                fields=["page"],
                condition=models.Q(parent__isnull=True),
                name="wiki_revision_one_first_per_page",
            ),
        ]
        indexes = [models.Index(fields=["author", "-created_at"])]

    def __str__(self):
        return f"{self.data.get('title', self.page_id)} #{self.number}"

    def save(self, **kwargs):
        if not self._state.adding:
            raise ValueError("Revisions are append-only.")
        super().save(**kwargs)

    def get_absolute_url(self):
        return reverse(
            "wiki:revision", kwargs={"slug": self.page.slug, "number": self.number}
        )


class Redirect(models.Model):
    """Another title that leads to a page: an alias, a misspelling, an old name."""

    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=200)
    target = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = [Lower("title")]

    def __str__(self):
        return f"{self.title} → {self.target}"

    def get_absolute_url(self):
        return reverse("wiki:page", kwargs={"slug": self.slug})


class PageLink(models.Model):
    """A [[link]] in a page's body, by the slug it points at (which may not exist)."""

    source = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="outgoing_links"
    )
    target_slug = models.SlugField(max_length=200, db_index=True)

    class Meta:
        ordering = ["target_slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target_slug"], name="wiki_pagelink_unique"
            )
        ]

    def __str__(self):
        return f"{self.source} → {self.target_slug}"


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


class Category(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)

    class Meta:
        ordering = [Lower("name")]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("wiki:category", kwargs={"slug": self.slug})


class PageCategory(models.Model):
    """A page's place in a category, from its text or given by its kind."""

    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="category_links"
    )
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="memberships"
    )
    is_automatic = models.BooleanField(default=False)

    class Meta:
        ordering = ["category__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "category"], name="wiki_pagecategory_unique"
            )
        ]

    def __str__(self):
        return f"{self.page} in {self.category}"


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


class ArticleManager(models.Manager.from_queryset(PageQuerySet)):
    def get_queryset(self):
        return super().get_queryset().articles()


class Article(Page):
    """A free article: a page with no typed record (places, news, groups…)."""

    objects = ArticleManager()

    class Meta:
        proxy = True

    def get_absolute_url(self):
        return kinds.get(kinds.ARTICLE).url_for(self.slug)


class Profile(models.Model):
    """What the wiki keeps about a contributor beyond their account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wiki_profile"
    )
    progress = models.CharField(
        max_length=500,
        blank=True,
        help_text="How far they have watched, as the progress cookie says it.",
    )

    def __str__(self):
        return f"Profile of {self.user}"
