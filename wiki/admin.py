import inspect
from functools import partial

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core import checks
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import select_template
from django.urls import path, reverse
from django.utils.text import slugify

from wiki import kinds, logs
from wiki.auth import AdminLoginForm
from wiki.models import Article, Page, Redirect, Revision
from wiki.search import documents
from wiki.services import (
    check_free_slug,
    leave_redirect,
    log_rename,
    record_revision,
    typed,
)

# The admin's log-in shares the site's throttle (wiki/auth.py).
admin.site.login_form = AdminLoginForm


def _record(request, page, created, *, renamed_from=None):
    """The revision of a save in the admin; a new address is a rename, logged
    as one made on the site is."""
    action = Revision.Action.EDIT
    if renamed_from is not None:
        old_slug, old_title = renamed_from
        log_rename(page, actor=request.user, old_slug=old_slug, old_title=old_title)
        action = Revision.Action.RENAME
    record_revision(
        page=page,
        author=request.user,
        summary="Created in the admin" if created else "Edited in the admin",
        action=action,
    )


class PageAdminForm(forms.ModelForm):
    """A page in the admin. A new title moves the page to its new address, as
    a rename on the site does, unless the address itself was changed."""

    def clean(self):
        cleaned = super().clean()
        renamed = "title" in self.changed_data and "slug" not in self.changed_data
        if self.instance.pk and renamed and not self.has_error("title"):
            slug = slugify(cleaned.get("title", ""))
            try:
                check_free_slug(self.instance, slug)
            except ValidationError as error:
                self.add_error(None, error)
            else:
                cleaned["slug"] = slug
        return cleaned


class PageAdminMixin:
    """What every kind of page shares in the admin: title, slug, body, sources,
    and the inlines, actions and tools that other apps add to the kind
    (wiki/kinds.py).

    Saves here go through the same service as edits on the site, so each one
    leaves a revision, and a changed slug leaves a redirect behind.
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
        ("Text", {"fields": ["body", "sources"]}),
        ("Dates", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @property
    def kind(self):
        return kinds.of(self.model)

    @property
    def actions(self):
        return [*self.page_actions, *self.kind.admin_actions]

    def get_inlines(self, request, obj):
        return [*super().get_inlines(request, obj), *self.kind.admin_inlines]

    def check(self, **kwargs):
        """Django's checks, also of the inlines other apps add, and of a
        subclass that would set `actions` and lose other apps' actions."""
        errors = super().check(**kwargs)
        for inline in self.kind.admin_inlines:
            errors.extend(inline(self.model, self.admin_site).check())
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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        renamed_from = None
        if change and obj.slug != form.initial.get("slug"):
            renamed_from = (form.initial["slug"], form.initial["title"])
            leave_redirect(
                obj, old_slug=form.initial["slug"], old_title=form.initial["title"]
            )
        _record(request, obj, not change, renamed_from=renamed_from)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        renamed = {}
        for inline_form in formset.forms:
            obj = inline_form.instance
            if isinstance(obj, Page) and "slug" in inline_form.changed_data:
                old_slug = inline_form.initial.get("slug")
                if old_slug:
                    old_title = inline_form.initial["title"]
                    leave_redirect(obj, old_slug=old_slug, old_title=old_title)
                    renamed[obj.pk] = (old_slug, old_title)
        for obj in formset.new_objects + [o for o, _ in formset.changed_objects]:
            if isinstance(obj, Page):
                _record(
                    request,
                    obj,
                    obj in formset.new_objects,
                    renamed_from=renamed.get(obj.pk),
                )


class ReadOnlyAdminMixin:
    """Listed and viewable in the admin; changed only through the wiki itself."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
class RedirectAdmin(admin.ModelAdmin):
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

    def delete_model(self, request, obj):
        target = obj.target
        super().delete_model(request, obj)
        documents.refresh(typed(target))

    def delete_queryset(self, request, queryset):
        targets = list(Page.objects.filter(redirects__in=queryset).distinct())
        super().delete_queryset(request, queryset)
        for target in targets:
            documents.refresh(typed(target))


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


@admin.register(get_user_model())
class RightsLoggedUserAdmin(UserAdmin):
    """Django's user admin; every change of someone's groups, staff or
    superuser status goes to the public log (who changed what, from what to
    what), and so does an account made here."""

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
