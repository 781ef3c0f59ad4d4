"""A person's work over time: per season, the episodes they directed, wrote
and appeared in (`templates/charts/person_work.html`)."""

from collections import defaultdict
from dataclasses import dataclass

from credits.charts import marks
from credits.models import CrewCredit
from wiki import storytime

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
        counts.append((season, values, marks.staged_at(pos) if pos < last else ""))
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
                series_label=marks.fit(season.series.title, 16)
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
        staged_at=marks.staged_at(min(positions)) if positions else "",
    )
