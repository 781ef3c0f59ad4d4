"""
Deleting and undeleting pages (files included), as services.

A deleted page keeps its row and every revision: only `Page.deleted_at` is
set. The default managers of every kind leave it out, so lists, indexes,
links, feeds and the API lose it at once; what was derived from its text
(its search entries, categories and outgoing links) is removed, and built
again from the page on undeletion, so that searches, category pages and
"what links here" need no filter of their own. Both are logged.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from wiki import categories, invalidation, kinds, logs
from wiki.models import LogEntry, Page, PageCategory, PageLink, Redirect, SearchEntry
from wiki.search import backends, documents
from wiki.services import update_links

# Reasons offered on the form, as MediaWiki's deletion form offers them.
COMMON_REASONS = (
    "Vandalism",
    "Spam or advertising",
    "Nonsense or test page",
    "Duplicate of another page",
    "Copyright violation",
    "Not about the series",
    "Requested by its only author",
    "Broken redirect or empty page",
)


def _typed(pk: int, kind: str):
    # The base manager reads deleted pages too.
    return kinds.get(kind).model._base_manager.get(pk=pk)


def _lock(page) -> Page:
    return Page.including_deleted.select_for_update().get(pk=page.pk)


def _needed_by(page) -> list[str]:
    """Live pages that cannot stand without this one: pages of another kind
    whose required link points at it (a season's episodes, a series'
    seasons). Optional links (a character's series, a portrait) do not
    count: they simply stop showing it."""
    titles = []
    for relation in page._meta.related_objects:
        field = relation.field
        model = relation.related_model
        if relation.one_to_many and issubclass(model, Page) and not field.null:
            rows = model.objects.filter(**{field.name: page.pk})
            titles += list(rows.order_by("pk").values_list("title", flat=True)[:4])
    return titles


def _missing_parents(page) -> list[str]:
    """Deleted pages this one needs (its season, its series)."""
    titles = []
    for field in page._meta.concrete_fields:
        model = field.related_model
        if (
            field.many_to_one
            and not field.null
            and model is not None
            and issubclass(model, Page)
        ):
            parent = Page.including_deleted.filter(pk=getattr(page, field.attname))
            titles += list(parent.deleted().values_list("title", flat=True))
    return titles


def _listing(titles) -> str:
    shown = ", ".join(f"“{title}”" for title in titles[:3])
    return shown + (" and others" if len(titles) > 3 else "")


def delete_page(*, page, actor, reason: str) -> LogEntry:
    """Hide the page everywhere, keeping its row and history; refused for a
    page other live pages need, and for one already deleted."""
    with transaction.atomic():
        hub = _lock(page)
        if hub.is_deleted:
            raise ValidationError("This page is already deleted.")
        typed = _typed(hub.pk, hub.kind)
        if needed := _needed_by(typed):
            raise ValidationError(
                f"{_listing(needed)} cannot stand without this page: delete them first."
            )
        Page.including_deleted.filter(pk=hub.pk).update(deleted_at=timezone.now())
        entries = list(
            SearchEntry.objects.filter(page_id=hub.pk).values_list("pk", flat=True)
        )
        backends.unindex(entries)
        SearchEntry.objects.filter(pk__in=entries).delete()
        PageCategory.objects.filter(page_id=hub.pk).delete()
        PageLink.objects.filter(source_id=hub.pk).delete()
        invalidation.page_changed(typed)
        return _log(logs.Action.DELETE, hub, actor=actor, reason=reason)


def _log(action, hub, *, actor, reason) -> LogEntry:
    return logs.record(
        action,
        actor=actor,
        page=hub,
        reason=reason,
        details={
            "kind": hub.kind,
            "slug": hub.slug,
            "revisions": hub.revisions.count(),
        },
    )


def undelete_refusal(page) -> str | None:
    """Why the deleted page cannot come back as it was, or None."""
    taken = Page.objects.filter(slug=page.slug).first()
    if taken is not None:
        return (
            f"A new page, “{taken.title}”, has been created at this address "
            "since: rename or delete it first, then undelete this one."
        )
    redirect = Redirect.objects.filter(
        slug=page.slug, target__deleted_at__isnull=True
    ).first()
    if redirect is not None and redirect.target_id != page.pk:
        return (
            f"This address now leads to “{redirect.target}”: remove that "
            "redirect first, then undelete this page."
        )
    if parents := _missing_parents(_typed(page.pk, page.kind)):
        return (
            f"It belongs to {_listing(parents)}, which is deleted: undelete that first."
        )
    return None


def undelete_page(*, page, actor, reason: str) -> LogEntry:
    """Bring a deleted page back with all its history, exactly as it was."""
    with transaction.atomic():
        hub = _lock(page)
        if not hub.is_deleted:
            raise ValidationError("This page is not deleted.")
        if refusal := undelete_refusal(hub):
            raise ValidationError(refusal)
        Page.including_deleted.filter(pk=hub.pk).update(deleted_at=None)
        typed = _typed(hub.pk, hub.kind)
        update_links(typed)
        categories.refresh(typed)
        documents.refresh(typed)
        invalidation.page_changed(typed)
        return _log(logs.Action.UNDELETE, hub, actor=actor, reason=reason)


def deletion_of(page) -> LogEntry | None:
    """The log entry of the page's latest deletion."""
    return (
        LogEntry.objects.filter(page_id=page.pk, action=logs.Action.DELETE)
        .select_related("actor")
        .first()
    )
