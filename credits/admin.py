from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet

from credits.models import CastCredit, CrewCredit, Person
from wiki import kinds
from wiki.admin import BlockedAdminMixin, PageAdminMixin
from wiki.admin_input import CheckedInputMixin
from wiki.services import record_revision

SCOPE_FIELDS = ["series", "season", "episode"]


ADMIN_SUMMARY = "Cast or crew edited in the admin"


def record_scopes(author, credits) -> None:
    """Credits changed in the admin are an edit of the pages they belong to
    (credits/parts.py): one revision each, none where nothing changed."""
    for page in {credit.scope for credit in credits if credit.scope}:
        record_revision(page=page, author=author, summary=ADMIN_SUMMARY)


class CreditFormSet(BaseInlineFormSet):
    """Credits saved from any page's inline (a person's credits are on other
    pages) are an edit of the pages they belong to."""

    def save(self, commit=True):
        saved = super().save(commit=commit)
        changed = [credit for credit, _ in self.changed_objects]
        record_scopes(self.author, [*self.new_objects, *changed, *self.deleted_objects])
        return saved


class CastCreditInline(CheckedInputMixin, admin.TabularInline):
    model = CastCredit
    formset = CreditFormSet
    fields = ["person", "character", "role", "billing", "order", "revealed_in"]
    autocomplete_fields = ["person", "character"]
    extra = 0


class CrewCreditInline(CheckedInputMixin, admin.TabularInline):
    model = CrewCredit
    formset = CreditFormSet
    fields = ["person", "job", "order"]
    autocomplete_fields = ["person"]
    extra = 0


class PersonCastInline(CastCreditInline):
    fk_name = "person"
    fields = ["character", "role", "billing", "order", *SCOPE_FIELDS, "revealed_in"]
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


class CharacterCastForm(forms.ModelForm):
    """A credit added on a character's page that a person already has (the
    same role in the same season, say, entered before the character's page
    existed) is that credit: it is linked to the character, not refused as a
    duplicate, and not made twice."""

    unclaimed = None  # the person's credit this row links
    repeated = False  # whether this row repeats another's credit

    def validate_unique(self):
        credit = self.instance
        if credit.pk is None and credit.person_id:
            scope = {name: getattr(credit, f"{name}_id") for name in SCOPE_FIELDS}
            same = CastCredit.objects.filter(
                person_id=credit.person_id, role=credit.role, **scope
            ).first()
            if same is not None and same.character_id is None:
                self.unclaimed = same
                return
            if same is not None and same.character_id != credit.character_id:
                self.repeated = True
                self.add_error(
                    None,
                    f"{same.person} already has this credit, for "
                    f"{same.character}: change it on that character's page.",
                )
                return
        super().validate_unique()

    def validate_constraints(self):
        # The uniqueness these constraints hold was settled above.
        if self.unclaimed is None and not self.repeated:
            super().validate_constraints()


class CharacterCastFormSet(CreditFormSet):
    def save_new(self, form, commit=True):
        credit = form.unclaimed
        if credit is None:
            return super().save_new(form, commit=commit)
        credit.character = self.instance
        credit.billing = form.cleaned_data["billing"]
        credit.order = form.cleaned_data["order"]
        if commit:
            credit.save()
        return credit


class CharacterCastInline(CastCreditInline):
    fk_name = "character"
    form = CharacterCastForm
    formset = CharacterCastFormSet
    fields = ["person", "role", "billing", "order", *SCOPE_FIELDS, "revealed_in"]
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


class CreditAdmin(CheckedInputMixin, BlockedAdminMixin, admin.ModelAdmin):
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

    def save_model(self, request, obj, form, change):
        old = type(obj).objects.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        record_scopes(request.user, [obj, *([old] if old else [])])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        record_scopes(request.user, [obj])

    def delete_queryset(self, request, queryset):
        credits = list(queryset.select_related(*SCOPE_FIELDS))
        super().delete_queryset(request, queryset)
        record_scopes(request.user, credits)


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
