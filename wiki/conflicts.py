"""
What an edit conflict tells the person whose save was refused: which fields
others changed since their form was opened, who changed each and when, and
where to see it all. The admin's forms, restores and imports say it alike.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

from wiki.models import Revision
from wiki.text import normalised


@dataclass(frozen=True)
class FieldChange:
    label: str
    revision: Revision  # the last revision that changed the field

    @property
    def who(self) -> str:
        author = self.revision.author
        return author.get_username() if author else "the importer"

    @property
    def when(self) -> str:
        moment = timezone.localtime(self.revision.created_at)
        return date_format(moment, "j F Y, H:i")


def changes_since(
    *, base: Revision, current: Revision, fields: list[str], labels: dict[str, str]
) -> list[FieldChange]:
    """Each field's last change between `base` and `current`, in one query."""
    revisions = list(
        Revision.objects.filter(
            page_id=current.page_id,
            number__gte=base.number,
            number__lte=current.number,
        )
        .select_related("author")
        .order_by("number")
    )
    last = {}
    for before, after in zip(revisions, revisions[1:], strict=False):
        old, new = normalised(before.data), normalised(after.data)
        for name in fields:
            if old.get(name) != new.get(name):
                last[name] = after
    return [
        FieldChange(labels.get(name, name), last[name])
        for name in fields
        if name in last
    ]


def named(changes: list[FieldChange]) -> str:
    """The changes in words: "Status (by jess, 1 December 2026, 10:02)"."""
    return "; ".join(f"{c.label}{_by(c)}" for c in changes)


def _by(change: FieldChange | None) -> str:
    return f" (by {change.who}, {change.when})" if change else ""


def diff_url(page, *, base: Revision, current: Revision) -> str:
    url = reverse("wiki:diff", args=[page.slug])
    return f"{url}?from={base.number}&to={current.number}"


def explain(page, *, base, current, fields, labels, then: str):
    """The refusal, as HTML: the fields, who changed each and when, a link to
    the diff, and `then` (what became of the person's input)."""
    found = {
        change.label: change
        for change in changes_since(
            base=base, current=current, fields=fields, labels=labels
        )
    }
    said = [labels.get(name, name) for name in fields]
    named = format_html_join(
        "; ", "{}{}", ((label, _by(found.get(label))) for label in said)
    )
    if base.number == current.number:  # changed outside the history (an address)
        return format_html(
            "Edit conflict: since this form was opened, the same fields were "
            "changed by someone else: {}. {}",
            named,
            then,
        )
    return format_html(
        "Edit conflict: since this form was opened, the same fields were changed "
        'by someone else: {}. <a href="{}">See what changed</a> (revision {} to '
        "{}). {}",
        named,
        diff_url(page, base=base, current=current),
        base.number,
        current.number,
        then,
    )
