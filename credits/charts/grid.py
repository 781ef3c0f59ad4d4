"""The appearances grid of a season: characters × its episodes
(`templates/charts/appearance_grid.html`)."""

from collections import defaultdict
from dataclasses import dataclass, field

from credits.charts import marks
from wiki import storytime

GRID_CELL, GRID_PITCH = 18, 22
GRID_HEAD = 28
GRID_NAME_CHARS = 20
GRID_MAX_ROWS = 30


@dataclass
class GridColumn:
    episode: object
    title: str  # as the reader names it (see storytime.episode_title)
    is_watched: bool
    x: int  # left edge of its cells

    @property
    def center(self):
        return self.x + GRID_CELL // 2

    @property
    def name(self):
        return marks.named(self.episode, self.title)


@dataclass
class GridCell:
    column: GridColumn
    y: int
    shade: str  # a billing's shade, "absent" or "unwatched"
    label: str  # what the table says
    has_note: bool = False

    @property
    def x(self):
        return self.column.x

    @property
    def note_path(self):
        return marks.corner(self.x + GRID_CELL, self.y)


@dataclass
class GridRow:
    character: object
    count: int
    y: int
    cells: list[GridCell] = field(default_factory=list)

    @property
    def name(self):
        return marks.fit(self.character.title, GRID_NAME_CHARS)

    @property
    def text_y(self):
        return self.y + GRID_CELL // 2 + 4


@dataclass
class AppearanceGrid:
    season: object
    columns: list[GridColumn]
    rows: list[GridRow]
    more_characters: int  # characters with pages past the rows shown
    other_roles: int  # roles without a page of their own
    name_width: int
    width: int
    height: int
    cell: int = GRID_CELL
    staged_at: str = ""

    @property
    def name_end(self):
        return self.name_width - 8

    @property
    def count_x(self):
        return self.name_width + len(self.columns) * GRID_PITCH + 4


def appearance_grid(season, episodes, credits, progress) -> AppearanceGrid | None:
    """Characters × the season's episodes, from the episode credits a reader
    has reached; None when there is nothing to draw. Characters are ordered
    by how often they appear; a role without a page of its own (or whose page
    the reader has not reached) is only counted."""
    series_id = season.series_id
    if not episodes:
        return None
    by_character: dict = {}
    other_roles = set()
    for credit in credits:
        character = credit.character
        if character is None or not character.is_revealed_to(progress):
            other_roles.add((credit.person_id, credit.role))
            continue
        entry = by_character.setdefault(character.pk, (character, defaultdict(list)))
        entry[1][credit.episode_id].append(credit)
    if not by_character:
        return None
    ranked = sorted(
        by_character.values(),
        key=lambda entry: (
            -len(entry[1]),
            _sort_billing(c.billing for cs in entry[1].values() for c in cs),
            entry[0].title,
        ),
    )
    shown = ranked[:GRID_MAX_ROWS]
    longest = max(len(row[0].title) for row in shown)
    name_width = 12 + 7 * min(longest, GRID_NAME_CHARS)
    columns = [
        GridColumn(
            episode,
            storytime.episode_title(episode, progress),
            progress.sees(episode.reveals_at, series_id),
            name_width + index * GRID_PITCH,
        )
        for index, episode in enumerate(episodes)
    ]
    rows = []
    for index, (character, by_episode) in enumerate(shown):
        row = GridRow(character, len(by_episode), GRID_HEAD + index * GRID_PITCH)
        for column in columns:
            row.cells.append(
                _grid_cell(column, row.y, by_episode.get(column.episode.pk))
            )
        rows.append(row)
    pos = progress.at(series_id)
    return AppearanceGrid(
        season=season,
        columns=columns,
        rows=rows,
        more_characters=len(ranked) - len(shown),
        other_roles=len(other_roles),
        name_width=name_width,
        width=name_width + len(columns) * GRID_PITCH + 36,
        height=GRID_HEAD + len(rows) * GRID_PITCH + 4,
        staged_at="" if all(c.is_watched for c in columns) else marks.staged_at(pos),
    )


def _sort_billing(billings) -> int:
    best = marks.best(billings)
    return 9 if best is None else best


def _grid_cell(column, y, credits) -> GridCell:
    if not column.is_watched:
        return GridCell(column, y, "unwatched", "Not watched yet")
    if not credits:
        return GridCell(column, y, "absent", "")
    return GridCell(
        column,
        y,
        marks.SHADES[marks.best(c.billing for c in credits)],
        marks.appearance_label(credits),
        has_note=any(c.note for c in credits),
    )
