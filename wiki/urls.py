from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path

from api.routes import api
from wiki.app_urls import account_urlpatterns
from wiki.sitemaps import IndexSitemap, PageSitemap
from wiki.views.pages import fixed_bytes, media_file, robots_txt

admin.site.site_header = "Fan wiki administration"
admin.site.site_title = "Fan wiki admin"
admin.site.index_title = "Curate the wiki"

SITEMAPS = {
    "pages": PageSitemap,
    "indexes": IndexSitemap(
        [
            "episodes:home",
            "characters:list",
            "credits:list",
            "wiki:all_pages",
            "wiki:categories",
        ]
    ),
}

urlpatterns = [
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", robots_txt, name="robots"),
    path("", include("episodes.urls")),
    path("", include("characters.urls")),
    path("", include("credits.urls")),
    path("", include("multimedia.urls")),
    path("", include("wiki.app_urls")),
    *account_urlpatterns,
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    *(
        [re_path(r"^media/(?P<path>.*)$", media_file, name="media")]
        if settings.SERVE_MEDIA
        else []
    ),
    # The benchmark's ceiling: what the server and middleware cost on their own.
    *([path("_bench/fixed/", fixed_bytes)] if settings.WIKI_BENCH else []),
]
