from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from wiki import conflicts, kinds, markup, ratelimit, services, storytime
from wiki.diffs import diff_snapshots, line_diff
from wiki.fields import TimelineField
from wiki.forms import (
    UNKNOWN_BASE,
    UNKNOWN_RESTORE_BASE,
    RestoreForm,
    field_labels,
    page_form,
)
from wiki.http import safe_next
from wiki.lookup import get_page_for_tool
from wiki.models import Page, Revision
from wiki.moderation.established import threshold
from wiki.moderation.forms import INDEFINITE, UNPROTECTED, ProtectForm, duration
from wiki.permissions import block_refusal, edit_refusal
from wiki.text import normalised
from wiki.views.spoiler_gate import whole_story

TOO_FAST = "You are saving too often. Wait a minute, then save again."


def _page(request, slug):
    return get_page_for_tool(
        request, Page.objects.select_related("current_revision"), slug
    )


def _render_edit(request, page, form, *, status=200, **extra):
    context = {
        "page": page,
        "form": form,
        "kind": kinds.get(page.kind),
        "labels": field_labels(page.kind),
        **extra,
    }
    return render(request, "wiki/page_edit.html", context, status=status)


def _base_revision(form, page):
    number = form.cleaned_data.get("base_revision")
    if number is None:
        return None
    revision = Revision.objects.filter(pk=number, page_id=page.pk).first()
    if revision is None:
        form.add_error(None, "This edit started from a revision of another page.")
    return revision


def _edit_fields(form, page):
    return {name: form.cleaned_data[name] for name in kinds.get(page.kind).fields}


def _timeline_preview(field, text, pos, series_id):
    """A fact as the page shows it at `pos`: its latest value or the list of
    its values, as Markdown with links resolved or as plain text."""
    if field.one_value:
        return storytime.value_at(text, pos)
    lines = storytime.values_at(text, pos)
    if not field.links:
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))
    listed = "\n".join(f"- {line}" for line in lines)
    return mark_safe(markup.render(listed, series_id=series_id).html)  # noqa: S308


def preview(form, page_kind, series_id=None):
    """The page as it would read, at the progress the editor chose."""
    labels = field_labels(page_kind)
    model = kinds.get(page_kind).model
    pos = storytime.parse_position(form.cleaned_data.get("preview_as") or "")
    pos = storytime.EVERYTHING if pos is None else pos
    fields = []
    for name in kinds.get(page_kind).edit_fields:
        value = form.cleaned_data.get(name)
        field = model._meta.get_field(name)
        if isinstance(field, TimelineField):
            value = _timeline_preview(field, value or "", pos, series_id)
        fields.append((labels[name], value))
    body = markup.render(
        form.cleaned_data.get("body", ""), position=pos, series_id=series_id
    )
    return {
        "title": form.cleaned_data.get("title"),
        "body": mark_safe(body.html),  # noqa: S308 (sanitised by nh3)
        "fields": fields,
        "as_of": storytime.label(pos),
    }


@whole_story
def edit(request, slug):
    page = _page(request, slug)
    instance = services.typed(page)
    form_class = page_form(page.kind)
    refusal = edit_refusal(request.user, page, ip=ratelimit.client_ip(request))
    if request.method != "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        form = form_class(
            instance=instance, initial={"base_revision": page.current_revision_id}
        )
        return _render_edit(request, page, form, refusal=refusal)

    form = form_class(request.POST, instance=instance)
    if refusal:
        form.is_valid()
        return _render_edit(request, page, form, status=403, refusal=refusal)
    if not form.is_valid():
        return _render_edit(request, page, form, status=400)
    base = _base_revision(form, page)
    if base is None and page.current_revision_id:
        form.add_error(None, UNKNOWN_BASE)
    if form.errors:
        return _render_edit(request, page, form, status=400)
    if "preview" in request.POST:
        return _render_edit(
            request,
            page,
            form,
            preview=preview(form, page.kind, instance.story_series_id),
        )
    if ratelimit.is_limited(request, "edit"):
        return _render_edit(
            request,
            page,
            form,
            status=429,
            refusal=TOO_FAST,
        )
    try:
        revision = services.revise_page(
            page=page,
            author=request.user,
            changes=_edit_fields(form, page),
            base_revision=base,
            summary=form.cleaned_data["summary"],
            is_minor=form.cleaned_data["is_minor"],
        )
    except services.EditConflict as conflict:
        return _render_conflict(request, page, form, conflict)
    except ValidationError as error:
        form.add_error(None, error)
        return _render_edit(request, page, form, status=400)
    if revision is None:
        messages.info(request, "Nothing to save: the page already reads like that.")
    else:
        messages.success(request, "Your edit was saved.")
    page.refresh_from_db()
    return redirect(page)


