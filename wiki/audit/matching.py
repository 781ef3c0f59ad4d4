"""
What of the ledger is still a secret at a position, and finding it in text.

Text is compared as words: lower-cased, punctuation dropped, so that the
HTML of a page, an address (`/characters/kilgrave/`) and a JSON answer read
alike. Long text is compared by its word 6-grams ("shingles"): a shingle is
a secret at P when no entry revealed at or before P holds it (so a sentence
an episode repeats from an earlier one gives nothing away). Names and
phrases are matched whole: a name is a secret at P when every entry naming
it is revealed after P, unless it is part of a name known from the start (an
episode's title, a person's name, the series' title). A scoped phrase is a
secret only in what its own page's address answers, until that page says it.

Everything is worked out once (`Secrets(entries)`): a position then costs a
comparison a shingle and a dictionary look-up a word.
"""

import re
from collections import defaultdict
from dataclasses import dataclass

from wiki.audit.ledger import NAME, PHRASE, TEXT, Entry
from wiki.storytime import NOTHING

SHINGLE = 6
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower()))


def shingles(seq: tuple[str, ...]) -> list[tuple[str, ...]]:
    return [seq[i : i + SHINGLE] for i in range(len(seq) - SHINGLE + 1)]


def _subsequences(seq: tuple[str, ...]) -> set[tuple[str, ...]]:
    return {seq[i:j] for i in range(len(seq)) for j in range(i + 1, len(seq) + 1)}


def _contains(seq: tuple[str, ...], part: tuple[str, ...]) -> bool:
    n = len(part)
    return any(seq[i : i + n] == part for i in range(len(seq) - n + 1))


@dataclass(frozen=True)
class Leak:
    text: str  # the words found
    entry: Entry  # the ledger entry they come from (revealed after the position)


@dataclass(frozen=True)
class Mistagged:
    entry: Entry  # revealed at entry.reveal, but naming…
    name: str
    named_by: Entry  # …what this entry reveals later


class Secrets:
    def __init__(self, entries: list[Entry]):
        # The earliest reveal of each shingle, and the entry it is from.
        # Only prose is read by shingles: an address or a name is matched
        # whole (an episode's source, "…season-3-episode-11-review", shares
        # its words with the breadcrumbs every reader sees).
        self.shingles: dict[tuple, tuple[int, Entry]] = {}
        for entry in sorted(entries, key=lambda e: e.form != TEXT):
            for shingle in shingles(words(entry.text)):
                found = self.shingles.get(shingle)
                if found is None and entry.form == TEXT:
                    self.shingles[shingle] = (entry.reveal, entry)
                elif found is not None and entry.reveal < found[0]:
                    self.shingles[shingle] = (entry.reveal, entry)
        public = set()
        for entry in entries:
            if entry.form == NAME and entry.reveal <= NOTHING:
                public |= _subsequences(words(entry.text))
        # Two public names side by side ("Season 3", "A.K.A. You're
        # Welcome": a credit line and a heading over a link) say nothing.
        self.shingles = {
            shingle: found
            for shingle, found in self.shingles.items()
            if not any(
                shingle[:cut] in public and shingle[cut:] in public
                for cut in range(1, SHINGLE)
            )
        }
        # Whole phrases: (address or "" for anywhere, words) → (reveal, entry).
        self.phrases: dict[tuple[str, tuple], tuple[int, Entry]] = {}
        self.names: dict[tuple, tuple[int, Entry]] = {}
        for entry in entries:
            if entry.form not in (NAME, PHRASE) or not (seq := words(entry.text)):
                continue
            reveal = NOTHING if seq in public else entry.reveal
            key = (entry.url if entry.scoped else "", seq)
            self._keep(self.phrases, key, reveal, entry)
            if entry.form == NAME:
                self._keep(self.names, seq, reveal, entry)
        self._said_on_page(entries)
        # Phrases by their first word, for matching them all in one pass.
        self.starts: dict[str, set[tuple]] = defaultdict(set)
        for _, seq in self.phrases:
            self.starts[seq[0]].add(seq)
        self.longest = max((len(seq) for _, seq in self.phrases), default=0)

    @staticmethod
    def _keep(table, key, reveal, entry) -> None:
        found = table.get(key)
        if found is None or reveal < found[0]:
            table[key] = (reveal, entry)

    def _said_on_page(self, entries) -> None:
        """A scoped phrase is no secret once its page says it otherwise (a
        status that a revealed passage of the same page already gives, a
        role that an earlier credit on it names in longer words)."""
        texts = defaultdict(list)
        for entry in entries:
            texts[entry.url].append((entry.reveal, words(entry.text)))
        for (url, seq), (reveal, entry) in list(self.phrases.items()):
            if url:
                said = [
                    r for r, text in texts[url] if r < reveal and _contains(text, seq)
                ]
                if said:
                    self.phrases[(url, seq)] = (min(said), entry)

    def found_phrases(self, seq: tuple[str, ...]):
        """(start, phrase) of every known phrase in a word sequence."""
        for index, word in enumerate(seq):
            for phrase in self.starts.get(word, ()):
                if seq[index : index + len(phrase)] == phrase:
                    yield index, phrase

    def leaks(self, text: str, position: int, url: str = "") -> list[Leak]:
        """What of `text` (as answered at `url`) is revealed after `position`."""
        seq = words(text)
        found: list[Leak] = []
        run_start, run_end, run_entry = None, None, None
        for index, shingle in enumerate(shingles(seq)):
            known = self.shingles.get(shingle)
            if known is not None and known[0] > position:
                if run_end is not None and index <= run_end:
                    run_end = index + SHINGLE
                    continue
                if run_entry is not None:
                    found.append(Leak(" ".join(seq[run_start:run_end]), run_entry))
                run_start, run_end, run_entry = index, index + SHINGLE, known[1]
        if run_entry is not None:
            found.append(Leak(" ".join(seq[run_start:run_end]), run_entry))
        seen = set()
        for _, phrase in self.found_phrases(seq):
            for key in (("", phrase), (url, phrase)) if url else (("", phrase),):
                known = self.phrases.get(key)
                if known and known[0] > position and phrase not in seen:
                    seen.add(phrase)
                    found.append(Leak(" ".join(phrase), known[1]))
        return found

    def mistagged(self, entries: list[Entry]) -> list[Mistagged]:
        """Entries that name what is revealed only after them: untagged prose
        on a page known from the start naming a character first seen in S3."""
        found, seen = [], set()
        for entry in entries:
            if entry.scoped:  # its text is checked as prose too
                continue
            for _, phrase in self.found_phrases(words(entry.text)):
                known = self.names.get(phrase)
                key = (entry.where, entry.text, phrase)
                if known and known[0] > entry.reveal and key not in seen:
                    seen.add(key)
                    found.append(Mistagged(entry, " ".join(phrase), known[1]))
        return found
