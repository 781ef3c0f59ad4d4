"""
Pictures of credits, each drawn as SVG by a template under `templates/charts/`
beside a table holding the same facts: who appears in which episode of a
season (the grid), in which episodes of the series a character appears (the
strip), and how many episodes a person directed, wrote and appeared in, season
by season. Here are what each shows and where it is drawn; the callers give
only the credits a reader has reached, and each chart says how far that is.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from credits.models import CastCredit, CrewCredit
from wiki import storytime

Billing = CastCredit.Billing
# A cell's shade, by billing; None is a billing no source gives.
SHADES = {
    Billing.MAIN: "main",
    Billing.RECURRING: "recurring",
    Billing.GUEST: "guest",
    None: "unknown",
}
BILLING_LABELS = {**{b.value: b.label for b in Billing}, None: "Billing unknown"}


def _fit(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def _corner(right: int, top: int, size: int = 7) -> str:
    """The small triangle in a cell's top right corner that marks a note."""
    return f"M{right - size} {top}H{right}V{top + size}Z"


def _named(episode, title: str) -> str:
    """`S1E3 AKA It's Called Whiskey`, or the code alone where the reader
    hides the titles of episodes not watched yet."""
    return episode.code if title == episode.code else f"{episode.code} {title}"


def _staged_at(pos: int) -> str:
    return storytime.code(pos) if pos < storytime.EVERYTHING else ""


def _best(billings):
    """The highest billing of an appearance told by several credits (two
    actors in one role, a flashback beside the present)."""
    known = [b for b in billings if b is not None]
    return min(known) if known else None


def _appearance_label(credits) -> str:
    """`Main`, `Guest (voice only)`, `Main; Guest (flashback)`."""
    parts = []
    for credit in credits:
        part = BILLING_LABELS[credit.billing]
        part += f" ({credit.note})" if credit.note else ""
        if part not in parts:
            parts.append(part)
    return "; ".join(parts)


# The appearances grid of a season ---------------------------------------------

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
        return _named(self.episode, self.title)


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
        return _corner(self.x + GRID_CELL, self.y)


@dataclass
class GridRow:
    character: object
    count: int
    y: int
    cells: list[GridCell] = field(default_factory=list)

    @property
    def name(self):
        return _fit(self.character.title, GRID_NAME_CHARS)

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
    columns = []
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
    for index, episode in enumerate(episodes):
        columns.append(
            GridColumn(
                episode,
                storytime.episode_title(episode, progress),
                progress.sees(episode.reveals_at, series_id),
                name_width + index * GRID_PITCH,
            )
        )
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
        staged_at=_staged_at(pos) if not all(c.is_watched for c in columns) else "",
    )


def _sort_billing(billings) -> int:
    best = _best(billings)
    return 9 if best is None else best


def _grid_cell(column, y, credits) -> GridCell:
    if not column.is_watched:
        return GridCell(column, y, "unwatched", "Not watched yet")
    if not credits:
        return GridCell(column, y, "absent", "")
    return GridCell(
        column,
        y,
        SHADES[_best(c.billing for c in credits)],
        _appearance_label(credits),
        has_note=any(c.note for c in credits),
    )


