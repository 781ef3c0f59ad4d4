from django.contrib import admin

from characters.models import Character
from credits.admin import CharacterCastInline
from wiki.admin import PageAdminMixin


@admin.register(Character)
class CharacterAdmin(PageAdminMixin, admin.ModelAdmin):
    list_display = ["title", "series", "status", "updated_at"]
    list_filter = ["status", "series"]
    list_select_related = ["series"]
    search_fields = ["title", "slug", "aliases", "description"]
    autocomplete_fields = ["series", "portrait"]
    fieldsets = [
        (
            "Page",
            {
                "fields": [
                    "title",
                    "slug",
                    "series",
                    "portrait",
                    "description",
                    "status",
                    "aliases",
                    "affiliations",
                ]
            },
        ),
        ("Biography", {"fields": ["body", "sources"]}),
        ("Dates", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    inlines = [CharacterCastInline]
