import inspect
from functools import partial

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core import checks
from django.core.exceptions import PermissionDenied
from django.template.loader import select_template
from django.urls import path, reverse

from wiki import invalidation, kinds, logs, ratelimit
from wiki.admin_forms import PageAdminForm, PageInlineFormSet
from wiki.admin_input import CheckedInputMixin
from wiki.auth import AdminLoginForm
from wiki.models import Article, Page, Redirect, Revision
from wiki.permissions import block_refusal
from wiki.search import documents
from wiki.services import record_revision, set_protection, typed

# The admin's log-in shares the site's throttle (wiki/auth.py).
admin.site.login_form = AdminLoginForm


class PageInlineMixin:
    """Pages edited as rows of another page's admin (episodes in their
    season): each row carries the revision it was opened at, and is saved
    from it as a page's own form is (wiki/admin_forms.py)."""

    form = PageAdminForm
    formset = PageInlineFormSet

    def get_fields(self, request, obj=None):
        return [*super().get_fields(request, obj), "base_revision"]


def _protect(model_admin, request, queryset, *, protected):
    """Each page through the service, which reads it under its lock: an edit
    saved since the list was shown is in the revision the action records."""
    pages = Page.objects.filter(pk__in=queryset.values("pk"))
    changed = sum(
        set_protection(page=page, author=request.user, protected=protected) is not None
        for page in pages
    )
    done = "protected" if protected else "unprotected"
    model_admin.message_user(
        request, f"Pages {done}: {changed} (of {queryset.count()} chosen)."
    )


@admin.action(description="Protect the selected pages (editors only)",
              permissions=["protect"])  # fmt: skip
def protect_pages(model_admin, request, queryset):
    _protect(model_admin, request, queryset, protected=True)


@admin.action(description="Unprotect the selected pages", permissions=["protect"])
def unprotect_pages(model_admin, request, queryset):
    _protect(model_admin, request, queryset, protected=False)


