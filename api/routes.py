"""The read-only JSON API: series, seasons, episodes, characters, people and
credits, with page-numbered lists, filters and an OpenAPI description at
/api/openapi.json."""

from django.shortcuts import get_object_or_404
from ninja import NinjaAPI
from ninja.pagination import paginate

from api.pagination import LinkedPagination
from api.schemas import (
    CastCreditOut,
    CharacterOut,
    CrewCreditOut,
    EpisodeDetail,
    EpisodeOut,
    PersonOut,
    SeasonDetail,
    SeasonOut,
    SeriesDetail,
    SeriesOut,
    progress_of,
)
from characters.models import Character
from credits.models import CastCredit, CrewCredit, Person
from episodes.models import Episode, Season, Series

api = NinjaAPI(
    title="Fanwiki API",
    version="1",
    description="Read-only data of the wiki. Ids and slugs are stable. "
    "Everything is shown unless `progress` says how far the reader has watched "
    "(`S1E3`, `nothing`, or `<series id>:S1E3,…`): then synopses, character "
    "facts and credits revealed later are left out.",
    urls_namespace="api",
    docs_url=None,  # the interactive docs load third-party scripts
)
CREDIT_SCOPE = ("person", "series", "season", "episode")


@api.get("/series", response=list[SeriesOut], url_name="series_list")
@paginate(LinkedPagination)
def series_list(request):
    return Series.objects.order_by("title")


@api.get("/series/{slug}", response=SeriesDetail, url_name="series_detail")
def series_detail(request, slug: str):
    return get_object_or_404(Series, slug=slug)


@api.get("/seasons", response=list[SeasonOut], url_name="season_list")
@paginate(LinkedPagination)
def season_list(request, series: str | None = None):
    seasons = Season.objects.select_related("series").order_by(
        "series__title", "number"
    )
    return seasons.filter(series__slug=series) if series else seasons


@api.get("/seasons/{slug}", response=SeasonDetail, url_name="season_detail")
def season_detail(request, slug: str, progress: str = ""):
    return get_object_or_404(Season.objects.select_related("series"), slug=slug)


@api.get("/episodes", response=list[EpisodeOut], url_name="episode_list")
@paginate(LinkedPagination)
def episode_list(
    request, series: str | None = None, season: int | None = None, progress: str = ""
):
    episodes = Episode.objects.select_related("season__series").order_by(
        "season__series__title", "season__number", "number"
    )
    if series:
        episodes = episodes.filter(season__series__slug=series)
    if season is not None:
        episodes = episodes.filter(season__number=season)
    return episodes


@api.get("/episodes/{slug}", response=EpisodeDetail, url_name="episode_detail")
def episode_detail(request, slug: str, progress: str = ""):
    return get_object_or_404(
        Episode.objects.select_related("season__series"), slug=slug
    )


@api.get("/characters", response=list[CharacterOut], url_name="character_list")
@paginate(LinkedPagination)
def character_list(request, series: str | None = None, progress: str = ""):
    characters = Character.objects.revealed_to(progress_of(request)).order_by("title")
    return characters.filter(series__slug=series) if series else characters


@api.get("/characters/{slug}", response=CharacterOut, url_name="character_detail")
def character_detail(request, slug: str, progress: str = ""):
    """404 for a character the reader has not met, as for one that is not."""
    characters = Character.objects.revealed_to(progress_of(request))
    return get_object_or_404(characters, slug=slug)


@api.get("/people", response=list[PersonOut], url_name="person_list")
@paginate(LinkedPagination)
def person_list(request):
    return Person.objects.order_by("title")


@api.get("/people/{slug}", response=PersonOut, url_name="person_detail")
def person_detail(request, slug: str):
    return get_object_or_404(Person, slug=slug)


@api.get("/credits/crew", response=list[CrewCreditOut], url_name="crew_credits")
@paginate(LinkedPagination)
def crew_credits(
    request,
    person: str | None = None,
    job: CrewCredit.Job | None = None,
    progress: str = "",
):
    credits = (
        CrewCredit.objects.select_related(*CREDIT_SCOPE)
        .revealed_to(progress_of(request))
        .order_by("pk")
    )
    if person:
        credits = credits.filter(person__slug=person)
    if job:
        credits = credits.filter(job=job)
    return credits


@api.get("/credits/cast", response=list[CastCreditOut], url_name="cast_credits")
@paginate(LinkedPagination)
def cast_credits(
    request, person: str | None = None, character: str | None = None, progress: str = ""
):
    credits = (
        CastCredit.objects.select_related(*CREDIT_SCOPE, "character")
        .revealed_to(progress_of(request))
        .order_by("pk")
    )
    if person:
        credits = credits.filter(person__slug=person)
    if character:
        credits = credits.filter(character__slug=character)
    return credits