# A character's appearances strip ---------------------------------------------

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
        return _corner(self.x + STRIP_CELL, STRIP_TOP, 6)

    @property
    def name(self):
        return _named(self.episode, self.title)


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
    `extensions.appearance_strip`). None when the reader has seen no
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
            shade = SHADES[episode.appearance_billing]
            label = BILLING_LABELS[episode.appearance_billing]
            label += f" ({episode.appearance_note})" if episode.appearance_note else ""
        else:
            shade, label = "absent", ""
        seasons[-1].cells.append(
            StripCell(
                episode,
                storytime.episode_title(episode, progress),
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
        staged_at=_staged_at(pos) if watched < len(episodes) else "",
    )


# A person's work over time ---------------------------------------------------

MEASURES = (("directed", "Directed"), ("wrote", "Wrote"), ("appeared", "Appeared in"))
WORK_PLOT = 120  # the height of the tallest bar
WORK_BAR, WORK_BAR_GAP, WORK_GROUP_GAP = 16, 3, 22
WORK_AXIS, WORK_TOP, WORK_BOTTOM = 30, 20, 40
WORK_UNWATCHED = 14  # the stub drawn for appearances not watched yet


@dataclass
class Bar:
    measure: str
    label: str
    value: int | None  # None: appearances in a season not watched yet
    x: int
    top: int
    height: int

    @property
    def center(self):
        return self.x + WORK_BAR // 2

    @property
    def value_y(self):
        return self.top - 4


@dataclass
class SeasonWork:
    season: object
    x: int  # centre of the group
    bars: list[Bar]
    partial_at: str = ""  # appearances counted only up to this episode
    whole_season_cast: bool = False  # cast for the season, episodes unrecorded
    series_label: str = ""  # under the first season of each series, if several

    @property
    def label_y(self):
        return WORK_TOP + WORK_PLOT + 16

    @property
    def series_y(self):
        return WORK_TOP + WORK_PLOT + 32

    def value(self, measure):
        return next(bar.value for bar in self.bars if bar.measure == measure)

    @property
    def directed(self):
        return self.value("directed")

    @property
    def wrote(self):
        return self.value("wrote")

    @property
    def appeared(self):
        return self.value("appeared")


@dataclass
class Tick:
    value: int
    y: int

    @property
    def text_y(self):
        return self.y + 4


@dataclass
class WorkChart:
    groups: list[SeasonWork]
    ticks: list[Tick]
    width: int
    height: int
    baseline: int
    axis: int = WORK_AXIS
    bar: int = WORK_BAR
    measures: tuple = MEASURES
    staged_at: str = ""

    @property
    def axis_end(self):
        return WORK_AXIS - 6


def person_work(seasons, cast, crew, progress) -> WorkChart | None:
    """Per season of the series a person worked on, the episodes they
    directed, wrote (named from the start) and appeared in (as far as the
    reader has watched). `seasons` carry `episode_count`; `cast` and `crew`
    are the credits the reader has reached, their scope selected."""
    episodes = {measure: defaultdict(set) for measure, _ in MEASURES}
    whole_season = set()
    for credit in crew:
        if credit.episode_id and credit.job in CrewCredit.NAMED_FROM_START:
            measure = "directed" if credit.job == CrewCredit.Job.DIRECTOR else "wrote"
            episodes[measure][credit.episode.season_id].add(credit.episode_id)
    for credit in cast:
        if credit.episode_id:
            episodes["appeared"][credit.episode.season_id].add(credit.episode_id)
        elif credit.season_id:
            whole_season.add(credit.season_id)
    if not any(episodes[m] for m, _ in MEASURES):
        return None
    counts = []
    for season in seasons:
        pos = progress.at(season.series_id)
        values = {m: len(episodes[m][season.pk]) for m, _ in MEASURES}
        if pos < season.starts_at:
            values["appeared"] = None
        last = storytime.position(season.number, season.episode_count)
        counts.append((season, values, _staged_at(pos) if pos < last else ""))
    top = max((v or 0 for _, values, _ in counts for v in values.values()), default=0)
    top = top or 1
    scale = WORK_PLOT / top
    baseline = WORK_TOP + WORK_PLOT
    group_width = len(MEASURES) * (WORK_BAR + WORK_BAR_GAP) - WORK_BAR_GAP
    several_series = len({season.series_id for season in seasons}) > 1
    groups, x = [], WORK_AXIS + WORK_GROUP_GAP // 2
    for index, (season, values, partial_at) in enumerate(counts):
        bars = []
        for offset, (measure, label) in enumerate(MEASURES):
            value = values[measure]
            height = WORK_UNWATCHED if value is None else round(value * scale)
            bars.append(
                Bar(
                    measure,
                    label,
                    value,
                    x + offset * (WORK_BAR + WORK_BAR_GAP),
                    baseline - height,
                    height,
                )
            )
        first_of_series = (
            index == 0 or counts[index - 1][0].series_id != season.series_id
        )
        groups.append(
            SeasonWork(
                season,
                x + group_width // 2,
                bars,
                partial_at=partial_at if values["appeared"] is not None else "",
                whole_season_cast=season.pk in whole_season and not values["appeared"],
                series_label=_fit(season.series.title, 16)
                if several_series and first_of_series
                else "",
            )
        )
        x += group_width + WORK_GROUP_GAP
    ticks = sorted({0, top, top // 2} if top >= 4 else {0, top})
    positions = {progress.at(season.series_id) for season in seasons}
    return WorkChart(
        groups=groups,
        ticks=[Tick(value, baseline - round(value * scale)) for value in ticks],
        width=x - WORK_GROUP_GAP // 2 + 8,
        height=baseline + WORK_BOTTOM,
        baseline=baseline,
        staged_at=_staged_at(min(positions)) if positions else "",
    )
