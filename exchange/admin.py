"""Season files in the admin: "Export as JSON" on the list of seasons, and
"Import a season file" above it (added to the season's admin through the
kinds registry, so episodes need not know of this app)."""

import json

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from episodes.models import Series
from exchange.seasonfile import export_season, import_season, report
from exchange.validation import FileError, parse_json
from wiki import kinds


class SeasonImportForm(forms.Form):
    file = forms.FileField(help_text="A season file, as “Export as JSON” writes it.")
    series = forms.ModelChoiceField(
        Series.objects.all(),
        required=False,
        help_text="Leave empty to use the series the file names.",
    )


def may_import(model_admin, request) -> bool:
    """An import adds seasons and changes them: it needs both rights."""
    return model_admin.has_add_permission(
        request
    ) and model_admin.has_change_permission(request)


def import_view(model_admin, request):
    """Upload a season file: checked in full, then written in one go."""
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
            model_admin.message_user(
                request, report(created, changed).capitalize() + "."
            )
            return redirect("admin:episodes_season_changelist")
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Import a season file",
        "form": form,
        "opts": model_admin.model._meta,
    }
    return TemplateResponse(request, "exchange/season_import.html", context)


@admin.action(description="Export the selected season as JSON")
def export_json(model_admin, request, queryset):
    if queryset.count() != 1:
        model_admin.message_user(request, "Choose exactly one season.", messages.ERROR)
        return None
    season = queryset.select_related("series").get()
    response = HttpResponse(
        json.dumps(export_season(season), indent=2, ensure_ascii=False),
        content_type="application/json",
    )
    response["Content-Disposition"] = f'attachment; filename="{season.slug}.json"'
    return response


kinds.extend(
    "season",
    admin_actions=(export_json,),
    admin_tools=(
        kinds.AdminTool("import", "Import a season file", import_view, may_import),
    ),
)
