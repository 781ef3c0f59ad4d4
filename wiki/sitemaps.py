from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.urls import reverse

from wiki.models import Page
from wiki.storytime import EVERYONE


class PageSitemap(Sitemap):
    """Every wiki page, whatever its kind, at its canonical address; for a
    reader who has set their progress (not a search engine), only the pages
    they have reached, since an address names its page."""

    limit = 5000
    changefreq = "weekly"

    def __init__(self, progress=EVERYONE):
        self.progress = progress

    def items(self):
        pages = Page.objects.revealed_to(self.progress)
        return pages.only("slug", "kind", "updated_at").order_by("pk")

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


def section(request, section, sitemaps):
    """A sitemap section, as of the reader's progress."""
    sitemaps = sitemaps | {"pages": PageSitemap(request.progress)}
    return sitemap_views.sitemap(request, sitemaps, section)
