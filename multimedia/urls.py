from django.urls import path

from multimedia import views

app_name = "multimedia"
urlpatterns = [
    path("files/<slug:slug>/", views.image_detail, name="image"),
    path("upload/", views.upload, name="upload"),
    path("search/files/", views.suggest, name="suggest"),
    path("wiki/<slug:slug>/picture/", views.picture, name="picture"),
    path("wiki/<slug:slug>/gallery/", views.gallery, name="gallery"),
    path(
        "wiki/<slug:slug>/gallery/remove/",
        views.gallery_remove,
        name="gallery_remove",
    ),
]
