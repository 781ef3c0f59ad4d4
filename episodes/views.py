from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify

from episodes.models import Episode, Season, Series
from wiki import dependencies, kinds, storytime
from wiki.fragments import deferred
from wiki.lookup import OWN_ROW, get_page, get_page_for_tool, kept_page, kept_row
from wiki.models import Page


def _mark_reached(request, episodes, season):
    """Whether the reader has reached each episode; an episode not reached
    keeps its plot and its credits to itself (its row in a guide folds)."""
    shown = set(request.GET.getlist("show")[:50])
    for episode in episodes:
        episode.season = season
        episode.reached = (
            request.progress.sees(episode.reveals_at, season.series_id)
            or episode.code in shown
        )
    return episodes


def _seasons_with_episodes(request, series):
    """A series' seasons, each with its episodes as the guide lists them."""
    seasons = list(series.seasons.order_by("number").prefetch_related("episodes"))
    for season in seasons:
        _mark_reached(request, season.episodes.all(), season)
    kinds.of(Episode).annotate_list(
        request, [e for season in seasons for e in season.episodes.all()]
    )
    return seasons


def _series_details(request, series):
    """What a series' fragments show: its seasons, and what extends it."""
    seasons = list(series.seasons.order_by("number").with_episode_counts())
    return kinds.of(series).details(request, series, {"seasons": seasons})


def home(request):
    series = kept_row(
        request, "series", Series.objects, Series.objects.featured_first().first
    )

    def details():
        found = {
            "latest_news": Page.objects.news()
            .revealed_to(request.progress)
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
        return redirect("home")
    return redirect("episodes:guide", slug=series.slug)


def episode_guide(request, slug):
    series = get_page_for_tool(request, Series.objects.all(), slug)
    # Its episodes' changes are changes of the series page (episodes.shown).
    dependencies.shows(request, series)
    return render(
        request,
        "episodes/episode_guide.html",
        {"series": series, "seasons": _seasons_with_episodes(request, series)},
    )


def season_detail(request, slug):
    season = get_page(Season.objects.with_series().select_related("poster"), slug)
    # Its episodes' changes are changes of the season page (episodes.shown).
    dependencies.shows(request, season)
    episodes = _mark_reached(request, list(season.episodes.order_by("number")), season)
    kinds.of(Episode).annotate_list(request, episodes)
    context = {
        "season": season,
        "episodes": episodes,
        "started": request.progress.sees(season.starts_at, season.series_id),
        "starts_at": storytime.code(season.starts_at),
    }
    return render(
        request,
        "episodes/season_detail.html",
        kinds.of(season).details(request, season, context),
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
    """What an episode's fragments show: the episode in full, its neighbours
    and what extends it (its cast and crew)."""
    episode = Episode.objects.with_season().select_related("still").get(pk=pk)
    series = episode.season.series
    siblings = Episode.objects.filter(season__series=series).select_related("season")
    context = {
        "episode": episode,
        "series": series,
        # Before the reader has watched it, an episode shows its title and
        # place only: its plot, still, cast and crew are what it reveals.
        "reached": request.progress.sees(episode.reveals_at, series.pk),
        "previous": siblings.filter(number_overall__lt=episode.number_overall)
        .order_by("-number_overall")
        .first(),
        "next": siblings.filter(number_overall__gt=episode.number_overall)
        .order_by("number_overall")
        .first(),
    }
    return kinds.of(episode).details(request, episode, context)


def season_by_number(request, slug, number):
    season = get_object_or_404(Season, series__slug=slugify(slug), number=number)
    return redirect(season)


def episode_by_number(request, slug, season, number):
    episode = get_object_or_404(
        Episode,
        season__series__slug=slugify(slug),
        season__number=season,
        number=number,
    )
    return redirect(episode)
