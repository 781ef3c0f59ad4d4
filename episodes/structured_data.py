"""schema.org descriptions (JSON-LD) of series, seasons and episodes, built from
what the views have already loaded: no queries of their own."""

SCHEMA = "https://schema.org"


def _url(request, page):
    return request.build_absolute_uri(page.get_absolute_url())


def person(request, page):
    return {"@type": "Person", "name": page.title, "url": _url(request, page)}


def _series_ref(request, series):
    return {"@type": "TVSeries", "name": series.title, "url": _url(request, series)}


def _season_ref(request, season):
    return {
        "@type": "TVSeason",
        "name": season.name,
        "seasonNumber": season.number,
        "url": _url(request, season),
    }


def series_data(request, series, seasons, main_cast):
    return {
        "@context": SCHEMA,
        **_series_ref(request, series),
        "description": series.premise,
        "numberOfSeasons": len(seasons),
        "containsSeason": [_season_ref(request, season) for season in seasons],
        "actor": [person(request, member.person) for member in main_cast],
    }


def season_data(request, season, episodes):
    data = {
        "@context": SCHEMA,
        **_season_ref(request, season),
        "numberOfEpisodes": len(episodes),
        "partOfSeries": _series_ref(request, season.series),
        "episode": [
            {
                "@type": "TVEpisode",
                "name": episode.title,
                "episodeNumber": episode.number,
                "url": _url(request, episode),
            }
            for episode in episodes
        ],
    }
    if season.release_date:
        data["datePublished"] = season.release_date.isoformat()
    return data


def episode_data(request, episode, *, directors, writers, cast, reached=True):
    """An episode; its plot only for a reader who has reached it (the people
    are left out by the caller)."""
    data = {
        "@context": SCHEMA,
        "@type": "TVEpisode",
        "name": episode.title,
        "url": _url(request, episode),
        "episodeNumber": episode.number,
        "partOfSeason": _season_ref(request, episode.season),
        "partOfSeries": _series_ref(request, episode.season.series),
        "director": [person(request, p) for p in directors],
        "author": [person(request, p) for p in writers],
        "actor": [person(request, p) for p in cast],
    }
    if episode.synopsis and reached:
        data["description"] = episode.synopsis
    if episode.release_date:
        data["datePublished"] = episode.release_date.isoformat()
    if episode.runtime:
        data["timeRequired"] = f"PT{episode.runtime}M"
    return data
