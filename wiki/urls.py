from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from wiki.app_urls import account_urlpatterns

admin.site.site_header = "Fan wiki administration"
admin.site.site_title = "Fan wiki admin"
admin.site.index_title = "Curate the wiki"

urlpatterns = [
    path("", include("episodes.urls")),
    path("", include("characters.urls")),
    path("", include("credits.urls")),
    path("", include("wiki.app_urls")),
    *account_urlpatterns,
    path("admin/", admin.site.urls),
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]