def _render_conflict(request, page, form, conflict):
    """Show the user's text intact beside the current one, ready to merge."""
    data = request.POST.copy()
    data["base_revision"] = conflict.current.pk
    # Fields the user left as they were show the page's current values, so
    # saving again keeps what others changed there.
    base = normalised(conflict.base.data) if conflict.base else {}
    mine = normalised(services.jsonable(_edit_fields(form, page)))
    for name, value in conflict.current.data.items():
        if name in mine and conflict.base and mine[name] == base.get(name):
            data[name] = "" if value is None else str(value)
    form = page_form(page.kind)(data, instance=services.typed(page))
    form.is_valid()
    labels = field_labels(page.kind)
    return _render_edit(
        request,
        page,
        form,
        status=409,
        conflict={
            "current": conflict.current,
            "fields": [labels.get(name, name) for name in conflict.fields],
            "body": conflict.current.data.get("body", ""),
            "diff": line_diff(
                conflict.current.data.get("body", ""), form.data.get("body", "")
            ),
        },
    )


@whole_story
def restore(request, slug, number):
    """Restoring an old revision: first what it would change and why, then
    the restore itself, from the version of the page the user was shown."""
    page = _page(request, slug)
    revision = get_object_or_404(Revision, page=page, number=number)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    refusal = edit_refusal(request.user, page, ip=ratelimit.client_ip(request))
    if refusal:
        return render(request, "403.html", {"reason": refusal}, status=403)
    if request.method != "POST":
        form = RestoreForm(initial={"base_revision": page.current_revision_id})
        return _render_restore(request, page, revision, form)
    form = RestoreForm(request.POST)
    base = None
    if form.is_valid():
        base = Revision.objects.filter(
            pk=form.cleaned_data["base_revision"], page=page
        ).first()
        if base is None:
            form.add_error(None, UNKNOWN_RESTORE_BASE)
    if form.errors:
        return _render_restore(request, page, revision, form, status=400)
    if ratelimit.is_limited(request, "edit"):
        messages.error(request, TOO_FAST)
        return redirect("wiki:restore", slug=slug, number=number)
    try:
        result = services.restore_revision(
            page=page,
            revision=revision,
            author=request.user,
            base_revision=base,
            summary=form.cleaned_data["summary"],
        )
    except services.EditConflict as conflict:
        return _restore_conflict(request, page, revision, base, conflict)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("wiki:history", slug=slug)
    if result is None:
        messages.info(request, f"The page already matches revision {number}.")
    else:
        messages.success(request, f"Revision {number} was restored.")
    page.refresh_from_db()
    return redirect(page)


def _render_restore(request, page, revision, form, *, status=200):
    context = {
        "page": page,
        "revision": revision,
        "form": form,
        "changes": diff_snapshots(
            page.current_revision.data,
            revision.data,
            labels=field_labels(page.kind),
        ),
    }
    return render(request, "wiki/revision_restore.html", context, status=status)


