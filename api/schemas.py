from datetime import date

from django.urls import reverse
from ninja import Schema

from wiki.storytime import Progress


def progress_of(request) -> Progress:
    """The API shows everything unless asked: `?progress=S1E3`, or per series
    `?progress=<series id>:S1E3` (cookies play no part)."""
    return Progress.parse(request.GET.get("progress", ""))


def _absolute(context, path):
    return context["request"].build_absolute_uri(path)


class PageOut(Schema):
    """What every page has: a stable id, its slug and its addresses."""

    id: int
    slug: str
    title: str
    url: str
    api_url: str

    @staticmethod
    def resolve_url(obj, context):
        return _absolute(context, obj.get_absolute_url())

    @staticmethod
    def resolve_api_url(obj, context):
        name = {
            "series": "series_detail",
            "season": "season_detail",
            "episode": "episode_detail",
            "character": "character_detail",
            "person": "person_detail",
        }[obj.kind]
        return _absolute(context, reverse(f"api:{name}", kwargs={"slug": obj.slug}))


class SeriesOut(PageOut):
    network: str
    premise: str


class SeasonOut(PageOut):
    series: str
    number: int
    release_date: date | None

    @staticmethod
    def resolve_series(obj):
        return obj.series.slug


class EpisodeOut(PageOut):
    series: str
    season: int
    number: int
    number_overall: int
    release_date: date | None
    runtime: int | None
    synopsis: str | None

    @staticmethod
    def resolve_synopsis(obj, context):
        """None until the reader has watched the episode."""
        progress = progress_of(context["request"])
        return (
            obj.synopsis
            if progress.sees(obj.reveals_at, obj.season.series_id)
            else None
        )

    @staticmethod
    def resolve_series(obj):
        return obj.season.series.slug

    @staticmethod
    def resolve_season(obj):
        return obj.season.number


def _facts(obj, context):
    """A character's facts as of the progress the request asks for (once)."""
    request = context["request"]
    cache = request.__dict__.setdefault("_character_facts", {})
    if obj.pk not in cache:
        cache[obj.pk] = obj.facts(progress_of(request).at(obj.series_id))
    return cache[obj.pk]


class CharacterOut(PageOut):
    description: str
    status: str
    aliases: list[str]
    affiliations: list[str]

    @staticmethod
    def resolve_description(obj, context):
        return _facts(obj, context).description

    @staticmethod
    def resolve_status(obj, context):
        return _facts(obj, context).status

    @staticmethod
    def resolve_aliases(obj, context):
        return [value for value, _ in _facts(obj, context).aliases]

    @staticmethod
    def resolve_affiliations(obj, context):
        return [value for value, _ in _facts(obj, context).affiliations]


class PersonOut(PageOut):
    short_bio: str


class ScopeOut(Schema):
    type: str
    slug: str
    title: str


def _scope(credit):
    where = credit.episode or credit.season or credit.series
    return {"type": where.kind, "slug": where.slug, "title": where.title}


class CastCreditOut(Schema):
    id: int
    person: str
    character: str | None
    role: str
    billing: str | None  # None: no source says
    note: str
    scope: ScopeOut

    @staticmethod
    def resolve_person(obj):
        return obj.person.slug

    @staticmethod
    def resolve_character(obj):
        return obj.character.slug if obj.character_id else None

    @staticmethod
    def resolve_billing(obj):
        return obj.get_billing_display().lower() if obj.billing else None

    @staticmethod
    def resolve_scope(obj):
        return _scope(obj)


class CrewCreditOut(Schema):
    id: int
    person: str
    job: str
    scope: ScopeOut

    @staticmethod
    def resolve_person(obj):
        return obj.person.slug

    @staticmethod
    def resolve_scope(obj):
        return _scope(obj)


class SeriesDetail(SeriesOut):
    seasons: list[SeasonOut]

    @staticmethod
    def resolve_seasons(obj):
        return obj.seasons.select_related("series").order_by("number")


class SeasonDetail(SeasonOut):
    episodes: list[EpisodeOut]

    @staticmethod
    def resolve_episodes(obj):
        return obj.episodes.select_related("season__series").order_by("number")


class EpisodeDetail(EpisodeOut):
    crew: list[CrewCreditOut]
    cast: list[CastCreditOut]

    @staticmethod
    def resolve_crew(obj, context):
        if not _reached(obj, context):
            return []
        return obj.crew_credits.select_related("person", "episode__season")

    @staticmethod
    def resolve_cast(obj, context):
        if not _reached(obj, context):
            return []
        return obj.cast_credits.select_related("person", "character", "episode")


def _reached(episode, context):
    progress = progress_of(context["request"])
    return progress.sees(episode.reveals_at, episode.season.series_id)
