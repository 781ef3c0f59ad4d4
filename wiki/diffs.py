"""Readable differences between two revisions: field by field, the body by line
and, inside changed lines, by word."""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wiki import kinds, storytime
from wiki.models import Page

WORDS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass
class DiffLine:
    kind: str  # "same", "removed", "added", "changed"
    old: SafeString
    new: SafeString


@dataclass
class FieldDiff:
    name: str
    old: object
    new: object
    lines: list[DiffLine] | None = None


def _words(old: str, new: str) -> tuple[SafeString, SafeString]:
    a, b = WORDS.findall(old), WORDS.findall(new)
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes():
        removed, added = escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))
        if op == "equal":
            left.append(removed)
            right.append(added)
            continue
        if removed:
            left.append(f"<del>{removed}</del>")
        if added:
            right.append(f"<ins>{added}</ins>")
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308


def line_diff(old: str, new: str, *, context: int = 2) -> list[DiffLine]:
    """Changed lines with a little context; unchanged stretches collapse."""
    a, b = (old or "").splitlines(), (new or "").splitlines()
    lines = []
    matcher = difflib.SequenceMatcher(None, a, b)
    for group in matcher.get_grouped_opcodes(context):
        if lines:
            lines.append(DiffLine("gap", mark_safe(""), mark_safe("")))
        for op, i1, i2, j1, j2 in group:
            if op == "equal":
                lines += [DiffLine("same", escape(x), escape(x)) for x in a[i1:i2]]
                continue
            pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
            for offset in range(pairs):
                lines.append(
                    DiffLine("changed", *_words(a[i1 + offset], b[j1 + offset]))
                )
            for x in a[i1 + pairs : i2]:
                lines.append(DiffLine("removed", escape(x), mark_safe("")))
            for x in b[j1 + pairs : j2]:
                lines.append(DiffLine("added", mark_safe(""), escape(x)))
    return lines


# Fields that hold a position (wiki.fields.RevealField), whatever the kind.
REVEALS = {"revealed_in"}


def _episode(pos) -> str:
    return storytime.code(pos) if pos else "from the start"


def _lines(rows) -> str:
    """A page's part (a list of rows, see `kinds.Part`) as a diff reads it."""
    return "\n".join(row["line"] for row in rows) + "\n"


def link_fields() -> set[str]:
    """Fields that hold another page by its id (see `kinds.Kind.link_fields`)."""
    return {name for kind in kinds.all_kinds() for name in kind.link_fields}


def linked_titles(*snapshots: dict) -> dict[int, str]:
    """The titles of the pages that snapshots link to (an infobox's picture),
    deleted ones included, in one query."""
    names = link_fields()
    ids = {data.get(name) for data in snapshots for name in names} - {None}
    if not ids:
        return {}
    pages = Page.including_deleted.filter(pk__in=ids).order_by()
    return dict(pages.values_list("pk", "title"))


def _titled(value, titles: dict[int, str]) -> str:
    """A link read by the title of the page it leads to, not its number."""
    if value is None:
        return ""
    return titles.get(value, f"a file since deleted for good (#{value})")


def shown(value, *, name: str = "", titles: dict[int, str] | None = None):
    """A revision's value as a reader sees it: a part as its lines, a link as
    the title of the page linked to (`titles`: from `linked_titles`)."""
    if name in link_fields():
        return _titled(value, titles or {})
    return _lines(value).strip() if isinstance(value, list) else value


def diff_snapshots(old: dict, new: dict, *, labels: dict[str, str]) -> list[FieldDiff]:
    """One entry per field that differs, in the order of `labels`."""
    diffs = []
    links = link_fields() & labels.keys()
    changed = any(old.get(name) != new.get(name) for name in links)
    titles = linked_titles(old, new) if changed else {}
    for name, label in labels.items():
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        if name in REVEALS:  # a position, read as an episode code
            before, after = _episode(before), _episode(after)
        if name in links:
            before, after = _titled(before, titles), _titled(after, titles)
        if isinstance(before, list) or isinstance(after, list):
            before, after = _lines(before or []), _lines(after or [])
            if before == after:  # a part that a revision made before it lacks
                continue
        lines = None
        if isinstance(before or after, str) and "\n" in f"{before or ''}{after or ''}":
            lines = line_diff(before or "", after or "")
        elif isinstance(before or after, str):
            lines = [DiffLine("changed", *_words(before or "", after or ""))]
        diffs.append(FieldDiff(label, before, after, lines))
    return diffs
