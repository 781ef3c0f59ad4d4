from django.urls import path

from multimedia import views

app_name = "multimedia"
urlpatterns = [
    path("files/<slug:slug>/", views.image_detail, name="image"),
    path("upload/", views.upload, name="upload"),
]
