from django.urls import path

from wiki import views

app_name = "wiki"
urlpatterns = [
    path("wiki/", views.all_pages, name="all_pages"),
    path("wiki/<slug:slug>/", views.page, name="page"),
    path("search/", views.search, name="search"),
    path("favicon.ico", views.favicon),
]
