"""
The audit: the ledger built once, then at each position every surface asked
for and read for what is still a secret there; and, once, every entry read
for names it gives away before they are revealed.
"""

import logging
import time
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.conf import settings
from django.test.utils import override_settings
from django.urls import reverse

from wiki import storytime
from wiki.audit import ledger, surfaces
from wiki.audit.ledger import TEXT, Entry
from wiki.audit.matching import Secrets, shingles, words

LEAK, MISTAGGED, DOUBT, FAILED = "leak", "tagged too early", "untagged", "failed"


@dataclass(frozen=True)
class Finding:
    check: str
    position: int
    url: str
    text: str  # what leaked, or the name given away, or why
    entry: Entry | None = None  # where it comes from in the ledger


@dataclass
class Report:
    positions: list[int]
    findings: list[Finding] = field(default_factory=list)
    entries: int = 0
    requests: int = 0
    seconds: float = 0.0


def default_positions(entries) -> list[int]:
    """NOTHING and every position at which something is revealed: between
    two of them the wiki reads the same."""
    points = {entry.reveal for entry in entries} | {storytime.NOTHING}
    return sorted(point for point in points if point < storytime.EVERYTHING)


def _searches(secrets: Secrets, entries, position) -> list[tuple[str, bool, Entry]]:
    """(query, whether it is a title, the entry) for each page with something
    still to come: its title when the page itself is, and the secret words
    of its first passage to come."""
    titles: dict[str, tuple[str, bool, Entry]] = {}
    phrases: dict[str, tuple[str, bool, Entry]] = {}
    for entry in sorted(entries, key=lambda e: e.reveal):
        if entry.reveal <= position or not entry.url:
            continue
        if entry.form != TEXT:
            if entry.where.endswith(": title"):
                titles.setdefault(entry.url, (entry.text, True, entry))
            continue
        if entry.url in phrases:
            continue
        for shingle in shingles(words(entry.text)):
            known = secrets.shingles.get(shingle)
            if known is not None and known[0] > position:
                phrases[entry.url] = (" ".join(shingle), False, entry)
                break
    return [*titles.values(), *phrases.values()]


@dataclass(frozen=True)
class Surface:
    path: str
    follow: bool = False  # its other pages too (`?page=2`, the next API page)
    cookie: bool = False  # the position in the progress cookie


def _moved(answer: surfaces.Answer, position) -> surfaces.Answer:
    """An answer as asked at another position, where it reads the same."""
    if answer.cookie:
        return answer
    parts = urlsplit(answer.url)
    params = dict(parse_qsl(parts.query)) | {"progress": storytime.code(position)}
    return replace(answer, url=f"{parts.path}?{urlencode(params)}")


