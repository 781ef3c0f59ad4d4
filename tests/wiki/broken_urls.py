from django.urls import path

from tests.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("a deliberate failure")


urlpatterns = [path("boom/", boom), *site_urlpatterns]
