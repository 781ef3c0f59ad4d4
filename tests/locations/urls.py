from django.urls import path

from tests.locations import views

app_name = "locations"
urlpatterns = [
    path("locations/", views.location_list, name="list"),
    path("locations/<slug:slug>/", views.location_detail, name="detail"),
]
