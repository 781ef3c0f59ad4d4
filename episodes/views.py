from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render

from credits import summaries
from credits.models import CrewCredit
from episodes import structured_data
from episodes.models import Episode, Season, Series
from wiki import storytime
from wiki.fragments import deferred
from wiki.lookup import OWN_ROW, get_page, kept_page, kept_row
from wiki.models import Page


def _with_key_crew(episodes):
    """Episodes with their directors and writers, in one extra query."""
    return episodes.prefetch_related(
        Prefetch(
            "crew_credits",
            queryset=CrewCredit.objects.directors_and_writers(),
            to_attr="key_crew",
        )
    )


def _split_key_crew(request, episodes, season):
    """Each episode's directors and writers, and whether the reader has reached
    it; an episode not reached keeps its plot and its credits to itself."""
    shown = set(request.GET.getlist("show")[:50])
    for episode in episodes:
        episode.season = season
        episode.reached = (
            request.progress.sees(episode.reveals_at, season.series_id)
            or episode.code in shown
        )
        crew = episode.key_crew if episode.reached else []
        episode.directors = [c.person for c in crew if c.job == "director"]
        episode.writers = [c.person for c in crew if c.job == "writer"]
    return episodes


def _seasons_with_episodes(request, series):
    """A series' seasons, each with its episodes and their directors and writers."""
    seasons = list(
        series.seasons.order_by("number").prefetch_related(
            Prefetch("episodes", queryset=_with_key_crew(Episode.objects.all()))
        )
    )
    for season in seasons:
        _split_key_crew(request, season.episodes.all(), season)
    return seasons


def _series_details(request, series):
    """What a series' fragments show: its seasons, main cast and showrunners."""
    seasons = list(series.seasons.order_by("number").with_episode_counts())
    main_cast = summaries.main_cast(series, request.progress)
    return {
        "seasons": seasons,
        "main_cast": main_cast,
        "showrunners": summaries.showrunners(series),
        "structured_data": structured_data.series_data(
            request, series, seasons, main_cast
        ),
    }


def home(request):
    series = kept_row(
        request, "series", Series.objects, Series.objects.featured_first().first
    )

    def details():
        found = {
            "latest_news": Page.objects.news()
            .only("title", "slug", "kind", "body", "published_on")
            .first(),
            "other_series": Series.objects.exclude(pk=getattr(series, "pk", None))[:12],
        }
        return found | (_series_details(request, series) if series else {})

    return render(
        request,
        "episodes/home.html",
        {"series": series, "details": deferred(details)},
    )


def series_detail(request, slug):
    series = kept_page(request, Series.objects.all(), slug)
    return render(
        request,
        "episodes/series_detail.html",
        {
            "series": series,
            "details": deferred(lambda: _series_details(request, series)),
        },
    )


def featured_guide(request):
    series = Series.objects.featured_first().first()
    if series is None:
        return redirect("episodes:home")
    return redirect("episodes:guide", slug=series.slug)


def episode_guide(request, slug):
    series = get_object_or_404(Series, slug=slug)
    return render(
        request,
        "episodes/episode_guide.html",
        {"series": series, "seasons": _seasons_with_episodes(request, series)},
    )


def season_detail(request, slug):
    season = get_page(Season.objects.with_series().select_related("poster"), slug)
    episodes = list(_with_key_crew(season.episodes.order_by("number")))
    _split_key_crew(request, episodes, season)
    # Who is in a season's cast is revealed when the season starts.
    started = request.progress.sees(
        storytime.season_start(season.number), season.series_id
    )
    return render(
        request,
        "episodes/season_detail.html",
        {
            "season": season,
            "episodes": episodes,
            "started": started,
            "starts_at": storytime.code(storytime.season_start(season.number)),
            "cast": summaries.season_cast(season) if started else [],
            "structured_data": structured_data.season_data(request, season, episodes),
            "showrunners": season.crew_credits.filter(
                job=CrewCredit.Job.SHOWRUNNER
            ).select_related("person"),
        },
    )


def episode_detail(request, slug):
    episode = kept_page(request, Episode.objects.only(*OWN_ROW), slug)
    return render(
        request,
        "episodes/episode_detail.html",
        {
            "episode": episode,
            "details": deferred(lambda: _episode_details(request, episode.pk)),
        },
    )


def _episode_details(request, pk):
    """What an episode's fragments show: the episode in full, its credits and
    its neighbours."""
    episode = Episode.objects.with_season().get(pk=pk)
    series = episode.season.series
    # Before the reader has watched it, an episode shows its title and place
    # only: its plot, still, cast and crew are what it reveals.
    reached = request.progress.sees(episode.reveals_at, series.pk)
    siblings = Episode.objects.filter(season__series=series).select_related("season")
    crew, episode_cast, season_cast = [], [], []
    if reached:
        crew = list(episode.crew_credits.select_related("person"))
        episode_cast = list(episode.cast_credits.select_related("person", "character"))
        season_cast = list(
            episode.season.cast_credits.main().select_related("person", "character")
        )
    directors = [c.person for c in crew if c.job == CrewCredit.Job.DIRECTOR]
    writers = [c.person for c in crew if c.job == CrewCredit.Job.WRITER]
    actors = {c.person_id: c.person for c in season_cast + episode_cast}
    return {
        "episode": episode,
        "series": series,
        "reached": reached,
        "directors": directors,
        "writers": writers,
        "structured_data": structured_data.episode_data(
            request,
            episode,
            directors=directors,
            writers=writers,
            cast=list(actors.values()),
            reached=reached,
        ),
        "other_crew": [
            c
            for c in crew
            if c.job not in (CrewCredit.Job.DIRECTOR, CrewCredit.Job.WRITER)
        ],
        "episode_cast": episode_cast,
        "season_cast": season_cast,
        "previous": siblings.filter(number_overall__lt=episode.number_overall)
        .order_by("-number_overall")
        .first(),
        "next": siblings.filter(number_overall__gt=episode.number_overall)
        .order_by("number_overall")
        .first(),
    }


def season_by_number(request, slug, number):
    season = get_object_or_404(Season, series__slug=slug, number=number)
    return redirect(season)


def episode_by_number(request, slug, season, number):
    episode = get_object_or_404(
        Episode, season__series__slug=slug, season__number=season, number=number
    )
    return redirect(episode)
