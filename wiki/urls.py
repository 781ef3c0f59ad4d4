"""
The root URLconf: the one place besides settings that names the apps, and
where the site's home page and reading progress get their project-wide names
("home", "progress"), so that templates of every app can link to them.
"""

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path

from api.routes import api
from episodes import progress
from episodes.views import home
from wiki import kinds, sitemaps
from wiki.app_urls import account_urlpatterns
from wiki.sitemaps import IndexSitemap, PageSitemap
from wiki.views.health import healthz, readyz
from wiki.views.pages import media_file, robots_txt

# A database that cannot be reached answers 503, not 500 (wiki/views/errors.py).
handler500 = "wiki.views.errors.server_error"

admin.site.site_header = "Fan wiki administration"
admin.site.site_title = "Fan wiki admin"
admin.site.index_title = "Curate the wiki"

SITEMAPS = {
    "pages": PageSitemap,
    "indexes": IndexSitemap(
        [
            "home",
            *(index.url_name for index in kinds.indexes() if index.in_sitemap),
            "wiki:all_pages",
            "wiki:categories",
        ]
    ),
}

urlpatterns = [
    path("", home, name="home"),
    path("progress/", progress.set_progress, name="progress"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemaps.section,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", robots_txt, name="robots"),
    # For load balancers: no trailing slash, no redirect.
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("", include("episodes.urls")),
    path("", include("characters.urls")),
    path("", include("credits.urls")),
    path("", include("multimedia.urls")),
    path("", include("community.urls")),
    path("", include("talk.urls")),
    path("", include("wiki.app_urls")),
    *account_urlpatterns,
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    *(
        [re_path(r"^media/(?P<path>.*)$", media_file, name="media")]
        if settings.SERVE_MEDIA
        else []
    ),
    # The benchmark's ceiling, when the benchmark asks for it (BENCH).
    *([path("_bench/", include("bench.urls"))] if apps.is_installed("bench") else []),
]
