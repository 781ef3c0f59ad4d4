"""A character's appearances strip: every episode of its series, season by
season (`templates/charts/appearance_strip.html`)."""

from dataclasses import dataclass, field

from credits.charts import marks
from wiki import storytime

STRIP_CELL, STRIP_PITCH, STRIP_HEIGHT = 12, 14, 26
STRIP_SEASON_GAP = 14
STRIP_TOP = 18


@dataclass
class StripCell:
    episode: object
    title: str
    x: int
    shade: str
    label: str
    has_note: bool = False

    @property
    def note_path(self):
        return marks.corner(self.x + STRIP_CELL, STRIP_TOP, 6)

    @property
    def name(self):
        return marks.named(self.episode, self.title)


@dataclass
class StripSeason:
    season: object
    x: int
    cells: list[StripCell] = field(default_factory=list)

    @property
    def label_y(self):
        return STRIP_TOP - 6


@dataclass
class AppearanceStrip:
    seasons: list[StripSeason]
    appearances: int
    watched: int  # episodes the reader has reached
    total: int
    width: int
    height: int = STRIP_TOP + STRIP_HEIGHT + 2
    top: int = STRIP_TOP
    cell: int = STRIP_CELL
    cell_height: int = STRIP_HEIGHT
    staged_at: str = ""


def appearance_strip(episodes, progress) -> AppearanceStrip | None:
    """Every episode of a series, season by season, marked where a character
    appears: `episodes` carry `appears`, `appearance_billing` and
    `appearance_note` as far as the reader has watched (see
    `credits.extensions.character_strip`). None when the reader has seen no
    appearance."""
    if not any(episode.appears for episode in episodes):
        return None
    seasons: list[StripSeason] = []
    x = 0
    watched = 0
    for episode in episodes:
        if not seasons or seasons[-1].season.pk != episode.season_id:
            if seasons:
                x += STRIP_SEASON_GAP - (STRIP_PITCH - STRIP_CELL)
            seasons.append(StripSeason(episode.season, x))
        is_watched = progress.sees(episode.reveals_at, episode.story_series_id)
        watched += is_watched
        if not is_watched:
            shade, label = "unwatched", "Not watched yet"
        elif episode.appears:
            shade = marks.SHADES[episode.appearance_billing]
            label = marks.BILLING_LABELS[episode.appearance_billing]
            label += f" ({episode.appearance_note})" if episode.appearance_note else ""
        else:
            shade, label = "absent", ""
        seasons[-1].cells.append(
            StripCell(
                episode,
                # A character page names no episode the reader has not reached.
                storytime.episode_title(episode, progress)
                if is_watched
                else episode.code,
                x,
                shade,
                label,
                has_note=bool(is_watched and episode.appearance_note),
            )
        )
        x += STRIP_PITCH
    pos = progress.at(episodes[0].story_series_id)
    return AppearanceStrip(
        seasons=seasons,
        appearances=sum(1 for e in episodes if e.appears),
        watched=watched,
        total=len(episodes),
        width=x,
        staged_at=marks.staged_at(pos) if watched < len(episodes) else "",
    )