def _restore_conflict(request, page, revision, base, conflict):
    """The page changed, where the restore would change it, since the user
    was shown the restore: show what it would change now, and say who
    changed what."""
    page.refresh_from_db()
    data = request.POST.copy()
    data["base_revision"] = conflict.current.pk
    form = RestoreForm(data)
    form.is_valid()
    form.add_error(
        None,
        conflicts.explain(
            page,
            base=base,
            current=conflict.current,
            fields=conflict.fields,
            labels=field_labels(page.kind),
            then="Nothing was restored. Below is what restoring would change "
            "now: restore again if you still want it.",
        ),
    )
    return _render_restore(request, page, revision, form, status=409)


@require_POST
@permission_required("wiki.rollback_edits", raise_exception=True)
def rollback(request, slug):
    page = _page(request, slug)
    refusal = block_refusal(request.user, ip=ratelimit.client_ip(request))
    if refusal:
        return render(request, "403.html", {"reason": refusal}, status=403)
    revision_id = request.POST.get("revision", "")
    expected = Revision.objects.filter(
        page=page, pk=int(revision_id) if storytime.is_id(revision_id) else 0
    ).first()
    if expected is None:
        messages.error(request, "That rollback link is not for this page.")
        return redirect("wiki:history", slug=slug)
    try:
        services.rollback(page=page, author=request.user, expected=expected)
    except services.StaleRollback as refusal:
        messages.error(request, str(refusal))
        return redirect("wiki:history", slug=slug)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("wiki:history", slug=slug)
    messages.success(request, "The edits were rolled back.")
    back = safe_next(request, request.POST.get("next"))
    if back:
        return redirect(back)
    page.refresh_from_db()
    return redirect(page)


def _render_protect(request, page, form, *, status=200):
    edits, days = threshold()
    context = {
        "page": page,
        "form": form,
        "established_edits": edits,
        "established_days": days,
    }
    return render(request, "wiki/page_protect.html", context, status=status)


@permission_required("wiki.protect_pages", raise_exception=True)
def protect(request, slug):
    """Who may edit a page, and until when: the form, then the change."""
    page = _page(request, slug)
    if request.method != "POST":
        level = page.protection_level or UNPROTECTED
        initial = {"level": level, "expiry": INDEFINITE}
        return _render_protect(request, page, ProtectForm(initial=initial))
    form = ProtectForm(request.POST)
    if not form.is_valid():
        return _render_protect(request, page, form, status=400)
    refusal = block_refusal(request.user, ip=ratelimit.client_ip(request))
    status = 403
    if refusal is None and ratelimit.is_limited(request, "moderate"):
        refusal, status = TOO_FAST, 429
    if refusal:
        form.add_error(None, refusal)
        return _render_protect(request, page, form, status=status)
    level = form.cleaned_data["level"]
    span = duration(form.cleaned_data["expiry"])
    changed = services.set_protection(
        page=page,
        author=request.user,
        level=level,
        until=timezone.now() + span if level and span else None,
        reason=form.cleaned_data["reason"],
    )
    if changed is None:
        messages.info(request, "The page was already protected like that.")
    else:
        summary = services.protection_summary(page.protection, page.protected_until)
        messages.success(request, f"{summary}.")
    return redirect(page)


def _same_origin(request):
    """Whether the browser says the form was sent from this site's own pages."""
    if request.headers.get("Sec-Fetch-Site") == "same-origin":
        return True
    origin = request.headers.get("Origin", "")
    return bool(origin) and origin == f"{request.scheme}://{request.get_host()}"


def csrf_failure(request, reason=""):
    """A save refused for a stale form token keeps the text the user typed."""
    try:
        match = resolve(request.path)
    except Resolver404:
        match = None
    if (
        request.method == "POST"
        and match
        and match.view_name == "wiki:edit"
        and request.user.is_authenticated
        and _same_origin(request)
    ):
        page = Page.objects.filter(slug=match.kwargs["slug"]).first()
        if page is not None:
            form = page_form(page.kind)(request.POST, instance=services.typed(page))
            form.is_valid()
            return _render_edit(
                request,
                page,
                form,
                status=403,
                refusal="Your session expired before you saved, so nothing was "
                "saved. Your text is below: save again.",
            )
    return render(request, "403_csrf.html", status=403)
