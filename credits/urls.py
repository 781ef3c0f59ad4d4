from django.urls import path

from credits import views

app_name = "credits"
urlpatterns = [
    path("people/", views.person_list, name="list"),
    path("people/<slug:slug>/", views.person_detail, name="person"),
]
