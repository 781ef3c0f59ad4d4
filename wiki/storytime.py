"""
Story time: how far a reader has watched, and when content is revealed.

A position is an episode of a series, as one integer (season × 1000 + episode)
so that comparing positions is comparing numbers. NOTHING is before the first
episode; EVERYTHING is past the last one.

A reader's `Progress` holds a position per series they have set, and a default
for the rest ("everything" unless they said otherwise). Content that belongs to
no series (free articles, people) is shown as of the earliest position the
reader has set, so it never runs ahead of any of their series. A reader may
also ask for the titles of episodes they have not watched to be left out
(`hide_titles`): titles are public, but some give away what happens.

A timeline is a fact's value over story time, written one value a line; a line
may start with the episode that reveals it: `S1E13: Deceased`.
"""

import re
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError

NOTHING = 0
EVERYTHING = 999_999  # past any S999E999
_CODE = re.compile(r"S(\d{1,3})\s*E(\d{1,3})", re.IGNORECASE)
_LINE = re.compile(r"^\s*S(\d{1,3})\s*E(\d{1,3})\s*:\s*(.*)$", re.IGNORECASE)


def position(season: int, episode: int) -> int:
    return season * 1000 + episode


def season_start(season: int) -> int:
    """Where a season's own facts (its cast, say) are revealed: its first episode."""
    return position(season, 1)


def parse_code(text: str) -> int | None:
    """`S1E13` → its position; None when the text is not an episode code."""
    found = _CODE.fullmatch((text or "").strip())
    if not found:
        return None
    season, episode = int(found[1]), int(found[2])
    return position(season, episode) if season and episode else None


def parse_position(text: str) -> int | None:
    text = (text or "").strip().lower()
    if text in ("everything", "all"):
        return EVERYTHING
    if text in ("nothing", "none"):
        return NOTHING
    return parse_code(text)


def code(pos: int) -> str:
    """A position as a reader writes it: `S1E13`, `nothing` or `everything`."""
    if pos >= EVERYTHING:
        return "everything"
    if pos <= NOTHING:
        return "nothing"
    return f"S{pos // 1000}E{pos % 1000}"


def label(pos: int) -> str:
    """A position for people: "S1E13", "Nothing yet", "Everything"."""
    if pos >= EVERYTHING:
        return "Everything"
    if pos <= NOTHING:
        return "Nothing yet"
    return code(pos)


def is_id(text: str) -> bool:
    """Whether text is a row's id as an address may give it: ASCII digits
    that fit a database's 64-bit integers."""
    return text.isascii() and text.isdecimal() and len(text) <= 18


@dataclass(frozen=True)
class Progress:
    """How far a reader has watched: a position per series, and a default."""

    default: int = EVERYTHING
    series: tuple[tuple[int, int], ...] = ()
    hide_titles: bool = False

    @classmethod
    def parse(cls, text: str) -> "Progress":
        """Read `everything`, `S2E5` (every series) or `12:S2E5,14:nothing`
        (series by id); what cannot be read is left out, never guessed."""
        default, by_series = EVERYTHING, {}
        for token in (text or "").split(",")[:50]:
            series_id, _, value = token.strip().rpartition(":")
            pos = parse_position(value)
            if pos is None:
                continue
            if not series_id:
                default = pos
            elif is_id(series_id):
                by_series[int(series_id)] = pos
        return cls(default, tuple(sorted(by_series.items())))

    def __str__(self):
        tokens = [] if self.default == EVERYTHING else [code(self.default)]
        tokens += [f"{series_id}:{code(pos)}" for series_id, pos in self.series]
        return ",".join(tokens)

    @property
    def key(self) -> str:
        """A short, canonical form: equal progress, equal key (for caches)."""
        return (str(self) or "everything") + (";titles" if self.hide_titles else "")

    @property
    def summary(self) -> str:
        """For the header: the one position the reader has set, if one."""
        if not self.series:
            return label(self.default)
        if len(self.series) == 1 and self.default == EVERYTHING:
            return label(self.series[0][1])
        return "Several series"

    @property
    def is_everything(self) -> bool:
        return self.earliest >= EVERYTHING

    @property
    def earliest(self) -> int:
        return min([self.default, *(pos for _, pos in self.series)])

    def at(self, series_id: int | None) -> int:
        """The reader's position in a series; content of no series gets the
        earliest position they have set."""
        if series_id is None:
            return self.earliest
        return dict(self.series).get(series_id, self.default)

    def sees(self, reveal: int, series_id: int | None) -> bool:
        return reveal <= self.at(series_id)

    def hides_title(self, reveal: int, series_id: int | None) -> bool:
        """Whether an episode revealed at `reveal` is named by its code alone."""
        return self.hide_titles and not self.sees(reveal, series_id)

    def setting(self, series_id: int, pos: int) -> "Progress":
        by_series = dict(self.series) | {series_id: pos}
        by_series = {s: p for s, p in by_series.items() if p != self.default}
        return replace(self, series=tuple(sorted(by_series.items())))


EVERYONE = Progress()


def episode_title(episode, progress: Progress | None) -> str:
    """An episode's title, or its code alone for a reader who hides the
    titles of episodes they have not watched; one a guide shows "anyway"
    (`reached`) counts as watched. The one rule every page names episodes by."""
    if progress is None or getattr(episode, "reached", False):
        return episode.title
    if progress.hides_title(episode.reveals_at, episode.story_series_id):
        return episode.code
    return episode.title


def revealed(items, progress: Progress) -> list:
    """The items (credits, episodes…) a reader has reached: each has `reveal`
    and `story_series_id`."""
    return [item for item in items if progress.sees(item.reveal, item.story_series_id)]


def timeline(text: str) -> list[tuple[int, str]]:
    """The (reveal, value) lines of a timeline, in the order written."""
    entries = []
    for line in (text or "").splitlines():
        found = _LINE.match(line)
        if found:
            season, episode = int(found[1]), int(found[2])
            value = found[3].strip()
            reveal = position(season, episode) if season and episode else NOTHING
        else:
            reveal, value = NOTHING, line.strip()
        if value:
            entries.append((reveal, value))
    return entries


def value_at(text: str, pos: int) -> str:
    """A one-valued fact as of a position: the latest line revealed by then."""
    revealed = [(reveal, i, v) for i, (reveal, v) in enumerate(timeline(text))]
    revealed = [entry for entry in revealed if entry[0] <= pos]
    return max(revealed)[2] if revealed else ""


def values_at(text: str, pos: int) -> list[str]:
    """A list fact as of a position: every line revealed by then."""
    return [value for reveal, value in timeline(text) if reveal <= pos]


def tagged_at(text: str, pos: int) -> list[tuple[str, str]]:
    """(value, episode code or "") of the lines revealed by a position, for
    editors, who see what each value is tagged with."""
    return [
        (value, code(reveal) if reveal else "")
        for reveal, value in timeline(text)
        if reveal <= pos
    ]


def reveal_points(text: str) -> set[int]:
    return {reveal for reveal, _ in timeline(text) if reveal}


def validate_timeline(text: str) -> None:
    """Refuse lines that start like an episode code but are not one."""
    for number, line in enumerate((text or "").splitlines(), start=1):
        found = _LINE.match(line)
        if found and not (int(found[1]) and int(found[2])):
            raise ValidationError(
                "Line %(number)s: seasons and episodes count from 1 (S1E1).",
                code="invalid_episode",
                params={"number": number},
            )
        if found and not found[3].strip():
            raise ValidationError(
                "Line %(number)s: say what is revealed after the episode code.",
                code="empty_value",
                params={"number": number},
            )
