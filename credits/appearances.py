"""A character's cast credits, read as appearances (credits are the evidence):
an episode credit is an appearance in that episode; a season's or the
series' credit says they were in the cast without saying in which episodes."""

from dataclasses import dataclass, field


@dataclass
class SeasonAppearances:
    season: object
    whole_season: list = field(default_factory=list)
    episodes: list = field(default_factory=list)


@dataclass
class Appearances:
    portrayals: list  # (person, [roles]) in billing order
    seasons: list[SeasonAppearances]
    series_wide: list  # credits for the series as a whole
    first_episode: object = None
    first_season: object = None
    latest_episode: object = None
    episode_count: int = 0


def _episode_key(credit):
    return (credit.episode.season.number, credit.episode.number)


def summarise(credits) -> Appearances:
    """Group credits (scope already selected) by person and by season."""
    portrayals: dict = {}
    seasons: dict = {}
    series_wide = []
    for credit in credits:
        roles = portrayals.setdefault(credit.person_id, (credit.person, []))[1]
        if credit.role not in roles:
            roles.append(credit.role)
        season = credit.scope_season
        if season is None:
            series_wide.append(credit)
            continue
        entry = seasons.setdefault(season.pk, SeasonAppearances(season))
        if credit.episode_id:
            if credit.episode not in entry.episodes:
                entry.episodes.append(credit.episode)
        else:
            entry.whole_season.append(credit)
    ordered = sorted(seasons.values(), key=lambda s: s.season.number)
    for entry in ordered:
        entry.episodes.sort(key=lambda e: e.number)
    episode_credits = sorted((c for c in credits if c.episode_id), key=_episode_key)
    first_episode = episode_credits[0].episode if episode_credits else None
    first_season = ordered[0].season if ordered else None
    if first_episode and first_season.number < first_episode.season.number:
        first_episode = None
    episodes = {credit.episode_id: credit.episode for credit in episode_credits}
    return Appearances(
        portrayals=list(portrayals.values()),
        seasons=ordered,
        series_wide=series_wide,
        first_episode=first_episode,
        first_season=first_season,
        latest_episode=episode_credits[-1].episode if episode_credits else None,
        episode_count=len(episodes),
    )
