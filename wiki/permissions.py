"""Who may do what to a page. Roles are Django groups (see migration 0003).

Refusals take the request's address (`ip`, from `wiki.ratelimit.client_ip`)
so that blocks of addresses and ranges apply as well as blocks of accounts;
without it, only an account's own block counts."""

from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.utils.dateformat import format as format_date

from wiki.moderation.blocks import active_block
from wiki.moderation.established import is_established, progress, threshold

WHEN = "j F Y, H:i T"


def when(moment) -> str:
    return format_date(timezone.localtime(moment), WHEN)


def block_refusal(user, *, ip: str | None = None) -> str | None:
    """Why a block keeps `user` (at `ip`) from writing, or None."""
    block = active_block(user, ip or "")
    if block is None:
        return None
    if block.user_id:
        who = "Your account is blocked"
    elif block.is_range:
        who = f"Your IP address is in the blocked range {block.address}"
    else:
        who = f"Your IP address ({block.address}) is blocked"
    until = f"until {when(block.expires_at)}" if block.expires_at else "indefinitely"
    by = block.blocked_by.get_username() if block.blocked_by else "an editor"
    return (
        f"{who} from editing {until}, by {by}: “{block.reason}”. You can still "
        "read the wiki, and reply on your own talk page."
    )


def protection_refusal(user, page) -> str | None:
    level = page.protection_level
    if not level or user.has_perm("wiki.edit_protected_pages"):
        return None
    until = f" until {when(page.protected_until)}" if page.protected_until else ""
    if level == page.Protection.EDITORS:
        return f"This page is protected{until}: only editors may change it."
    if is_established(user):
        return None
    edits, days = threshold()
    made = progress(user)
    return (
        f"This page is semi-protected{until}: only established contributors "
        f"(accounts at least {days} days old with {edits} edits) may change it; "
        f"you have made {made['made']} edit{pluralize(made['made'])} in "
        f"{made['age_days']} day{pluralize(made['age_days'])}. Suggest your "
        "change on its talk page meanwhile."
    )


def edit_refusal(user, page, *, ip: str | None = None) -> str | None:
    """Why `user` may not edit `page`, or None if they may."""
    if not user.is_authenticated:
        return "You are not logged in. Log in (in another tab) and save again."
    if not user.has_perm("wiki.edit_pages"):
        return "Your account may not edit pages."
    return block_refusal(user, ip=ip) or protection_refusal(user, page)


def can_edit(user, page, *, ip: str | None = None) -> bool:
    return edit_refusal(user, page, ip=ip) is None


def create_refusal(user, *, ip: str | None = None) -> str | None:
    if not user.is_authenticated:
        return "You are not logged in. Log in (in another tab) and save again."
    if not user.has_perm("wiki.create_articles"):
        return "Your account may not create pages."
    return block_refusal(user, ip=ip)


def talk_refusal(user, *, own_talk: bool = False, ip: str | None = None) -> str | None:
    """Why `user` may not post on a discussion, or None if they may.
    `own_talk`: the discussion is the user's own (blocked users may still
    answer there). `ip`: the request's address, for blocks of addresses."""
    if not user.is_authenticated:
        return "Log in to take part in discussions."
    if not user.has_perm("wiki.edit_pages"):
        return "Your account may not take part in discussions."
    if own_talk:
        return None
    return block_refusal(user, ip=ip)
