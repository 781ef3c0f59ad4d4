"""
Every change to a page goes through here, wherever it comes from (the site, the
admin, the seed command), so that each one leaves exactly one revision.

A save locks the page's hub row for the length of its transaction, so saves of
one page queue up; each compares the revision it started from with the page's
current one, and the one-to-one `Revision.parent` backs this up in the database.
"""

import json
import logging

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from wiki import categories, invalidation, kinds, logs, signals
from wiki.markup import embed_targets, link_targets
from wiki.models import Article, Page, PageLink, Patrol, Redirect, Revision
from wiki.moderation import linkspam
from wiki.moderation.established import is_established
from wiki.moderation.patrol import needs_patrol, settle_rolled_back
from wiki.search import documents
from wiki.text import normalised

logger = logging.getLogger(__name__)
Action = Revision.Action
# Actions that change nothing when the content is unchanged.
CONTENT_ACTIONS = {Action.CREATE, Action.EDIT, Action.RESTORE, Action.ROLLBACK}


class EditConflict(Exception):
    """The page changed since the edit began, in the fields the edit changed."""

    def __init__(self, *, current: Revision, fields: list[str], base=None):
        super().__init__(f"Edit conflict on {', '.join(fields)}")
        self.current = current
        self.fields = fields
        self.base = base


class StaleRollback(Exception):
    """The page changed after the rollback link was made."""


def jsonable(values: dict) -> dict:
    """Values as they are stored in a revision (dates as ISO strings…)."""
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def snapshot(page) -> dict:
    """What a revision holds of a page: its fields, text as it is stored, and
    its parts (rows of its own: credits…), as restoring would leave them."""
    kind = kinds.get(page.kind)
    values = {name: getattr(page, name) for name in kind.fields}
    for name in kind.link_fields:  # the page linked to, by id
        values[name] = getattr(page, page._meta.get_field(name).attname)
    pending = getattr(page, "_pending_parts", {})
    for part in kind.parts:
        rows = pending[part.name] if part.name in pending else part.read(page)
        values[part.name] = rows
    return normalised(jsonable(values))


def same_content(kind_name: str, old: dict, new: dict) -> bool:
    """Whether two snapshots hold the same content. A revision made before
    its kind had a link field or a part lacks it: it reads as empty."""
    kind = kinds.get(kind_name)
    empty = dict.fromkeys(kind.link_fields)
    empty |= {part.name: [] for part in kind.parts}
    return empty | normalised(old) == empty | normalised(new)


def apply_snapshot(page, data: dict) -> None:
    """Set the page's fields from a snapshot; its parts wait for the page to
    be saved (`write_parts`)."""
    kind = kinds.get(page.kind)
    for name in kind.fields:
        if name in data:
            field = page._meta.get_field(name)
            setattr(page, name, field.to_python(data[name]))
    for name in kind.link_fields:
        if name in data:
            _link(page, page._meta.get_field(name), data[name])
    page._pending_parts = {
        part.name: data[part.name] for part in kind.parts if part.name in data
    }


def _link(page, field, value) -> None:
    """Link the page to another by id: none if that page is gone for good
    since the revision was made (a restore cannot bring it back)."""
    target = field.to_python(value)
    if target is not None and target != getattr(page, field.attname):
        if not field.related_model._base_manager.filter(pk=target).exists():
            target = None
    setattr(page, field.attname, target)


def write_parts(page) -> None:
    """Make the page's parts match what `apply_snapshot` set."""
    pending = getattr(page, "_pending_parts", {})
    for part in kinds.get(page.kind).parts:
        if part.name in pending:
            part.write(page, pending[part.name])
    page._pending_parts = {}


def typed(page):
    """The page as its kind's model (an Episode rather than its hub record)."""
    model = kinds.get(page.kind).model
    return page if isinstance(page, model) else model.objects.get(pk=page.pk)


def merge(*, base: dict, current: dict, mine: dict) -> dict:
    """Three-way merge of snapshots; raise EditConflict where both sides differ."""
    clashes = [
        name
        for name, value in mine.items()
        if value != base.get(name)
        and current.get(name) != base.get(name)
        and value != current.get(name)
    ]
    if clashes:
        raise EditConflict(current=None, fields=clashes)
    changed = {name: v for name, v in mine.items() if v != base.get(name)}
    return current | changed


def _lock(page) -> Page:
    return Page.objects.select_for_update().get(pk=page.pk)


def _current(hub: Page) -> Revision | None:
    if hub.current_revision_id is None:
        return None
    return Revision.objects.get(pk=hub.current_revision_id)


def update_links(page) -> None:
    targets = (link_targets(page.body) | embed_targets(page.body)) - {page.slug}
    PageLink.objects.filter(source_id=page.pk).exclude(target_slug__in=targets).delete()
    known = set(
        PageLink.objects.filter(source_id=page.pk).values_list("target_slug", flat=True)
    )
    PageLink.objects.bulk_create(
        PageLink(source_id=page.pk, target_slug=slug) for slug in targets - known
    )


