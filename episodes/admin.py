from django.contrib import admin
from django.db.models import Count, Q

from episodes.models import Episode, Season, Series
from wiki.admin import PageAdminMixin, PageInlineMixin


class SeasonInline(PageInlineMixin, admin.TabularInline):
    model = Season
    fk_name = "series"
    fields = ["number", "title", "slug", "release_date"]
    prepopulated_fields = {"slug": ["title"]}
    extra = 0
    show_change_link = True


class EpisodeInline(PageInlineMixin, admin.TabularInline):
    model = Episode
    fk_name = "season"
    fields = ["number", "number_overall", "title", "slug", "release_date", "runtime"]
    prepopulated_fields = {"slug": ["title"]}
    extra = 0
    show_change_link = True


@admin.register(Series)
class SeriesAdmin(PageAdminMixin, admin.ModelAdmin):
    list_display = ["title", "network", "is_featured", "updated_at"]
    list_filter = ["is_featured", "network"]
    fieldsets = [
        ("Page", {"fields": ["title", "slug", "network", "premise", "is_featured"]}),
        *PageAdminMixin.text_fieldsets,
    ]
    inlines = [SeasonInline]


@admin.register(Season)
class SeasonAdmin(PageAdminMixin, admin.ModelAdmin):
    list_display = ["title", "series", "number", "release_date", "episode_count"]
    list_filter = ["series"]
    list_select_related = ["series"]
    autocomplete_fields = ["series", "poster"]
    fieldsets = [
        (
            "Page",
            {"fields": ["title", "slug", "series", "number", "release_date", "poster"]},
        ),
        *PageAdminMixin.text_fieldsets,
    ]
    inlines = [EpisodeInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                episode_count=Count(
                    "episodes", filter=Q(episodes__deleted_at__isnull=True)
                )
            )
        )

    @admin.display(description="Episodes", ordering="episode_count")
    def episode_count(self, obj):
        return obj.episode_count


@admin.register(Episode)
class EpisodeAdmin(PageAdminMixin, admin.ModelAdmin):
    list_display = ["title", "season", "number", "number_overall", "release_date"]
    list_filter = ["season__series", "season"]
    list_select_related = ["season__series"]
    search_fields = ["title", "slug", "synopsis"]
    autocomplete_fields = ["season", "still"]
    fieldsets = [
        (
            "Page",
            {
                "fields": [
                    "title",
                    "slug",
                    "season",
                    ("number", "number_overall"),
                    ("release_date", "runtime"),
                    "synopsis",
                    "credits_note",
                    "still",
                ]
            },
        ),
        *PageAdminMixin.text_fieldsets,
    ]
