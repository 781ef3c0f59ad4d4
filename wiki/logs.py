"""Writing to the public log (wiki.models.LogEntry), from whichever service
carries the action out, inside its transaction."""

from wiki.models import LogEntry

Action = LogEntry.Action


def record(
    action, *, actor, page=None, user=None, target="", reason="", details=None
) -> LogEntry:
    """Log `action` by `actor` on a page, an account or another target."""
    return LogEntry.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        page=page,
        page_title=page.title if page is not None else "",
        target_user=user,
        target=str(target)[:200],
        reason=str(reason)[:500],
        details=details or {},
    )
