"""
The ledger: every piece of content the wiki holds, with the position in the
story that reveals it, read from the database.

A page gives its title (its existence, at `revealed_in`), its body in
passages (the text outside blocks at the page's `reveals_at`, each block at
its episode, never before the page's own), each line of its facts over story
time, its sources and the other text fields of its kind (at `reveals_at`),
and its category memberships. Other apps contribute what they hold about
pages (credits: roles at `credit.reveal`) with `contribute()`, from their
`AppConfig.ready()`, so the core imports none of them.

An entry has a form: TEXT is prose, checked by its word 6-grams; NAME names
someone or something (a title, an alias, a role) and is matched as a whole
phrase anywhere; PHRASE is a short string matched as a whole phrase too (a
source, a fact's value), anywhere or, when `scoped`, only in what its own
address answers (a status belongs to one page: "Deceased" elsewhere is
someone else's).
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from wiki import kinds, markup, storytime
from wiki.fields import TimelineField
from wiki.models import Page, PageCategory

TEXT, NAME, PHRASE = "text", "name", "phrase"
# "Kevin (childhood name)": the words in brackets say what the name is.
_COMMENT = re.compile(r"\s*\([^)]*\)")


@dataclass(frozen=True)
class Entry:
    reveal: int
    text: str
    where: str  # the page and field it comes from, for people
    url: str = ""  # the address of the page it belongs to
    form: str = TEXT
    scoped: bool = False  # a PHRASE that is a secret only at `url`


@dataclass
class Ledger:
    entries: list[Entry] = field(default_factory=list)
    # (entry, why it looks mistagged) found while reading: a one-valued fact
    # with two values from the same episode, the earlier never shown.
    doubts: list[tuple[Entry, str]] = field(default_factory=list)


_contributors: list[Callable[[], Iterable[Entry]]] = []


def contribute(function: Callable[[], Iterable[Entry]]) -> None:
    """Add the entries `function()` yields to every ledger built from now on
    (an app's AppConfig.ready; the same function added again counts once)."""
    if function not in _contributors:
        _contributors.append(function)


def name_of(text: str) -> str:
    return _COMMENT.sub("", text).strip() or text.strip()


def build() -> Ledger:
    ledger = Ledger()
    for kind in kinds.all_kinds():
        for page in kind.model.objects.order_by("pk"):
            _read_page(ledger, kind, page)
    ledger.entries.extend(_memberships())
    for function in _contributors:
        ledger.entries.extend(function())
    return ledger


def label(page) -> str:
    return f"{page.title} ({kinds.get(page.kind).label.lower()})"


def _read_page(ledger: Ledger, kind, page) -> None:
    url, own, where = page.get_absolute_url(), page.reveals_at, label(page)
    add = ledger.entries.append
    add(Entry(page.revealed_in, name_of(page.title), f"{where}: title", url, NAME))
    for reveal, text in markup.passages(page.body):
        block = f", block {storytime.code(reveal)}" if reveal else ""
        add(Entry(max(reveal, own), text, f"{where}: body{block}", url))
    for line_reveal, line in storytime.timeline(page.sources):
        add(Entry(max(line_reveal, own), line, f"{where}: source", url, PHRASE))
    for name in kind.edit_fields:
        model_field = page._meta.get_field(name)
        value = getattr(page, name)
        here = f"{where}: {model_field.verbose_name}"
        if isinstance(model_field, TimelineField):
            _read_timeline(ledger, page, model_field, here)
        elif isinstance(value, str) and value and not model_field.choices:
            add(Entry(own, value, here, url))


def _read_timeline(ledger: Ledger, page, model_field, where) -> None:
    url, lines = page.get_absolute_url(), []
    for line_reveal, line in storytime.timeline(getattr(page, model_field.attname)):
        text = markup.plain_text(line) if model_field.links else line
        reveal = max(line_reveal, page.reveals_at)
        lines.append((line_reveal, text))
        ledger.entries.append(Entry(reveal, text, where, url))
        if model_field.name == "aliases":  # as search reads them (wiki/search)
            ledger.entries.append(Entry(reveal, name_of(text), where, url, NAME))
        elif reveal > page.revealed_in:
            # Before the page itself is revealed its address says nothing.
            ledger.entries.append(Entry(reveal, text, where, url, PHRASE, True))
    if model_field.one_value:
        _doubt_untagged(ledger, page, lines, where)


def _doubt_untagged(ledger: Ledger, page, lines, where) -> None:
    """A one-valued fact shows its latest line revealed: two lines tagged
    alike leave the earlier one never shown, most often because the later
    one lacks the episode that reveals it."""
    for index, (reveal, text) in enumerate(lines):
        earlier = [value for tag, value in lines[:index] if tag == reveal]
        if earlier and text not in earlier:
            entry = Entry(
                max(reveal, page.reveals_at), text, where, page.get_absolute_url()
            )
            shown = "from the start" if not reveal else f"from {storytime.code(reveal)}"
            ledger.doubts.append(
                (
                    entry,
                    f"“{text}” replaces “{earlier[-1]}” {shown}, which is then "
                    "never shown: it probably lacks the episode that reveals it",
                )
            )


def _memberships() -> Iterable[Entry]:
    """A page in a category: the category's name where the page is, the
    page's title where the category lists it, both once the story puts it
    there; the category's name wherever, as early as its first member."""
    links = PageCategory.objects.filter(page__deleted_at__isnull=True).select_related(
        "page", "category"
    )
    for link in links:
        page, category = link.page, link.category
        url = kinds.get(page.kind).url_for(page.slug)
        where = f"{label(page)}: in category {category.name}"
        yield Entry(link.revealed_in, category.name, where, url, PHRASE)
        if link.revealed_in > page.revealed_in:
            yield Entry(link.revealed_in, category.name, where, url, PHRASE, True)
            yield Entry(
                link.revealed_in,
                page.title,
                where,
                category.get_absolute_url(),
                PHRASE,
                True,
            )


def page_entries(pages: Iterable[Page]) -> list[Entry]:
    """The entries of some pages (typed), for tests and tools."""
    ledger = Ledger()
    for page in pages:
        _read_page(ledger, kinds.get(page.kind), page)
    return ledger.entries
