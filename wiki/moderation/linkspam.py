"""The link blocklist: external links a contributor who is not yet
established adds are checked against the patterns editors keep."""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction

from wiki import logs
from wiki.models import LinkRule

# Any http(s) address in any text: Markdown links, autolinks, raw HTML and
# bare addresses alike (the blocklist is about the address, not the markup).
URL = re.compile(r"https?://[^\s<>\"'()\[\]{}|\\^`]+", re.IGNORECASE)
TRAILING = ".,;:!?*_~"


def external_links(values) -> set[str]:
    """Every external address in the text values of a snapshot."""
    found = set()
    for value in values:
        if isinstance(value, str):
            found |= {url.rstrip(TRAILING) for url in URL.findall(value)}
    return found


def added_links(old: dict | None, new: dict) -> set[str]:
    """Addresses in `new` that `old` did not have."""
    before = external_links((old or {}).values())
    return external_links(new.values()) - before


def host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def matches(rule: LinkRule, url: str) -> bool:
    if rule.is_regex:
        return re.search(rule.pattern, url, re.IGNORECASE) is not None
    domain = rule.pattern.lower().strip(".")
    name = host(url)
    return name == domain or name.endswith(f".{domain}")


def refusal(urls: set[str]) -> str | None:
    """Why these links may not be added, naming the first one blocked; None
    if none is. One query, and none at all when nothing was added."""
    if not urls:
        return None
    rules = list(LinkRule.objects.all())
    for url in sorted(urls):
        for rule in rules:
            if matches(rule, url):
                return (
                    f"The link {url} is on the spam blocklist ({rule.reason}). "
                    "Remove it and save again."
                )
    return None


def check(*, old: dict | None, new: dict) -> None:
    """Refuse a save that adds a blocked link: a ValidationError naming it."""
    reason = refusal(added_links(old, new))
    if reason:
        raise ValidationError(reason, code="link_spam")


def add_rule(*, actor, pattern: str, is_regex: bool, reason: str) -> LinkRule:
    """Add a pattern to the blocklist, and log it."""
    with transaction.atomic():
        rule = LinkRule.objects.create(
            pattern=pattern, is_regex=is_regex, reason=reason, added_by=actor
        )
        logs.record(
            logs.Action.LINK_BLOCKLIST,
            actor=actor,
            target=pattern,
            reason=reason,
            details={"change": "added", "regex": is_regex},
        )
    return rule


def remove_rule(*, actor, rule_id: int, reason: str = "") -> LinkRule | None:
    """Take a pattern off the blocklist, and log it; None if it was gone."""
    with transaction.atomic():
        rule = LinkRule.objects.select_for_update().filter(pk=rule_id).first()
        if rule is None:
            return None
        rule.delete()
        logs.record(
            logs.Action.LINK_BLOCKLIST,
            actor=actor,
            target=rule.pattern,
            reason=reason or rule.reason,
            details={"change": "removed", "regex": rule.is_regex},
        )
    return rule
