from django.urls import include, path

from wiki.feeds import LogFeed, NewPagesFeed, RecentChangesFeed
from wiki.views import (
    accounts,
    categories,
    changes,
    creation,
    deletion,
    editing,
    history,
    logs,
    moderation,
    pages,
    patrol,
    spoiler_gate,
)

app_name = "wiki"
urlpatterns = [
    path("wiki/", pages.all_pages, name="all_pages"),
    path("wiki/<slug:slug>/", pages.page, name="page"),
    path("wiki/<slug:slug>/edit/", editing.edit, name="edit"),
    path("wiki/<slug:slug>/history/", history.history, name="history"),
    path(
        "wiki/<slug:slug>/history/<int:number>/",
        history.revision_detail,
        name="revision",
    ),
    path(
        "wiki/<slug:slug>/history/<int:number>/restore/",
        editing.restore,
        name="restore",
    ),
    path("wiki/<slug:slug>/diff/", history.diff, name="diff"),
    path("wiki/<slug:slug>/rollback/", editing.rollback, name="rollback"),
    path("wiki/<slug:slug>/protect/", editing.protect, name="protect"),
    path("wiki/<slug:slug>/links/", history.what_links_here, name="links"),
    path("wiki/<slug:slug>/delete/", deletion.delete, name="delete"),
    path("wiki/<slug:slug>/undelete/", deletion.undelete, name="undelete"),
    path("create/", creation.create, name="create"),
    path("create/<slug:kind>/", creation.create, name="create"),
    path("random/", pages.random_page, name="random"),
    path("categories/", categories.category_list, name="categories"),
    path("categories/<slug:slug>/", categories.category_detail, name="category"),
    path("changes/", changes.recent_changes, name="recent_changes"),
    path("changes/feed/", RecentChangesFeed(), name="recent_changes_feed"),
    path("feeds/new/", NewPagesFeed(), name="new_pages_feed"),
    path("logs/", logs.log, name="log"),
    path("logs/feed/", LogFeed(), name="log_feed"),
    path("users/<str:username>/", changes.user_profile, name="user"),
    path("patrol/", patrol.queue, name="patrol"),
    path("patrol/<int:revision_id>/", patrol.mark, name="patrol_mark"),
    path("blocks/", moderation.block_list, name="blocks"),
    path("blocks/new/", moderation.block_new, name="block"),
    path("blocks/<int:block_id>/unblock/", moderation.unblock, name="unblock"),
    path("blocks/links/", moderation.link_blocklist, name="link_blocklist"),
    path(
        "blocks/links/<int:rule_id>/remove/",
        moderation.link_rule_remove,
        name="link_rule_remove",
    ),
    path("whole-story/", spoiler_gate.go_on, name="whole_story"),
    path("search/", pages.search, name="search"),
    path("search/suggest/", pages.suggest, name="suggest"),
    path("search/names/<str:kind>/", pages.names, name="names"),
    path("favicon.ico", pages.favicon),
]

account_urlpatterns = [
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/login/", accounts.ThrottledLoginView.as_view(), name="login"),
    path(
        "accounts/password_reset/",
        accounts.LimitedPasswordResetView.as_view(),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
]
