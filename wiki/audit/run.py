"""
The audit: the ledger built once, then at each position every surface asked
for and read for what is still a secret there; and, once, every entry read
for names it gives away before they are revealed.
"""

import time
from urllib.parse import urlsplit
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.test.utils import override_settings
from django.urls import reverse

from wiki import storytime
from wiki.audit import ledger, surfaces
from wiki.audit.ledger import TEXT, Entry
from wiki.audit.matching import SHINGLE, Secrets, shingles, words

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
    still to come: its title when the page itself is, else the secret words
    of its first passage to come."""
    queries: dict[str, tuple[str, bool, Entry]] = {}
    for entry in sorted(entries, key=lambda e: e.reveal):
        if entry.reveal <= position or not entry.url or entry.url in queries:
            continue
        if entry.form != TEXT:
            if entry.where.endswith(": title"):
                queries[entry.url] = (entry.text, True, entry)
            continue
        for shingle in shingles(words(entry.text)):
            if secrets.shingles[shingle][0] > position:
                queries[entry.url] = (" ".join(shingle), False, entry)
                break
    return list(queries.values())


def _reads(asker, path, position, *, cookie=False, follow=False, **params):
    if follow:
        yield from asker.following(path, position, cookie=cookie)
    else:
        yield asker.get(path, position, cookie=cookie, **params)[0]


def audit(positions=None, *, log: Callable[[str], None] = lambda line: None) -> Report:
    started = time.monotonic()
    built = ledger.build()
    secrets = Secrets(built.entries)
    report = Report(positions or default_positions(built.entries))
    report.entries = len(built.entries)
    log(f"Ledger: {len(built.entries)} entries.")
    for entry, why in built.doubts:
        report.findings.append(Finding(DOUBT, entry.reveal, entry.url, why, entry))
    for found in secrets.mistagged(built.entries):
        why = f"{found.name} (revealed in {storytime.code(found.named_by.reveal)})"
        report.findings.append(
            Finding(MISTAGGED, found.entry.reveal, found.entry.url, why, found.entry)
        )
    static = settings.STORAGES | {
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        }
    }
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    with override_settings(ALLOWED_HOSTS=hosts, STORAGES=static):
        asker = surfaces.Asker()
        pages = surfaces.page_paths()
        indexes = surfaces.index_paths()
        one_of_each = list({kind: path for kind, _, path in pages}.values())
        search, suggest = reverse("wiki:search"), reverse("wiki:suggest")
        for position in report.positions:
            log(f"{storytime.label(position)}…")
            reads = []
            for _, _, path in pages:
                reads += _reads(asker, path, position)
            for path in indexes:
                reads += _reads(asker, path, position, follow=True)
            for path in indexes + one_of_each:
                reads += _reads(asker, path, position, cookie=True)
            for query, is_title, entry in _searches(secrets, built.entries, position):
                found = list(_reads(asker, search, position, q=query))
                reads += found
                if any(urlsplit(link).path == entry.url for link in found[0].links):
                    text = f"search for “{query}” finds {entry.url}"
                    report.findings.append(
                        Finding(LEAK, position, found[0].url, text, entry)
                    )
                if is_title:  # as typed into the search box
                    for typed in {query, query.split()[0]}:
                        reads += _reads(asker, suggest, position, q=typed)
            for path in surfaces.api_paths(pages):
                reads += _reads(asker, path, position, follow=True)
            for path in surfaces.other_paths():
                reads += _reads(asker, path, position, follow=True)
            for answer in reads:
                if answer.status >= 500:
                    report.findings.append(
                        Finding(FAILED, position, answer.url, f"answered {answer.status}")
                    )
                path = answer.url.split("?")[0]
                for leak in secrets.leaks(answer.text, position, path):
                    report.findings.append(
                        Finding(LEAK, position, answer.url, leak.text, leak.entry)
                    )
    report.requests = asker.asked
    report.seconds = time.monotonic() - started
    return report
