from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.functional import cached_property

from wiki import kinds


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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = [Lower("title"), "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(slug=""), name="wiki_page_slug_not_empty"
            ),
            models.CheckConstraint(
                condition=models.Q(kind=kinds.ARTICLE) | models.Q(article_type=""),
                name="wiki_page_article_type_only_on_articles",
            ),
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

    def source_list(self):
        """Sources as (text, url) pairs; a line that is not a web address has no url."""
        lines = (line.strip() for line in self.sources.splitlines())
        return [
            (line, line if line.startswith(("https://", "http://")) else None)
            for line in lines
            if line
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


class ArticleManager(models.Manager.from_queryset(PageQuerySet)):
    def get_queryset(self):
        return super().get_queryset().articles()


class Article(Page):
    """A free article: a page with no typed record (places, news, groups…)."""

    objects = ArticleManager()

    class Meta:
        proxy = True

    def get_absolute_url(self):
        return reverse("wiki:page", kwargs={"slug": self.slug})
