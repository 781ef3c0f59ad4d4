"""
Cast and crew on the pages of other kinds: this app extends episodes,
seasons, series and characters through the kinds registry (see `apps.py`),
so that they show their credits without knowing of this app.

Every function here shows a reader only the credits they have reached.
"""

from collections import defaultdict

from django.db.models import Exists, F, OuterRef, Subquery

from credits import appearances, charts, summaries
from credits.models import CastCredit, CrewCredit
from credits.structured_data import people
from episodes.models import Episode, Season
from wiki import storytime

DIRECTOR, WRITER = CrewCredit.Job.DIRECTOR, CrewCredit.Job.WRITER


def episode_context(request, episode, context) -> dict:
    """An episode's directors and writers (whose names spoil nothing), and,
    once the reader has reached it, the rest of its crew and its cast (whose
    roles may)."""
    episode_cast, season_cast = [], []
    crew = list(episode.crew_credits.select_related("person"))
    if context["reached"]:
        # A role may be revealed later than its episode or season.
        progress = request.progress
        episode_cast = list(
            episode.cast_credits.revealed_to(progress).select_related(
                "person", "character"
            )
        )
        # The season's main cast stands in for an episode with none of its own.
        if not episode_cast:
            season_cast = list(
                episode.season.cast_credits.main()
                .revealed_to(progress)
                .select_related("person", "character")
            )
    else:
        crew = [c for c in crew if c.job in (DIRECTOR, WRITER)]
    return {
        "directors": [c.person for c in crew if c.job == DIRECTOR],
        "writers": [c.person for c in crew if c.job == WRITER],
        "other_crew": [c for c in crew if c.job not in (DIRECTOR, WRITER)],
        "episode_cast": episode_cast,
        "cast_by_billing": by_billing(episode_cast),
        "season_cast": season_cast,
    }


BILLING_HEADINGS = {
    CastCredit.Billing.MAIN: "Starring",
    CastCredit.Billing.RECURRING: "Also starring",
    CastCredit.Billing.GUEST: "Guest starring",
    None: "Billing not recorded",
}


def by_billing(credits) -> list[tuple[str, list]]:
    """Credits under a heading per billing, in billing order; billing that
    no source gives comes last, under a heading of its own."""
    groups = {billing: [] for billing in BILLING_HEADINGS}
    for credit in credits:
        groups[credit.billing].append(credit)
    return [(BILLING_HEADINGS[b], group) for b, group in groups.items() if group]


def episode_structured_data(request, episode, context) -> dict:
    actors = {c.person_id: c.person for c in context["season_cast"]}
    actors |= {c.person_id: c.person for c in context["episode_cast"]}
    return {
        "director": people(request, context["directors"]),
        "author": people(request, context["writers"]),
        "actor": people(request, actors.values()),
    }


def key_crew(request, episodes) -> None:
    """Each listed episode's directors and writers, in one query, whether or
    not the reader has reached it: crew names spoil nothing."""
    by_episode = defaultdict(list)
    if episodes:
        for credit in CrewCredit.objects.directors_and_writers().filter(
            episode__in=episodes
        ):
            by_episode[credit.episode_id].append(credit)
    for episode in episodes:
        crew = by_episode[episode.pk]
        episode.directors = [c.person for c in crew if c.job == DIRECTOR]
        episode.writers = [c.person for c in crew if c.job == WRITER]


def season_context(request, season, context) -> dict:
    """A season's cast, once it has started for the reader, and showrunners."""
    return {
        "cast": (
            summaries.season_cast(season, request.progress)
            if context["started"]
            else []
        ),
        "showrunners": season.crew_credits.filter(
            job=CrewCredit.Job.SHOWRUNNER
        ).select_related("person"),
    }


def series_context(request, series, context) -> dict:
    return {
        "main_cast": summaries.main_cast(series, request.progress),
        "showrunners": summaries.showrunners(series),
    }


def series_structured_data(request, series, context) -> dict:
    return {"actor": people(request, (m.person for m in context["main_cast"]))}


def character_context(request, character, context) -> dict:
    """A character's portrayals and appearances, as far as the reader has
    watched (credits are the evidence of appearances)."""
    credits = list(
        character.cast_credits.select_related(
            "person", "series", "season__series", "episode__season__series"
        )
    )
    shown = storytime.revealed(credits, request.progress)
    return {
        "appearances": appearances.summarise(shown),
        # Whether the reader is short of the end, not whether anything was
        # left out: that would tell a reader the character is still around.
        "appearances_staged": (
            request.progress.at(character.series_id) < storytime.EVERYTHING
        ),
    }


def portrayals(request, characters) -> None:
    """Who plays each listed character, as far as the reader has watched."""
    by_character = defaultdict(list)
    if characters:
        credits = CastCredit.objects.filter(character__in=characters).select_related(
            "person", "season", "episode__season"
        )
        for credit in credits:
            by_character[credit.character_id].append(credit)
    for character in characters:
        character.shown_credits = storytime.revealed(
            by_character[character.pk], request.progress
        )


# Charts (credits/charts/): each one query, whatever the data.


def season_grid(request, season, context) -> dict:
    """Who appears in which episode of the season, once it has started."""
    grid = None
    if context["started"]:
        credits = (
            CastCredit.objects.filter(episode__season=season)
            .revealed_to(request.progress)
            .select_related("character")
        )
        grid = charts.appearance_grid(
            season, context["episodes"], credits, request.progress
        )
    return {"appearance_grid": grid}


def character_strip(request, character, context) -> dict:
    """Every episode of the character's series, marked where it appears."""
    if character.series_id is None:
        return {"appearance_strip": None}
    shown = CastCredit.objects.filter(
        character=character, episode=OuterRef("pk")
    ).revealed_to(request.progress)
    first = shown.order_by(F("billing").asc(nulls_last=True), "order", "pk")
    episodes = (
        Episode.objects.filter(
            season__series=character.series_id, season__deleted_at__isnull=True
        )
        .select_related("season")
        .annotate(
            appears=Exists(shown),
            appearance_billing=Subquery(first.values("billing")[:1]),
            appearance_note=Subquery(first.exclude(note="").values("note")[:1]),
        )
        .order_by("season__number", "number")
    )
    return {
        "appearance_strip": charts.appearance_strip(list(episodes), request.progress)
    }


def person_work_chart(request, person, context) -> dict:
    """Episodes the person directed, wrote and appeared in, season by season,
    over every season of the series they worked on."""
    cast = context["cast"]
    crew = [credit for group in context["crew_groups"] for credit in group.credits]
    series = {credit.story_series_id for credit in [*cast, *crew]} - {None}
    seasons = (
        Season.objects.filter(series__in=series)
        .with_series()
        .with_episode_counts()
        .order_by("series__title", "series", "number")
    )
    chart = charts.person_work(list(seasons), cast, crew, request.progress)
    return {"work_chart": chart}
