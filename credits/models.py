"""
People and their credits.

A credit is scoped to exactly one of a series, a season or an episode, so
"main cast of season 2" and "guest star in S2E11" are both one row.
"""

from django.db import models
from django.db.models import Case, F, Value, When
from django.db.models.functions import Coalesce, Greatest

from multimedia.fields import image_link
from wiki import kinds, storytime
from wiki.fields import RevealField
from wiki.models import Page, PageQuerySet, page_link, revealed_q


class Person(Page):
    KIND = "person"

    page_ptr = page_link("person")

    short_bio = models.CharField(
        max_length=500, blank=True, help_text="One or two sentences for lists."
    )
    portrait = image_link(
        related_name="person_portraits", help_text="Shown in the infobox."
    )

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "people"

    def get_absolute_url(self):
        return kinds.get(self.KIND).url_for(self.slug)

    @property
    def name(self):
        return self.title

    def automatic_categories(self):
        names = ["People"]
        if self.cast_credits.exists():
            names.append("Cast")
        if self.crew_credits.exists():
            names.append("Crew")
        return names


def _scope_fields(related_name):
    def scope(model, verbose_name):
        return models.ForeignKey(
            model,
            on_delete=models.CASCADE,
            null=True,
            blank=True,
            related_name=related_name,
            verbose_name=verbose_name,
        )

    return (
        scope("episodes.Series", "series"),
        scope("episodes.Season", "season"),
        scope("episodes.Episode", "episode"),
    )


def _unique_per_scope(prefix, fields):
    return [
        models.UniqueConstraint(
            fields=[*fields, scope],
            condition=models.Q(**{f"{scope}__isnull": False}),
            name=f"{prefix}_unique_per_{scope}",
            violation_error_message=f"This person already has this credit on that "
            f"{scope}.",
        )
        for scope in ("series", "season", "episode")
    ]


def _exactly_one_scope(name):
    series, season, episode = (
        models.Q(**{f"{field}__isnull": False})
        for field in ("series", "season", "episode")
    )
    return models.CheckConstraint(
        condition=(series & ~season & ~episode)
        | (~series & season & ~episode)
        | (~series & ~season & episode),
        name=name,
        violation_error_message="Choose exactly one of series, season or episode.",
    )


class ShownCreditManager(models.Manager):
    """Credits whose pages are all there. A credit concerning a deleted page
    (its person, character, series, season or episode) is kept for when the
    page is undeleted, and hidden with it meanwhile."""

    def get_queryset(self):
        deleted = Page.including_deleted.deleted().values("pk")
        concerns = [
            field.attname
            for field in self.model._meta.concrete_fields
            if field.many_to_one and issubclass(field.related_model, Page)
        ]
        hidden = models.Q()
        for attname in concerns:
            hidden |= models.Q(**{f"{attname}__in": deleted})
        return super().get_queryset().exclude(hidden)


class CreditQuerySet(models.QuerySet):
    @classmethod
    def as_manager(cls):
        manager = ShownCreditManager.from_queryset(cls)()
        manager._built_with_as_manager = True
        return manager

    as_manager.queryset_only = True

    def revealed_to(self, progress):
        """The credits a reader has reached, decided in the database (the same
        rule as `ScopedCredit.reveal`, for lists that page)."""
        if progress.is_everything:
            return self
        credits = self.annotate(
            scope_reveal=Case(
                *self._from_start(),
                When(
                    episode__isnull=False,
                    then=F("episode__season__number") * 1000 + F("episode__number"),
                ),
                When(season__isnull=False, then=F("season__number") * 1000 + 1),
                default=Value(storytime.NOTHING),
            ),
            reveal_at=Greatest(
                "scope_reveal", "revealed_in", output_field=models.IntegerField()
            ),
            story_series=Coalesce(
                "episode__season__series_id", "season__series_id", "series_id"
            ),
        )
        return credits.filter(revealed_q(progress, "reveal_at", "story_series"))

    def known_from_start(self) -> models.Q | None:
        """The credits any reader may see, however far they have watched (in
        the database, as `reveal` says it): none, unless a kind says so."""
        return None

    def _from_start(self) -> list:
        known = self.known_from_start()
        return [] if known is None else [When(known, then=Value(storytime.NOTHING))]

    def with_scope(self):
        return self.select_related("series", "season__series", "episode__season")

    def for_series(self, series):
        """Credits anywhere in a series: on it, its seasons or its episodes."""
        return self.filter(
            models.Q(series=series)
            | models.Q(season__series=series)
            | models.Q(episode__season__series=series)
        )


