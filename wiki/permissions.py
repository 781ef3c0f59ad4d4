"""Who may do what to a page. Roles are Django groups (see migration 0003)."""


def edit_refusal(user, page) -> str | None:
    """Why `user` may not edit `page`, or None if they may."""
    if not user.is_authenticated:
        return "You are not logged in. Log in (in another tab) and save again."
    if not user.has_perm("wiki.edit_pages"):
        return "Your account may not edit pages."
    if page.is_protected and not user.has_perm("wiki.edit_protected_pages"):
        return "This page is protected: only editors may change it."
    return None


def can_edit(user, page) -> bool:
    return edit_refusal(user, page) is None


def create_refusal(user) -> str | None:
    if not user.is_authenticated:
        return "You are not logged in. Log in (in another tab) and save again."
    if not user.has_perm("wiki.create_articles"):
        return "Your account may not create pages."
    return None


def talk_refusal(user, *, own_talk: bool = False) -> str | None:
    """Why `user` may not post on a discussion, or None if they may.
    `own_talk`: the discussion is the user's own (blocked users may still
    answer there)."""
    if not user.is_authenticated:
        return "Log in to take part in discussions."
    if not user.has_perm("wiki.edit_pages"):
        return "Your account may not take part in discussions."
    return None
