"""
What the form for a new season or episode starts with, where the contributor
started: the next free numbers, and for a season a title in the way of the
last one's. Numbers of deleted seasons and episodes count as taken: they wait
for undeletion (`Season.clean`, `Episode.clean`).
"""

import re

from django.db.models import Max, Q

from episodes.models import Episode, Season, Series


def featured_series() -> Series | None:
    """The series the home page shows, where new pages go unless told."""
    return Series.objects.featured_first().first()


def next_season(series: Series) -> dict:
    last = Season._base_manager.filter(series=series).order_by("-number").first()
    number = last.number + 1 if last else 1
    ends_with_number = rf"\b{last.number}$" if last else None
    if last and re.search(ends_with_number, last.title):
        title = re.sub(ends_with_number, str(number), last.title)
    else:
        title = f"{series.title} season {number}"
    return {"number": number, "title": title}


def next_episode(season: Season) -> dict:
    """The number after the season's last episode, and in the series the
    number after the last episode of this season and those before it."""
    numbers = Episode._base_manager.filter(
        season__series=season.series_id, season__number__lte=season.number
    ).aggregate(
        number=Max("number", filter=Q(season=season)),
        overall=Max("number_overall", filter=Q(deleted_at__isnull=True)),
    )
    return {
        "number": (numbers["number"] or 0) + 1,
        "number_overall": (numbers["overall"] or 0) + 1,
    }
