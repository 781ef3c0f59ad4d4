"""How pages lead to each other: redirects, links, categories."""

from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from wiki.fields import RevealField
from wiki.models.pages import Page


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
    # Where the story puts the page in the category: never before the page.
    revealed_in = RevealField()

    class Meta:
        ordering = ["category__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "category"], name="wiki_pagecategory_unique"
            )
        ]

    def __str__(self):
        return f"{self.page} in {self.category}"
