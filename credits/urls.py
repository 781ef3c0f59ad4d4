from django.urls import path

from credits import edit_views, views

app_name = "credits"
urlpatterns = [
    path("people/", views.person_list, name="list"),
    path("people/<slug:slug>/", views.person_detail, name="person"),
    path("wiki/<slug:slug>/credits/", edit_views.manage, name="manage"),
    path("wiki/<slug:slug>/credits/add/<str:what>/", edit_views.add, name="add"),
    path("credits/<str:what>/<int:pk>/", edit_views.change, name="change"),
    path("credits/<str:what>/<int:pk>/remove/", edit_views.remove, name="remove"),
]