class BlockedAdminMixin:
    """A blocked staff account (or one at a blocked address) is shown the
    admin read-only, without the actions that change; superusers are never
    blocked. What refuses the writes themselves, in every admin and action,
    is `wiki.middleware.BlockedAdminMiddleware`."""

    def _blocked(self, request) -> bool:
        return block_refusal(request.user, ip=ratelimit.client_ip(request)) is not None

    def has_add_permission(self, request, *args):
        return not self._blocked(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return not self._blocked(request) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return not self._blocked(request) and super().has_delete_permission(
            request, obj
        )


class PageAdminMixin(CheckedInputMixin, BlockedAdminMixin):
    """What every kind of page shares in the admin: title, slug, body, sources,
    and the inlines, actions and tools that other apps add to the kind
    (wiki/kinds.py).

    Saves here go through the same service as edits on the site, from the
    revision the form was opened at (wiki/admin_forms.py): each one leaves a
    revision, merges with what others changed meanwhile or is refused with
    the admin's input kept, and a changed slug leaves a redirect behind.
    """

    form = PageAdminForm
    change_list_template = "admin/wiki/page_change_list.html"
    page_actions = []  # the kind's own actions; `actions` adds the others'
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title", "slug"]
    readonly_fields = ["created_at", "updated_at"]
    page_fieldsets = [
        ("Page", {"fields": ["title", "slug"]}),
    ]
    text_fieldsets = [
        ("Text", {"fields": ["body", "sources", "revealed_in"]}),
        ("Dates", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @property
    def kind(self):
        return kinds.of(self.model)

    @property
    def actions(self):
        return [
            protect_pages,
            unprotect_pages,
            *self.page_actions,
            *self.kind.admin_actions,
        ]

    def has_protect_permission(self, request):
        return not self._blocked(request) and request.user.has_perm(
            "wiki.protect_pages"
        )

    def has_delete_permission(self, request, obj=None):
        # Pages are deleted on the site (wiki/deletion.py), which keeps the
        # page and its history for undeletion and logs it; the admin's own
        # delete would remove both for good, with no log entry.
        return False

    def get_inlines(self, request, obj):
        return [*super().get_inlines(request, obj), *self.kind.admin_inlines]

    def check(self, **kwargs):
        """Django's checks, also of the inlines other apps add, and of a
        subclass that would set `actions` and lose other apps' actions."""
        errors = super().check(**kwargs)
        for inline in self.kind.admin_inlines:
            errors.extend(inline(self.model, self.admin_site).check())
        for inline in [*self.inlines, *self.kind.admin_inlines]:
            if issubclass(inline.model, Page) and not issubclass(
                inline, PageInlineMixin
            ):
                errors.append(
                    checks.Error(
                        f"{inline.__name__} edits pages without PageInlineMixin.",
                        hint="Its rows would be saved without their revisions.",
                        obj=inline,
                        id="wiki.E003",
                    )
                )
        if not isinstance(inspect.getattr_static(type(self), "actions"), property):
            errors.append(
                checks.Error(
                    f"{type(self).__name__} sets `actions`.",
                    hint="Set `page_actions`: `actions` adds other apps' to them.",
                    obj=type(self),
                    id="wiki.E002",
                )
            )
        return errors

    def _tool_url_name(self, tool):
        opts = self.model._meta
        return f"{opts.app_label}_{opts.model_name}_{tool.name}"

    def _run_tool(self, tool, request):
        if not tool.allowed(self, request):
            raise PermissionDenied
        return tool.view(self, request)

    def get_urls(self):
        tools = [
            path(
                f"{tool.name}/",
                self.admin_site.admin_view(partial(self._run_tool, tool)),
                name=self._tool_url_name(tool),
            )
            for tool in self.kind.admin_tools
        ]
        return [*tools, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        opts = self.model._meta
        # The list Django would have used, so that an app's own override of
        # it still applies under the tools.
        base = select_template(
            [
                f"admin/{opts.app_label}/{opts.model_name}/change_list.html",
                f"admin/{opts.app_label}/change_list.html",
                "admin/change_list.html",
            ]
        )
        tools = [
            {
                "label": tool.label,
                "url": reverse(f"{self.admin_site.name}:{self._tool_url_name(tool)}"),
            }
            for tool in self.kind.admin_tools
            if tool.allowed(self, request)
        ]
        extra = {"page_tools": tools, "page_change_list_base": base.template}
        return super().changelist_view(request, (extra_context or {}) | extra)

    def get_fieldsets(self, request, obj=None):
        """The kind's fieldsets, the revision the form starts from first."""
        (name, options), *rest = super().get_fieldsets(request, obj)
        fields = [*options["fields"], "base_revision"]
        return [(name, options | {"fields": fields}), *rest]

    def save_model(self, request, obj, form, change):
        if change:
            form.save_revision(author=request.user, summary="Edited in the admin")
            return
        super().save_model(request, obj, form, change)
        record_revision(page=obj, author=request.user, summary="Created in the admin")

    def save_formset(self, request, form, formset, change):
        formset.author = request.user
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        """Rows a page's revisions hold (its credits, its gallery: `kinds.Part`)
        changed in the page's inlines are an edit of the page too."""
        super().save_related(request, form, formsets, change)
        if not any(formset.has_changed() for formset in formsets):
            return
        if self.kind.parts:
            record_revision(
                page=form.instance,
                author=request.user,
                summary="Cast, crew or gallery edited in the admin",
            )
        # Inlines its revisions do not hold (videos…) show on the page too.
        invalidation.pages_touched([form.instance.pk])


class ReadOnlyAdminMixin:
    """Listed and viewable in the admin; changed only through the wiki itself."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DrillDownChangeList(ChangeList):
    """Django's change list, refusing a date drill-down past any calendar
    (`?published_on__year=99999999999999999999`) as it refuses other bad
    lookups, rather than failing."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from None


@admin.register(Article)
class ArticleAdmin(PageAdminMixin, admin.ModelAdmin):
    list_display = ["title", "article_type", "published_on", "updated_at"]
    list_filter = ["article_type"]
    search_fields = ["title", "slug", "body"]
    date_hierarchy = "published_on"

    def get_changelist(self, request, **kwargs):
        return DrillDownChangeList

    fieldsets = [
        ("Page", {"fields": ["title", "slug", "article_type", "published_on"]}),
        *PageAdminMixin.text_fieldsets,
    ]


@admin.register(Page)
class PageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every page of every kind, read-only: each kind is edited in its own admin."""

    list_display = ["title", "kind", "slug", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["title", "slug"]
    show_full_result_count = False


class RedirectForm(forms.ModelForm):
    class Meta:
        model = Redirect
        fields = ["title", "slug", "target"]

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if Page.objects.filter(slug=slug).exists():
            raise forms.ValidationError("A page already has this address.")
        return slug


@admin.register(Redirect)
class RedirectAdmin(CheckedInputMixin, BlockedAdminMixin, admin.ModelAdmin):
    """Aliases, misspellings and old names; search knows them as aliases."""

    form = RedirectForm
    list_display = ["title", "target", "slug", "created_at"]
    search_fields = ["title", "slug", "target__title"]
    list_select_related = ["target"]
    autocomplete_fields = ["target"]
    prepopulated_fields = {"slug": ["title"]}

    def save_model(self, request, obj, form, change):
        old_target = form.initial.get("target")
        super().save_model(request, obj, form, change)
        for target in {obj.target_id, old_target} - {None}:
            documents.refresh(typed(Page.objects.get(pk=target)))
        # Links to the address (and to the old one) now lead elsewhere.
        invalidation.addresses_changed({obj.slug, form.initial.get("slug")} - {None})
        invalidation.pages_touched({obj.target_id, old_target})

    def delete_model(self, request, obj):
        target = obj.target
        super().delete_model(request, obj)
        documents.refresh(typed(target))
        invalidation.addresses_changed({obj.slug})
        invalidation.pages_touched([target.pk])

    def delete_queryset(self, request, queryset):
        targets = list(Page.objects.filter(redirects__in=queryset).distinct())
        slugs = set(queryset.values_list("slug", flat=True))
        super().delete_queryset(request, queryset)
        for target in targets:
            documents.refresh(typed(target))
        invalidation.addresses_changed(slugs)
        invalidation.pages_touched([target.pk for target in targets])


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The history, read-only: revisions are made by editing pages."""

    list_display = ["page", "number", "action", "author", "summary", "created_at"]
    list_filter = ["action", "is_minor", "page__kind"]
    search_fields = ["page__title", "summary", "author__username"]
    list_select_related = ["page", "author"]
    show_full_result_count = False


def _rights(user, groups) -> dict[str, str]:
    """A user's rights, in words, as the log shows them changed."""
    names = sorted(group.name for group in groups)
    return {
        "groups": ", ".join(names),
        "staff status": "yes" if user.is_staff else "no",
        "superuser status": "yes" if user.is_superuser else "no",
    }


admin.site.unregister(get_user_model())
admin.site.unregister(Group)


@admin.register(Group)
class RolesGroupAdmin(BlockedAdminMixin, GroupAdmin):
    """Django's group admin (the roles), read-only to a blocked account."""


@admin.register(get_user_model())
class RightsLoggedUserAdmin(BlockedAdminMixin, UserAdmin):
    """Django's user admin; every change of someone's groups, staff or
    superuser status goes to the public log (who changed what, from what to
    what), and so does an account made here."""

    # A deleted account leaves its edits and comments to nobody: histories,
    # discussions and pages' comment counts change, wherever they are.
    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        invalidation.everything_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        invalidation.everything_changed()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        if not change:
            logs.record(logs.Action.CREATE_ACCOUNT, actor=request.user, user=user)
            return
        before = _rights(
            type(user)(
                is_staff=form.initial.get("is_staff", False),
                is_superuser=form.initial.get("is_superuser", False),
            ),
            form.initial.get("groups", []),
        )
        after = _rights(user, user.groups.all())
        changes = [
            {"what": what, "from": before[what], "to": after[what]}
            for what in after
            if before[what] != after[what]
        ]
        if changes:
            logs.record(
                logs.Action.RIGHTS,
                actor=request.user,
                user=user,
                details={"changes": changes},
            )
