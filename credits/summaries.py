"""
Credits gathered for display: one entry a person or a season rather than one
row a credit. Each function runs a fixed number of queries.
"""

from dataclasses import dataclass, field
from itertools import groupby

from credits.models import CastCredit, CrewCredit, Person
from wiki import storytime


@dataclass
class CastMember:
    person: Person
    credits: list[CastCredit] = field(default_factory=list)

    @property
    def roles(self):
        """Each character (or uncharactered role) once, first credit first."""
        seen = {}
        for credit in self.credits:
            seen.setdefault(credit.character_id or credit.role, credit)
        return list(seen.values())

    @property
    def season_numbers(self):
        return sorted(
            {c.scope_season.number for c in self.credits if c.scope_season is not None}
        )


def _by_person(credits):
    members: dict[int, CastMember] = {}
    for credit in credits:
        members.setdefault(credit.person_id, CastMember(credit.person)).credits.append(
            credit
        )
    return list(members.values())


def main_cast(series, progress=storytime.EVERYONE) -> list[CastMember]:
    """The main cast of a series a reader has reached, one entry a person, in
    billing order: credited for the series or a season (an episode's own
    billing says who starred in that episode)."""
    credits = (
        CastCredit.objects.main()
        .for_series(series)
        .filter(episode__isnull=True)
        .select_related("person", "character", "season", "episode__season")
        .order_by("order", "season__number", "pk")
    )
    return _by_person(storytime.revealed(credits, progress))


def season_cast(season, progress=storytime.EVERYONE) -> list[CastMember]:
    """A season's cast as far as the reader has watched: a role that is
    itself a later reveal (a flashback, a late guest) waits for its episode."""
    credits = (
        season.cast_credits.revealed_to(progress)
        .select_related("person", "character", "season")
        .order_by("billing", "order", "pk")
    )
    return _by_person(credits)


def showrunners(series) -> list[Person]:
    return list(
        Person.objects.filter(
            pk__in=CrewCredit.objects.for_series(series)
            .filter(job=CrewCredit.Job.SHOWRUNNER)
            .values("person")
        )
    )


@dataclass
class JobGroup:
    label: str
    credits: list[CrewCredit]

    def by_season(self):
        """(season or series, credits) pairs; whole-season credits come first."""
        groups: dict = {}
        for credit in self.credits:
            where = credit.scope_season or credit.series
            groups.setdefault((where.kind, where.pk), (where, []))[1].append(credit)
        return list(groups.values())


def crew_by_job(credits) -> list[JobGroup]:
    """Crew credits grouped by job, in the order jobs are declared."""
    order = {job: index for index, job in enumerate(CrewCredit.Job.values)}
    ordered = sorted(
        credits,
        key=lambda c: (
            order[c.job],
            c.scope_season.series.title if c.scope_season else c.series.title,
            c.scope_season.number if c.scope_season else 0,
            c.episode.number if c.episode_id else 0,
        ),
    )
    return [
        JobGroup(CrewCredit.Job(job).label, list(group))
        for job, group in groupby(ordered, key=lambda c: c.job)
    ]