class ScopedCredit(models.Model):
    """What every credit shares: the scope it applies to."""

    # A credit can give away more than its scope does (a role that is itself
    # a later reveal): then it waits for the episode that reveals it.
    revealed_in = RevealField(
        "revealed in",
        help_text="Leave empty unless the credit itself gives away a later "
        "episode (a role that is a reveal); it is hidden until then.",
    )

    class Meta:
        abstract = True

    @property
    def scope(self):
        return self.episode or self.season or self.series

    @property
    def scope_season(self):
        if self.episode_id:
            return self.episode.season
        return self.season

    @property
    def reveal(self) -> int:
        """Where a credit is revealed: at its episode, at the start of its
        season; who works on the series as a whole is known from the start."""
        if self.episode_id:
            scope = storytime.position(self.episode.season.number, self.episode.number)
        elif self.season_id:
            scope = storytime.season_start(self.season.number)
        else:
            scope = storytime.NOTHING
        return max(scope, self.revealed_in)

    @property
    def story_series_id(self):
        season = self.scope_season
        return season.series_id if season is not None else self.series_id

    def scope_label(self):
        """Where the credit applies, in words; also of a row the admin is
        refusing for want of a scope, whose form shows its name."""
        if self.episode_id:
            return f"{self.episode.code} {self.episode.title}"
        if self.season_id:
            return f"{self.season.series.title}, season {self.season.number}"
        if self.series_id:
            return f"{self.series.title} (all seasons)"
        return "no series, season or episode"

    def person_label(self):
        return str(self.person) if self.person_id else "(no person)"


class CastCreditQuerySet(CreditQuerySet):
    def main(self):
        return self.filter(billing=CastCredit.Billing.MAIN)


class CastCredit(ScopedCredit):
    class Billing(models.IntegerChoices):
        MAIN = 1, "Main"
        RECURRING = 2, "Recurring"
        GUEST = 3, "Guest"

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="cast_credits"
    )
    character = models.ForeignKey(
        "characters.Character",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cast_credits",
        help_text="Leave empty for a role with no page of its own.",
    )
    role = models.CharField(
        max_length=200,
        blank=True,
        help_text="The role as credited, e.g. “Young Jessica Jones”; empty means "
        "the character's name, or a role no source records.",
    )
    billing = models.PositiveSmallIntegerField(
        choices=Billing,
        default=Billing.RECURRING,
        null=True,
        blank=True,
        help_text="Leave empty where no source says how the role was billed.",
    )
    note = models.CharField(
        max_length=100,
        blank=True,
        help_text="How the character appears, if not in person: voice only, "
        "flashback, archive footage…",
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Position in the billing; lower comes first."
    )
    series, season, episode = _scope_fields("cast_credits")

    objects = CastCreditQuerySet.as_manager()

    class Meta:
        ordering = [F("billing").asc(nulls_last=True), "order", "role", "pk"]
        verbose_name = "cast credit"
        constraints = [
            _exactly_one_scope("credits_castcredit_exactly_one_scope"),
            *_unique_per_scope("credits_castcredit", ["person", "role"]),
        ]
        indexes = [
            # A series' main cast is a handful among thousands of credits.
            models.Index(
                fields=["order"],
                condition=models.Q(billing=1),
                name="credits_castcredit_main_idx",
            )
        ]

    def __str__(self):
        return f"{self.person_label()} as {self.role} ({self.scope_label()})"

    def clean(self):
        # No role and no character: a source that names the actor only; the
        # role shows as not recorded.
        super().clean()
        if not self.role and self.character_id:
            self.role = self.character.title


class CrewCreditQuerySet(CreditQuerySet):
    def directors_and_writers(self):
        return self.filter(job__in=CrewCredit.NAMED_FROM_START).select_related("person")

    def known_from_start(self) -> models.Q:
        return models.Q(job__in=CrewCredit.NAMED_FROM_START)


class CrewCredit(ScopedCredit):
    class Job(models.TextChoices):
        CREATOR = "creator", "Creator"
        SHOWRUNNER = "showrunner", "Showrunner"
        EXECUTIVE_PRODUCER = "executive-producer", "Executive producer"
        PRODUCER = "producer", "Producer"
        DIRECTOR = "director", "Director"
        WRITER = "writer", "Writer"
        COMPOSER = "composer", "Composer"
        CINEMATOGRAPHER = "cinematographer", "Director of photography"
        EDITOR = "editor", "Editor"
        CASTING = "casting", "Casting director"

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="crew_credits"
    )
    job = models.CharField(max_length=30, choices=Job)
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Position in the credits; lower comes first."
    )
    series, season, episode = _scope_fields("crew_credits")

    objects = CrewCreditQuerySet.as_manager()

    class Meta:
        ordering = ["job", "order", "pk"]
        verbose_name = "crew credit"
        constraints = [
            _exactly_one_scope("credits_crewcredit_exactly_one_scope"),
            *_unique_per_scope("credits_crewcredit", ["person", "job"]),
        ]

    # Who directed or wrote an episode spoils nothing of it: shown before the
    # reader reaches it (its cast, whose roles may, waits).
    NAMED_FROM_START = (Job.DIRECTOR, Job.WRITER)

    def __str__(self):
        job = self.get_job_display().lower()
        return f"{self.person_label()}, {job} ({self.scope_label()})"

    @property
    def reveal(self) -> int:
        if self.job in self.NAMED_FROM_START:
            return self.revealed_in
        return super().reveal
