"""Series, seasons and episodes show each other (an episode its season's cast,
a season its episodes' synopses and credits, a series its seasons): a change
of one is a change of the others' pages (see `kinds.Extension.shown_on`)."""

from episodes.models import Episode, Season


def of_series(page, *, old, new, face) -> set[int]:
    seasons = set(Season.objects.filter(series_id=page.pk).values_list("pk", flat=True))
    episodes = Episode.objects.filter(season__series_id=page.pk)
    return seasons | set(episodes.values_list("pk", flat=True))


def of_season(page, *, old, new, face) -> set[int]:
    episodes = Episode.objects.filter(season_id=page.pk).values_list("pk", flat=True)
    return set(episodes) | {page.series_id}


def of_episode(page, *, old, new, face) -> set[int]:
    series = Season.objects.filter(pk=page.season_id).values_list("series_id")
    return {page.season_id} | {pk for (pk,) in series}
