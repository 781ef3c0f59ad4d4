from django.urls import path

from talk import views

app_name = "talk"
urlpatterns = [
    path("wiki/<slug:slug>/talk/", views.page_talk, name="page"),
    path("users/<str:username>/talk/", views.user_talk, name="user"),
    path("talk/<int:thread_id>/", views.thread, name="thread"),
    path("talk/comments/<int:comment_id>/edit/", views.edit, name="edit"),
    path("talk/comments/<int:comment_id>/history/", views.history, name="history"),
    path("talk/comments/<int:comment_id>/hide/", views.hide, name="hide"),
    path("talk/comments/<int:comment_id>/unhide/", views.unhide, name="unhide"),
]
