"""What every search backend hands back, and how it marks its matches."""

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wiki import kinds

START, STOP = "\x02", "\x03"
MAX_QUERY = 200
# Matches are counted, and ranked in full, up to this many; past it a search
# says "more than" and ranks a sample (as search engines cap their counts).
COUNTED = 1000
WORD = re.compile(r"\w+")


@dataclass
class Hit:
    page_id: int
    title: str
    slug: str
    kind: str
    snippet: SafeString

    @property
    def url(self):
        return kinds.get(self.kind).url_for(self.slug)


@dataclass
class Results:
    hits: list[Hit]
    total: int
    suggestion: str | None
    more: bool = False  # more pages match than `total` counts


def highlight(text: str) -> SafeString:
    """Escape a database snippet, then turn its markers into <mark> tags."""
    marked = escape(text or "").replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(marked)  # noqa: S308 (escaped above)


def normalise(query: str) -> str:
    return " ".join((query or "").split())[:MAX_QUERY]
