from django.contrib import admin

from credits.models import CastCredit, CrewCredit, Person
from wiki import kinds
from wiki.admin import PageAdminMixin

SCOPE_FIELDS = ["series", "season", "episode"]


class CastCreditInline(admin.TabularInline):
    model = CastCredit
    fields = ["person", "character", "role", "billing", "order"]
    autocomplete_fields = ["person", "character"]
    extra = 0


class CrewCreditInline(admin.TabularInline):
    model = CrewCredit
    fields = ["person", "job", "order"]
    autocomplete_fields = ["person"]
    extra = 0


class PersonCastInline(CastCreditInline):
    fk_name = "person"
    fields = ["character", "role", "billing", "order", *SCOPE_FIELDS]
    autocomplete_fields = ["character", *SCOPE_FIELDS]


class PersonCrewInline(CrewCreditInline):
    fk_name = "person"
    fields = ["job", "order", *SCOPE_FIELDS]
    autocomplete_fields = SCOPE_FIELDS


class EpisodeCastInline(CastCreditInline):
    fk_name = "episode"


class EpisodeCrewInline(CrewCreditInline):
    fk_name = "episode"


class SeasonCastInline(CastCreditInline):
    fk_name = "season"


class SeasonCrewInline(CrewCreditInline):
    fk_name = "season"


class CharacterCastInline(CastCreditInline):
    fk_name = "character"
    fields = ["person", "role", "billing", "order", *SCOPE_FIELDS]
    autocomplete_fields = ["person", *SCOPE_FIELDS]


@admin.register(Person)
class PersonAdmin(PageAdminMixin, admin.ModelAdmin):
    list_display = ["title", "short_bio", "updated_at"]
    search_fields = ["title", "slug", "short_bio"]
    autocomplete_fields = ["portrait"]
    fieldsets = [
        ("Page", {"fields": ["title", "slug", "short_bio", "portrait"]}),
        *PageAdminMixin.text_fieldsets,
    ]
    inlines = [PersonCastInline, PersonCrewInline]


class CreditAdmin(admin.ModelAdmin):
    autocomplete_fields = ["person", *SCOPE_FIELDS]
    list_select_related = [
        "person",
        "series",
        "season__series",
        "episode__season",
    ]
    search_fields = [
        "person__title",
        "series__title",
        "season__title",
        "episode__title",
    ]

    @admin.display(description="Applies to")
    def scope_label(self, obj):
        return obj.scope_label()


@admin.register(CastCredit)
class CastCreditAdmin(CreditAdmin):
    list_display = ["person", "role", "character", "billing", "scope_label"]
    list_filter = ["billing", "series", "season__series"]
    autocomplete_fields = [*CreditAdmin.autocomplete_fields, "character"]
    list_select_related = [*CreditAdmin.list_select_related, "character"]
    search_fields = [*CreditAdmin.search_fields, "role", "character__title"]


@admin.register(CrewCredit)
class CrewCreditAdmin(CreditAdmin):
    list_display = ["person", "job", "scope_label"]
    list_filter = ["job", "series", "season__series"]


# Credits are edited inside the pages they belong to.
kinds.extend("episode", admin_inlines=(EpisodeCastInline, EpisodeCrewInline))
kinds.extend("season", admin_inlines=(SeasonCastInline, SeasonCrewInline))
kinds.extend("character", admin_inlines=(CharacterCastInline,))
