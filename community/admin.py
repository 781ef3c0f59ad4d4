from django.contrib import admin

from community.models import Notification, Preferences, Watch
from wiki.admin import BlockedAdminMixin
from wiki.admin_input import CheckedInputMixin


@admin.register(Watch)
class WatchAdmin(CheckedInputMixin, BlockedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "page", "created_at"]
    list_select_related = ["user", "page"]
    search_fields = ["user__username", "page__title"]
    autocomplete_fields = ["user", "page"]


@admin.register(Notification)
class NotificationAdmin(CheckedInputMixin, BlockedAdminMixin, admin.ModelAdmin):
    list_display = ["recipient", "kind", "actor", "page", "is_read", "created_at"]
    list_filter = ["kind", "is_read", "email"]
    list_select_related = ["recipient", "actor", "page"]
    search_fields = ["recipient__username"]
    autocomplete_fields = ["recipient", "actor", "page"]


@admin.register(Preferences)
class PreferencesAdmin(CheckedInputMixin, BlockedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "auto_watch", "confirmed_email", "digest_due_at"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    autocomplete_fields = ["user"]
    readonly_fields = ["watchlist_seen_at", "digest_due_at", "last_digest_at"]
