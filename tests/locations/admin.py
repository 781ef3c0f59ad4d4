from django.contrib import admin

from tests.locations.models import Location
from wiki.admin import PageAdminMixin


@admin.register(Location)
class LocationAdmin(PageAdminMixin, admin.ModelAdmin):
    list_display = ["title", "district", "updated_at"]
    fieldsets = [
        ("Page", {"fields": ["title", "slug", "series", "district", "description"]}),
        *PageAdminMixin.text_fieldsets,
    ]
