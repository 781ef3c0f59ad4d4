"""schema.org descriptions (JSON-LD) of series, seasons and episodes, built from
the context the views have loaded: no queries of their own. People (cast and
crew) are added by the credits app, which extends these kinds."""

from wiki.storytime import episode_title
from wiki.structured_data import SCHEMA, page_url, reference


def series_reference(request, series):
    return reference(request, series, "TVSeries")


def season_reference(request, season):
    return reference(
        request, season, "TVSeason", name=season.name, seasonNumber=season.number
    )


def series(request, series, context) -> dict:
    seasons = context["seasons"]
    return {
        "@context": SCHEMA,
        **series_reference(request, series),
        "description": series.premise,
        "numberOfSeasons": len(seasons),
        "containsSeason": [season_reference(request, season) for season in seasons],
    }


def season(request, season, context) -> dict:
    episodes = context["episodes"]
    data = {
        "@context": SCHEMA,
        **season_reference(request, season),
        "numberOfEpisodes": len(episodes),
        "partOfSeries": series_reference(request, season.series),
        "episode": [
            reference(
                request,
                episode,
                "TVEpisode",
                name=episode_title(episode, request.progress),
                episodeNumber=episode.number,
            )
            for episode in episodes
        ],
    }
    if season.release_date:
        data["datePublished"] = season.release_date.isoformat()
    return data


def episode(request, episode, context) -> dict:
    """An episode; its plot only for a reader who has reached it."""
    data = {
        "@context": SCHEMA,
        "@type": "TVEpisode",
        "name": episode_title(episode, request.progress),
        "url": page_url(request, episode),
        "episodeNumber": episode.number,
        "partOfSeason": season_reference(request, episode.season),
        "partOfSeries": series_reference(request, episode.season.series),
    }
    if episode.synopsis and context["reached"]:
        data["description"] = episode.synopsis
    if episode.release_date:
        data["datePublished"] = episode.release_date.isoformat()
    if episode.runtime:
        data["timeRequired"] = f"PT{episode.runtime}M"
    return data
