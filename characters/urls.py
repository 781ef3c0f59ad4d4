from django.urls import path

from characters import relation_views, views

app_name = "characters"
urlpatterns = [
    path("characters/", views.character_list, name="list"),
    path("characters/<slug:slug>/", views.character_detail, name="detail"),
    path("wiki/<slug:slug>/relations/", relation_views.relations, name="relations"),
    path(
        "wiki/<slug:slug>/relations/add/",
        relation_views.add_relation,
        name="relation_add",
    ),
    path(
        "wiki/<slug:slug>/relations/remove/",
        relation_views.remove_relation,
        name="relation_remove",
    ),
]
