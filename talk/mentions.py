"""
Users named in a comment, `[[User:name]]` or `@name`: found to tell them
(wiki.signals.comment_posted) and shown as links to their profiles.

Mentions in code (`` `@decorator` ``, fenced blocks) are text, not mentions.
"""

import re

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower
from django.urls import reverse

USER_LINK = re.compile(r"\[\[\s*user\s*:\s*([\w.@+-]+)\s*(?:\|([^\]\n]*))?\]\]", re.I)
# Not inside an e-mail address or a word; a sentence's full stop is no part
# of the name.
AT_NAME = re.compile(r"(?<![\w@.+-])@(\w(?:[\w.+-]*\w)?)")
CODE = re.compile(r"(```.*?(?:```|\Z)|~~~.*?(?:~~~|\Z)|`[^`\n]*`)", re.S)


def _prose(text: str) -> list[str]:
    """The text cut into pieces, code at odd indices."""
    return CODE.split(text or "")


def names(text: str) -> set[str]:
    """Every name the text mentions, lower-cased (accounts are unique
    whatever the case of their letters)."""
    found = set()
    for piece in _prose(text)[::2]:
        found |= {match[1].lower() for match in USER_LINK.finditer(piece)}
        found |= {match[1].lower() for match in AT_NAME.finditer(piece)}
    return found


def users(wanted: set[str]) -> dict:
    """{lower-cased name: active user} for the names that are accounts: a query."""
    if not wanted:
        return {}
    found = (
        get_user_model()
        .objects.annotate(lowered=Lower("username"))
        .filter(lowered__in=wanted, is_active=True)
        .only("pk", "username")
        .order_by("pk")
    )
    return {user.lowered: user for user in found}


def mentioned(text: str) -> list:
    """The accounts a text mentions."""
    return list(users(names(text)).values())


def _profile(user) -> str:
    return reverse("wiki:user", kwargs={"username": user.get_username()})


def linked(text: str, known: dict) -> str:
    """The text with each mention of an account made a Markdown link to its
    profile; `[[User:name]]` of no account is left as its words."""

    def user_link(match):
        user = known.get(match[1].lower())
        label = (match[2] or "").strip() or match[1]
        return f"[{label}](<{_profile(user)}>)" if user else label

    def at_name(match):
        user = known.get(match[1].lower())
        return f"[@{match[1]}](<{_profile(user)}>)" if user else match[0]

    pieces = _prose(text)
    for index in range(0, len(pieces), 2):
        piece = USER_LINK.sub(user_link, pieces[index])
        pieces[index] = AT_NAME.sub(at_name, piece)
    return "".join(pieces)
