"""Factory functions: keyword-only, sensible defaults, one object each."""

from datetime import date
from itertools import count

from django.utils.text import slugify

from characters.models import Character
from credits.models import CastCredit, CrewCredit, Person
from episodes.models import Episode, Season, Series
from wiki.models import Article

_serial = count(1)


def _slug(title):
    return f"{slugify(title)}-{next(_serial)}"


def make_article(*, title="Alias Investigations", slug=None, **fields):
    return Article.objects.create(title=title, slug=slug or _slug(title), **fields)


def make_series(*, title="Marvel's Jessica Jones", slug=None, **fields):
    return Series.objects.create(title=title, slug=slug or _slug(title), **fields)


def make_season(*, series=None, number=1, title=None, slug=None, **fields):
    series = series or make_series()
    title = title or f"{series.title} season {number}"
    return Season.objects.create(
        series=series, number=number, title=title, slug=slug or _slug(title), **fields
    )


def make_episode(*, season=None, number=1, number_overall=None, title=None, **fields):
    season = season or make_season()
    title = title or f"Episode {season.number}x{number}"
    fields.setdefault("slug", _slug(title))
    return Episode.objects.create(
        season=season,
        number=number,
        number_overall=number if number_overall is None else number_overall,
        title=title,
        **fields,
    )


def make_character(*, title="Jessica Jones", slug=None, **fields):
    return Character.objects.create(title=title, slug=slug or _slug(title), **fields)


def make_person(*, title="Krysten Ritter", slug=None, **fields):
    return Person.objects.create(title=title, slug=slug or _slug(title), **fields)


def make_cast_credit(*, person=None, character=None, role=None, **fields):
    person = person or make_person()
    role = role or (character.title if character else "Somebody")
    return CastCredit.objects.create(
        person=person, character=character, role=role, **fields
    )


def make_crew_credit(*, person=None, job=CrewCredit.Job.DIRECTOR, **fields):
    return CrewCredit.objects.create(person=person or make_person(), job=job, **fields)


def make_large_series(*, seasons=10, episodes=20, title="Big Show"):
    """A series with seasons × episodes, each episode with a director, a writer
    and a guest, and a main cast member per season: data for query budgets."""
    series = make_series(title=title, is_featured=True)
    lead = make_character(title=f"{title} lead", series=series)
    actor = make_person(title=f"{title} actor")
    director = make_person(title=f"{title} director")
    writer = make_person(title=f"{title} writer")
    overall = count(1)
    for season_number in range(1, seasons + 1):
        season = make_season(
            series=series, number=season_number, release_date=date(2015, 11, 20)
        )
        make_cast_credit(
            person=actor, character=lead, season=season, billing=CastCredit.Billing.MAIN
        )
        make_crew_credit(person=writer, job=CrewCredit.Job.SHOWRUNNER, season=season)
        for number in range(1, episodes + 1):
            episode = make_episode(
                season=season, number=number, number_overall=next(overall)
            )
            make_crew_credit(
                person=director, job=CrewCredit.Job.DIRECTOR, episode=episode
            )
            make_crew_credit(person=writer, job=CrewCredit.Job.WRITER, episode=episode)
            make_cast_credit(
                person=actor,
                character=lead,
                episode=episode,
                billing=CastCredit.Billing.GUEST,
            )
    return series


def make_user(*, username="jess", role="Contributors", password="a-long-passphrase"):
    """A user in one of the wiki's roles: "Contributors", "Editors" or None."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        username, f"{username}@example.com", password
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def make_revised_page(*, title="Alias Investigations", body="First text.", **fields):
    """An article with its first revision, as every page has."""
    from wiki.services import record_revision

    article = make_article(title=title, body=body, **fields)
    record_revision(page=article, summary="Created")
    return article