def record_revision(
    *, page, author=None, summary="", is_minor=False, action=Action.EDIT
) -> Revision | None:
    """Append a revision for the page as saved; none if nothing changed.

    Whichever way an edit comes (the site, an upload, the admin), this is
    where links a newcomer adds are checked against the blocklist (raising
    ValidationError, which undoes the save) and where a newcomer's edit is
    put in the patrol queue."""
    page = typed(page)
    with transaction.atomic():
        current = _current(_lock(page))
        data = snapshot(page)
        unchanged = current and same_content(page.kind, current.data, data)
        if unchanged and action in CONTENT_ACTIONS:
            return None
        if author is not None and not is_established(author):
            linkspam.check(old=current.data if current else None, new=data)
        revision = Revision.objects.create(
            page_id=page.pk,
            number=current.number + 1 if current else 1,
            parent=current,
            author=author if author and author.is_authenticated else None,
            action=action if current else Action.CREATE,
            summary=summary[:500],
            is_minor=is_minor,
            data=data,
        )
        if needs_patrol(author):
            Patrol.objects.create(revision=revision)
        Page.objects.filter(pk=page.pk).update(current_revision=revision)
        page.current_revision = revision
        update_links(page)
        categories.refresh(page)
        documents.refresh(page)
        invalidation.page_changed(page, old=current.data if current else None, new=data)
        transaction.on_commit(lambda: _announce(revision))
        return revision


def _announce(revision) -> None:
    """Tell listeners (watchlists, notifications) once the revision is saved;
    a listener that fails is logged and cannot undo the edit."""
    results = signals.revision_recorded.send_robust(sender=Revision, revision=revision)
    for receiver, outcome in results:
        if isinstance(outcome, Exception):
            logger.error(
                "%s failed on revision %s", receiver, revision.pk, exc_info=outcome
            )


def check_free_slug(page, slug) -> None:
    """Refuse an address another page, or a redirect to one, already has."""
    if not slug:
        raise ValidationError({"title": "A title needs at least one letter or digit."})
    taken = Page.objects.filter(slug=slug).exclude(pk=page.pk).first()
    if taken:
        raise ValidationError({"title": f"There is already a page called “{taken}”."})
    # A redirect to a deleted page leads nowhere: a new page may take its
    # address (claim_slug removes it).
    redirect = (
        Redirect.objects.filter(slug=slug, target__deleted_at__isnull=True)
        .exclude(target_id=page.pk)
        .first()
    )
    if redirect:
        raise ValidationError(
            {"title": f"“{redirect.title}” already leads to “{redirect.target}”."}
        )


def claim_slug(page, slug) -> None:
    """Check that the address is free, and drop a redirect from it to a
    deleted page, which the page now replaces."""
    check_free_slug(page, slug)
    Redirect.objects.filter(slug=slug, target__deleted_at__isnull=False).delete()


def log_rename(page, *, actor, old_slug, old_title, reason="") -> None:
    """Put a rename in the public log (with the revision the service made)."""
    logs.record(
        logs.Action.RENAME,
        actor=actor,
        page=page,
        reason=reason,
        details={
            "from": old_title,
            "to": page.title,
            "from_slug": old_slug,
            "to_slug": page.slug,
        },
    )


def leave_redirect(page, *, old_slug, old_title) -> None:
    """After a rename, the old address leads to the page under its new name."""
    if old_slug == page.slug:
        return
    Redirect.objects.filter(slug=page.slug, target_id=page.pk).delete()
    Redirect.objects.update_or_create(
        slug=old_slug, defaults={"title": old_title, "target_id": page.pk}
    )


def revise_page(
    *,
    page,
    author,
    changes: dict,
    base_revision: Revision | None,
    summary: str = "",
    is_minor: bool = False,
    action=Action.EDIT,
    outside: dict | None = None,
) -> Revision | None:
    """
    Save an edit made from `base_revision`. If the page has changed since,
    changes to other fields merge; a clash raises EditConflict. Returns the new
    revision, or None when the edit changes nothing.

    Without a base, `changes` apply to the page as it is now, so whatever they
    leave out stays as others left it. `outside` sets fields that revisions do
    not hold (an address, a portrait, a season's series): only the admin
    changes them, having checked them against the values its form showed.
    """
    with transaction.atomic():
        current = _current(_lock(page))
        instance = typed(Page(pk=page.pk, kind=page.kind))
        mine = normalised(jsonable(changes))
        if current and base_revision and base_revision.pk != current.pk:
            try:
                mine = merge(
                    base=normalised(base_revision.data),
                    current=normalised(current.data),
                    mine=mine,
                )
            except EditConflict as conflict:
                raise EditConflict(
                    current=current, fields=conflict.fields, base=base_revision
                ) from None
        old_slug, old_title = instance.slug, instance.title
        apply_snapshot(instance, mine)
        for name, value in (outside or {}).items():
            setattr(instance, name, value)
        if instance.slug != old_slug:  # moved by hand, in the admin
            check_free_slug(instance, instance.slug)
        elif instance.title != old_title:
            instance.slug = slugify(instance.title)
            claim_slug(instance, instance.slug)
        instance.full_clean()
        now = snapshot(instance)
        if current and not outside and same_content(page.kind, current.data, now):
            return None
        instance.save()
        write_parts(instance)
        leave_redirect(instance, old_slug=old_slug, old_title=old_title)
        if instance.slug != old_slug:
            log_rename(
                instance,
                actor=author,
                old_slug=old_slug,
                old_title=old_title,
                reason=summary,
            )
        return record_revision(
            page=instance,
            author=author,
            summary=summary,
            is_minor=is_minor,
            action=Action.RENAME if instance.slug != old_slug else action,
        )


