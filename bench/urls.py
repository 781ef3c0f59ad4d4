from django.urls import path

from bench.views import fixed_bytes

app_name = "bench"
urlpatterns = [path("fixed/", fixed_bytes, name="fixed")]
