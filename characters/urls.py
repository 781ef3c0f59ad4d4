from django.urls import path

from characters import views

app_name = "characters"
urlpatterns = [
    path("characters/", views.character_list, name="list"),
    path("characters/<slug:slug>/", views.character_detail, name="detail"),
]
