from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError

from wiki import storytime
from wiki.audit.run import DOUBT, FAILED, LEAK, MISTAGGED, audit

SHOWN_URLS = 5  # addresses listed for one leak; the rest are counted


class Command(BaseCommand):
    help = (
        "Check that no reader is given what the story reveals after where they "
        "have watched. Builds a ledger of the wiki's content with the position "
        "that reveals each piece (page bodies by passage, facts over story "
        "time, sources, titles of pages revealed later, aliases, credits, "
        "category memberships), then at each position asks the site for every "
        "page, index, category, search, suggestion, feed, API answer and the "
        "sitemap (with ?progress=, and the indexes with the progress cookie "
        "too) and looks in each answer, attributes included, for words still "
        "to come: word 6-grams of later prose, later names and phrases whole. "
        "It also lists text that names what is revealed only after it, and "
        "one-valued facts whose later value lacks its episode. Fails when it "
        "finds anything. Default positions: nothing, and every episode at "
        "which something is revealed. -v 2 prints each position as it goes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--position", help="One position: S1E3, nothing.")
        parser.add_argument(
            "--positions", help="Several, comma-separated: nothing,S1E1,S2E5."
        )
        parser.add_argument(
            "--ask-all",
            action="store_true",
            help="Ask every surface at every position; by default one is asked "
            "again only where something it holds or shows is revealed.",
        )

    def handle(self, *args, position=None, positions=None, verbosity=1, **options):
        chosen = _positions(",".join(filter(None, [position, positions])))
        log = self.stdout.write if verbosity >= 2 else (lambda line: None)
        report = audit(chosen, ask_all=options["ask_all"], log=log)
        self._print(report)
        summary = (
            f"Audited {len(report.positions)} positions "
            f"({_codes(report.positions, report.positions)}): "
            f"{report.requests} requests, {report.entries} ledger entries, "
            f"{report.seconds:.1f} s."
        )
        if report.findings:
            raise CommandError(f"{summary} {len(report.findings)} findings.")
        self.stdout.write(self.style.SUCCESS(f"{summary} Nothing leaked."))

    def _print(self, report):
        by_check = defaultdict(list)
        for finding in report.findings:
            by_check[finding.check].append(finding)
        for finding in by_check[FAILED]:
            self.stdout.write(
                f"FAILED at {storytime.code(finding.position)}: {finding.url} "
                f"{finding.text}"
            )
        for check, title in ((MISTAGGED, "Tagged too early"), (DOUBT, "Untagged")):
            if by_check[check]:
                self.stdout.write(self.style.ERROR(f"{title}:"))
            for finding in by_check[check]:
                entry = finding.entry
                self.stdout.write(
                    f"  {entry.where}, revealed at {storytime.code(entry.reveal)} "
                    f"({finding.url}): {finding.text}\n    “{_excerpt(entry.text)}”"
                )
        leaks = defaultdict(list)
        for finding in by_check[LEAK]:
            leaks[(finding.entry, finding.text)].append(finding)
        if leaks:
            self.stdout.write(self.style.ERROR("Leaked:"))
        for (entry, text), found in leaks.items():
            positions = sorted({f.position for f in found})
            urls = list(dict.fromkeys(f.url for f in found))
            more = (
                f" and {len(urls) - SHOWN_URLS} more" if len(urls) > SHOWN_URLS else ""
            )
            self.stdout.write(
                f"  “{_excerpt(text)}” from {entry.where} (revealed at "
                f"{storytime.code(entry.reveal)}, {entry.url})\n"
                f"    at {_codes(positions, report.positions)} in "
                f"{', '.join(urls[:SHOWN_URLS])}{more}"
            )


def _positions(text: str) -> list[int] | None:
    if not text:
        return None
    found = []
    for token in text.split(","):
        pos = storytime.parse_position(token)
        if pos is None:
            raise CommandError(
                f"“{token.strip()}” is not a position: give an episode code such "
                "as S1E3, or nothing."
            )
        found.append(pos)
    return sorted(set(found))


def _codes(positions, audited) -> str:
    """Positions as runs of those audited: "nothing, S1E1–S1E12, S2E3"."""
    index = {pos: i for i, pos in enumerate(audited)}
    runs: list[list[int]] = []
    for pos in positions:
        if runs and index[pos] == index[runs[-1][-1]] + 1:
            runs[-1].append(pos)
        else:
            runs.append([pos])
    return ", ".join(
        storytime.code(run[0])
        if len(run) == 1
        else f"{storytime.code(run[0])}–{storytime.code(run[-1])}"
        for run in runs
    )


def _excerpt(text: str, length: int = 160) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
