from django.contrib import admin

from wiki.models import Article, Page


class PageAdminMixin:
    """What every kind of page shares in the admin: title, slug, body, sources."""

    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title", "slug"]
    readonly_fields = ["created_at", "updated_at"]
    page_fieldsets = [
        ("Page", {"fields": ["title", "slug"]}),
    ]
    text_fieldsets = [
        ("Text", {"fields": ["body", "sources"]}),
        ("Dates", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]


@admin.register(Article)
class ArticleAdmin(PageAdminMixin, admin.ModelAdmin):
    list_display = ["title", "article_type", "published_on", "updated_at"]
    list_filter = ["article_type"]
    search_fields = ["title", "slug", "body"]
    date_hierarchy = "published_on"
    fieldsets = [
        ("Page", {"fields": ["title", "slug", "article_type", "published_on"]}),
        *PageAdminMixin.text_fieldsets,
    ]


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    """Every page of every kind, read-only: each kind is edited in its own admin."""

    list_display = ["title", "kind", "slug", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["title", "slug"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
