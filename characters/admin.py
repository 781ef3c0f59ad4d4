from django.contrib import admin

from characters.models import Character
from wiki.admin import PageAdminMixin


@admin.register(Character)
class CharacterAdmin(PageAdminMixin, admin.ModelAdmin):
    list_display = ["title", "series", "current_status", "updated_at"]
    list_filter = ["series"]
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
                    "revealed_in",
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

    @admin.display(description="Status (at the end)")
    def current_status(self, character):
        return character.facts().status or "Unknown"
