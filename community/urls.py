from django.urls import path

from community.feeds import WatchlistFeed
from community.views import notifications, preferences, watchlist

app_name = "community"
urlpatterns = [
    path("wiki/<slug:slug>/watch/", watchlist.watch, name="watch"),
    path("watchlist/", watchlist.watchlist, name="watchlist"),
    path("watchlist/edit/", watchlist.edit_watchlist, name="edit_watchlist"),
    path("watchlist/feed/<str:token>/", WatchlistFeed(), name="watchlist_feed"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/read/", notifications.mark_read, name="mark_read"),
    path("settings/notifications/", preferences.preferences, name="settings"),
    path(
        "settings/notifications/email/",
        preferences.change_email,
        name="change_email",
    ),
    path(
        "settings/notifications/confirm/",
        preferences.send_confirmation_link,
        name="send_confirmation",
    ),
    path(
        "settings/notifications/confirm/<str:token>/",
        preferences.confirm_email,
        name="confirm_email",
    ),
    path(
        "settings/notifications/feed-token/",
        preferences.reset_feed_token,
        name="reset_feed_token",
    ),
]
