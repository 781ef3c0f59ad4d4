from django.urls import path

from episodes import views

app_name = "episodes"
urlpatterns = [
    path("episodes/", views.featured_guide, name="featured_guide"),
    path("episodes/<slug:slug>/", views.episode_detail, name="detail"),
    path("seasons/<slug:slug>/", views.season_detail, name="season"),
    path("series/<slug:slug>/", views.series_detail, name="series"),
    path("series/<slug:slug>/episodes/", views.episode_guide, name="guide"),
    path(
        "series/<slug:slug>/season/<int:number>/",
        views.season_by_number,
        name="season_by_number",
    ),
    path(
        "series/<slug:slug>/season/<int:season>/episode/<int:number>/",
        views.episode_by_number,
        name="episode_by_number",
    ),
]
