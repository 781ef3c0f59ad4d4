import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from credits.admin import (
    EpisodeCastInline,
    EpisodeCrewInline,
    SeasonCastInline,
    SeasonCrewInline,
)
from credits.checks import FileError, parse_json
from credits.seasonfile import export_season, import_season, report
from episodes.models import Episode, Season, Series
from wiki.admin import PageAdminMixin


class SeasonInline(admin.TabularInline):
    model = Season
    fk_name = "series"
    fields = ["number", "title", "slug", "release_date"]
    prepopulated_fields = {"slug": ["title"]}
    extra = 0
    show_change_link = True


class EpisodeInline(admin.TabularInline):
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


class SeasonImportForm(forms.Form):
    file = forms.FileField(help_text="A season file, as “Export as JSON” writes it.")
    series = forms.ModelChoiceField(
        Series.objects.all(),
        required=False,
        help_text="Leave empty to use the series the file names.",
    )


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
    inlines = [EpisodeInline, SeasonCastInline, SeasonCrewInline]
    actions = ["export_json"]
    change_list_template = "admin/episodes/season/change_list.html"

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="episodes_season_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload a season file: checked in full, then written in one go."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = SeasonImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                data = parse_json(upload.read().decode("utf-8"), upload.name)
                created, changed = import_season(
                    data,
                    name=upload.name,
                    series=form.cleaned_data["series"],
                    author=request.user,
                )
            except UnicodeDecodeError:
                form.add_error("file", "The file is not UTF-8 text.")
            except FileError as error:
                form.add_error("file", f"Refused, nothing was changed: {error}")
            else:
                self.message_user(request, report(created, changed).capitalize() + ".")
                return redirect("admin:episodes_season_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": "Import a season file",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/episodes/season/import.html", context)

    @admin.action(description="Export the selected season as JSON")
    def export_json(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Choose exactly one season.", messages.ERROR)
            return None
        season = queryset.select_related("series").get()
        response = HttpResponse(
            json.dumps(export_season(season), indent=2, ensure_ascii=False),
            content_type="application/json",
        )
        response["Content-Disposition"] = f'attachment; filename="{season.slug}.json"'
        return response

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(episode_count=Count("episodes"))

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
    inlines = [EpisodeCastInline, EpisodeCrewInline]
