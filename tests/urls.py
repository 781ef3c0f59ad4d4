"""The site's URLs, and those of the example kind of page the suite adds."""

from django.urls import include, path

from wiki.urls import handler500  # noqa: F401 (Django looks for it here)
from wiki.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("", include("tests.locations.urls")), *site_urlpatterns]
