from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from wiki.models import Page


class PageSitemap(Sitemap):
    """Every wiki page, whatever its kind, at its canonical address."""

    limit = 5000
    changefreq = "weekly"

    def items(self):
        return Page.objects.only("slug", "kind", "updated_at").order_by("pk")

    def lastmod(self, page):
        return page.updated_at


class IndexSitemap(Sitemap):
    """The browsing pages: home, guides and indexes, named by URL name."""

    changefreq = "daily"

    def __init__(self, names):
        self.names = names

    def items(self):
        return self.names

    def location(self, name):
        return reverse(name)