class _Audit:
    def __init__(self, report: Report, built, *, ask_all: bool):
        self.report, self.entries = report, built.entries
        self.secrets = Secrets(built.entries)
        self.asker = surfaces.Asker()
        pages = surfaces.page_paths()
        indexes = surfaces.index_paths()
        one_of_each = list({kind: path for kind, _, path in pages}.values())
        details = [surfaces.api_detail(kind, slug) for kind, slug, _ in pages]
        self.surfaces = (
            [Surface(path) for _, _, path in pages]
            + [Surface(path) for path in details if path]
            + [Surface(path) for path in surfaces.around_pages(pages)]
            + [Surface(path, follow=True) for path in indexes]
            + [Surface(path, cookie=True) for path in indexes + one_of_each]
            + [Surface(path, follow=True) for path in surfaces.api_lists()]
            + [Surface(path, follow=True) for path in surfaces.other_paths()]
        )
        self.search, self.suggest = reverse("wiki:search"), reverse("wiki:suggest")
        # Learning what may change costs a round of its own: worth it from
        # two positions on.
        once = ask_all or len(report.positions) < 2
        self.stages = None if once else self.learn_stages()
        # (page, whether by title) → the query last asked for it, its answers
        self.searched: dict[tuple[str, bool], tuple[str, list]] = {}
        self.last: dict[Surface, list[surfaces.Answer]] = {}
        self.by_url: dict[str, list[Entry]] = defaultdict(list)
        for entry in built.entries:
            self.by_url[entry.url].append(entry)

    def find(self, check, position, url, text, entry=None) -> None:
        self.report.findings.append(Finding(check, position, url, text, entry))

    def read(self, surface: Surface, position) -> list[surfaces.Answer]:
        if surface.follow:
            return list(self.asker.following(surface.path, position))
        return [self.asker.get(surface.path, position, cookie=surface.cookie)[0]]

    def learn_stages(self) -> dict[str, set[int]]:
        """The positions at which each surface may read differently: those of
        its page's own entries and of whatever it shows (found in what it
        answers a reader who has seen everything). Between two of them it
        can show nothing new, and what is secret only shrinks, so it is
        asked again only at the next."""
        stages: dict[str, set[int]] = defaultdict(lambda: {storytime.NOTHING})
        for entry in self.entries:
            stages[entry.url].add(entry.reveal)
        for surface in self.surfaces:
            if surface.cookie:
                continue  # read as its ?progress= twin
            for answer in self.read(surface, storytime.EVERYTHING):
                shown = self.secrets.leaks(answer.text, -1, surface.path)
                stages[surface.path] |= {leak.entry.reveal for leak in shown}
        return stages

    def due(self, path, previous, position) -> bool:
        """Whether a surface may read differently from the position audited
        before this one."""
        if self.stages is None or previous is None:
            return True
        return any(previous < point <= position for point in self.stages[path])

    def position(self, position, previous) -> list[surfaces.Answer]:
        reads = []
        for surface in self.surfaces:
            if self.due(surface.path, previous, position):
                self.last[surface] = self.read(surface, position)
                reads += self.last[surface]
            else:  # reads as before: checked again against what is secret now
                reads += [_moved(answer, position) for answer in self.last[surface]]
        for query, is_title, entry in _searches(self.secrets, self.entries, position):
            key = (entry.url, is_title)
            asked = self.searched.get(key)
            same = asked is not None and asked[0] == query
            if same and not self.due(entry.url, previous, position):
                found = [_moved(answer, position) for answer in asked[1]]
            else:
                found = [self.asker.get(self.search, position, q=query)[0]]
                if is_title:  # as typed into the search box
                    for typed in {query, query.split()[0]}:
                        found.append(self.asker.get(self.suggest, position, q=typed)[0])
                self.searched[key] = (query, found)
            links = {urlsplit(link).path for link in found[0].links}
            if entry.url in links and not self.said(entry.url, query, position):
                text = f"search for “{query}” finds {entry.url}"
                self.find(LEAK, position, found[0].url, text, entry)
            reads += found
        return reads

    def said(self, url, query, position) -> bool:
        """Whether every word of a query is on the page by `position` (a
        search matches words anywhere in a page, not the phrase)."""
        known = {
            word
            for entry in self.by_url[url]
            if entry.reveal <= position
            for word in words(entry.text)
        }
        return set(words(query)) <= known

    def check(self, position, reads) -> None:
        for answer in reads:
            url = answer.shown_url
            if answer.status >= 500:
                self.find(FAILED, position, url, f"answered {answer.status}")
            path = answer.url.split("?")[0]
            for leak in self.secrets.leaks(answer.text, position, path):
                self.find(LEAK, position, url, leak.text, leak.entry)


@contextmanager
def _quiet_404s():
    """Pages the reader has not reached answer 404: expected, not news."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(max(level, logging.ERROR))
    try:
        yield
    finally:
        logger.setLevel(level)


def audit(
    positions=None, *, ask_all=False, log: Callable[[str], None] = lambda line: None
) -> Report:
    """Audit the wiki at `positions` (by default every position at which
    something is revealed); `ask_all` asks every surface at every position,
    not only where it may read differently."""
    started = time.monotonic()
    built = ledger.build()
    report = Report(positions or default_positions(built.entries))
    report.entries = len(built.entries)
    log(f"Ledger: {len(built.entries)} entries.")
    static = settings.STORAGES | {
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        }
    }
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    with override_settings(ALLOWED_HOSTS=hosts, STORAGES=static), _quiet_404s():
        run = _Audit(report, built, ask_all=ask_all)
        for entry, why in built.doubts:
            run.find(DOUBT, entry.reveal, entry.url, why, entry)
        for found in run.secrets.mistagged(built.entries):
            why = f"{found.name} (revealed in {storytime.code(found.named_by.reveal)})"
            run.find(MISTAGGED, found.entry.reveal, found.entry.url, why, found.entry)
        previous = None
        for position in report.positions:
            reads = run.position(position, previous)
            run.check(position, reads)
            log(f"{storytime.label(position)}: {len(reads)} answers read.")
            previous = position
    report.requests = run.asker.asked
    report.seconds = time.monotonic() - started
    return report
