"""Writing to the public log (wiki.models.LogEntry), from whichever service
carries the action out, inside its transaction."""

from wiki import invalidation
from wiki.models import LogEntry

Action = LogEntry.Action


def record(
    action, *, actor, page=None, user=None, target="", reason="", details=None
) -> LogEntry:
    """Log `action` by `actor` on a page, an account or another target."""
    entry = LogEntry.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        page=page,
        page_title=page.title if page is not None else "",
        target_user=user,
        target=str(target)[:200],
        reason=str(reason)[:500],
        details=details or {},
    )
    # The log and recent changes show it (the pages an action changes, the
    # service that changed them invalidates).
    invalidation.anything_changed()
    return entry


# The log's types, as MediaWiki groups its logs: type → (label, actions).
TYPES = {
    "delete": ("Deletions", [Action.DELETE, Action.UNDELETE]),
    "protect": ("Protections", [Action.PROTECT, Action.UNPROTECT]),
    "move": ("Renames", [Action.RENAME]),
    "block": ("Blocks", [Action.BLOCK, Action.UNBLOCK]),
    "upload": ("Uploads", [Action.UPLOAD]),
    "newusers": ("New accounts", [Action.CREATE_ACCOUNT]),
    "patrol": ("Patrols", [Action.PATROL]),
    "rights": ("Rights changes", [Action.RIGHTS]),
    "comments": ("Comments", [Action.HIDE_COMMENT, Action.UNHIDE_COMMENT]),
    "blocklist": ("Link blocklist", [Action.LINK_BLOCKLIST]),
}


def type_of(action) -> str:
    """The log type an action belongs to ("" for one no type names)."""
    return next((name for name, (_, acts) in TYPES.items() if action in acts), "")


def concerning(entry) -> str:
    """What an entry is about, in words: a page's title, a username, or the
    other target it names."""
    if entry.page_title:
        return entry.page_title
    if entry.target_user is not None:
        return entry.target_user.get_username()
    return entry.target