def restore_revision(
    *,
    page,
    revision: Revision,
    author,
    base_revision: Revision | None,
    summary: str = "",
) -> Revision | None:
    """Bring back everything an old revision held, as a new revision; the
    summary says which revision, and why if the user said.

    `base_revision` is the page's revision when the user was shown what the
    restore would change: a field changed since then by someone else is kept
    if the restore leaves it alone, and a clash raises EditConflict."""
    if revision.page_id != page.pk:
        raise ValueError("That revision belongs to another page.")
    said = f"Restored revision {revision.number}"
    return revise_page(
        page=page,
        author=author,
        changes=revision.data,
        base_revision=base_revision,
        summary=f"{said}: {summary}" if summary else said,
        action=Action.RESTORE,
    )


def rollback(*, page, author, expected: Revision) -> Revision:
    """Undo the last author's consecutive edits, if nobody edited since."""
    with transaction.atomic():
        current = _current(_lock(page))
        if current is None or current.pk != expected.pk:
            raise StaleRollback("The page has changed since; nothing was rolled back.")
        target, undone = current, []
        while target is not None and target.author_id == current.author_id:
            undone.append(target.pk)
            target = target.parent
        if target is None:
            raise StaleRollback("Every revision is by the same author; use restore.")
        culprit = current.author.get_username() if current.author else "the importer"
        revision = revise_page(
            page=page,
            author=author,
            changes=target.data,
            base_revision=current,
            summary=f"Rolled back edits by {culprit} to revision {target.number}",
            action=Action.ROLLBACK,
        )
        settle_rolled_back(revision_ids=undone, actor=author)
        return revision


def protection_summary(level: str, until) -> str:
    """How a protection reads in history and the log."""
    if not level:
        return "Unprotected"
    said = {
        Page.Protection.ESTABLISHED: "established contributors only",
        Page.Protection.EDITORS: "editors only",
    }[level]
    when = f", until {until:%d %b %Y %H:%M} UTC" if until else ", indefinitely"
    return f"Protected: {said}{when}"


def set_protection(
    *,
    page,
    author,
    level: str | None = None,
    until=None,
    reason: str = "",
    protected: bool | None = None,
) -> Revision | None:
    """Set who may edit the page (a `Page.Protection`) and until when (None:
    until lifted); record a revision and log it. `protected` is the older
    yes/no form: editors only, or none. Nothing happens when the protection
    in force is already that."""
    if level is None:
        level = Page.Protection.EDITORS if protected else Page.Protection.NONE
    if not level:
        until = None
    if until is not None and until <= timezone.now():
        raise ValidationError("A protection must end in the future.")
    with transaction.atomic():
        hub = _lock(page)
        in_force = hub.protection_level
        if in_force == level and (not level or hub.protected_until == until):
            return None
        Page.objects.filter(pk=page.pk).update(protection=level, protected_until=until)
        page.protection, page.protected_until = level, until
        summary = protection_summary(level, until)
        logs.record(
            logs.Action.PROTECT if level else logs.Action.UNPROTECT,
            actor=author,
            page=hub,
            reason=reason,
            details={
                "level": level,
                "expires": until.isoformat() if until else None,
                "previous": in_force,
            },
        )
        return record_revision(
            page=typed(hub),
            author=author,
            summary=f"{summary}: {reason}" if reason else summary,
            action=Action.PROTECT if level else Action.UNPROTECT,
        )


def create_page(
    *,
    kind: str,
    author,
    changes: dict,
    outside: dict | None = None,
    summary: str = "",
) -> Page:
    """A new page of a kind and its first revision. `outside` sets fields
    that revisions do not hold (the series a new season belongs in)."""
    with transaction.atomic():
        page = kinds.get(kind).model(kind=kind)
        apply_snapshot(page, jsonable(changes))
        for name, value in (outside or {}).items():
            setattr(page, name, value)
        page.slug = slugify(page.title)
        claim_slug(page, page.slug)
        page.full_clean()
        try:
            with transaction.atomic():
                page.save()
        except IntegrityError:  # a request that ran alongside took its place
            taken = Page.objects.filter(slug=page.slug).exists()
            raise ValidationError(
                {"title": "There is already a page with this title."}
                if taken
                else "Another page was saved with these details at the same "
                "moment: check them, and save again."
            ) from None
        record_revision(page=page, author=author, summary=summary, action=Action.CREATE)
        return page


def create_article(*, author, changes: dict, summary: str = "") -> Article:
    """A new free article and its first revision."""
    return create_page(
        kind=kinds.ARTICLE, author=author, changes=changes, summary=summary
    )
