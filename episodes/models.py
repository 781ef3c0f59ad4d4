from django.core.exceptions import ValidationError
from django.db import models

from multimedia.fields import image_link
from wiki import kinds, storytime
from wiki.models import Page, PageQuerySet, page_link


class SeriesQuerySet(PageQuerySet):
    def featured_first(self):
        return self.order_by("-is_featured", "title")


class Series(Page):
    KIND = "series"

    page_ptr = page_link("series")

    network = models.CharField(max_length=100, blank=True)
    premise = models.TextField(
        blank=True, help_text="One or two sentences for the home page and lists."
    )
    is_featured = models.BooleanField(
        default=False, help_text="The series shown on the home page."
    )

    objects = SeriesQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "series"

    @property
    def story_series_id(self):
        return self.pk

    def get_absolute_url(self):
        return kinds.get(self.KIND).url_for(self.slug)

    def automatic_categories(self):
        return ["Series"]


class SeasonQuerySet(PageQuerySet):
    def with_series(self):
        return self.select_related("series")

    def with_episode_counts(self):
        shown = models.Q(episodes__deleted_at__isnull=True)
        return self.annotate(episode_count=models.Count("episodes", filter=shown))


class Season(Page):
    KIND = "season"

    page_ptr = page_link("season")

    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="seasons")
    number = models.PositiveSmallIntegerField()
    release_date = models.DateField(null=True, blank=True)
    poster = image_link(
        related_name="season_posters", help_text="Shown on the season page."
    )

    objects = SeasonQuerySet.as_manager()

    class Meta:
        ordering = ["series__title", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "number"], name="episodes_one_season_per_number"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="episodes_season_number_gte_1"
            ),
        ]

    @property
    def story_series_id(self):
        return self.series_id

    def clean(self):
        super().clean()
        if self.number is not None and self.number < 1:
            raise ValidationError({"number": "Seasons are numbered from 1."})
        if self.series_id and self.number:
            # A deleted season keeps its number (its row waits for undeletion),
            # which the validation of the constraint, reading live pages,
            # misses; and the constraint's own message names no field.
            other = (
                Season._base_manager.filter(series=self.series_id, number=self.number)
                .exclude(pk=self.pk)
                .values("deleted_at")
                .first()
            )
            if other and other["deleted_at"]:
                raise ValidationError(
                    {"number": "A deleted season has this number: undelete it, "
                     "or give this one another number."}
                )  # fmt: skip
            if other:
                raise ValidationError(
                    {"number": f"The series already has a season {self.number}."}
                )

    @property
    def starts_at(self) -> int:
        """Where the season's own facts (its cast) are revealed."""
        return storytime.season_start(self.number)

    def get_absolute_url(self):
        return kinds.get(self.KIND).url_for(self.slug)

    @property
    def name(self):
        return f"Season {self.number}"

    def automatic_categories(self):
        return ["Seasons"]


class EpisodeQuerySet(PageQuerySet):
    def with_season(self):
        return self.select_related("season__series")

    def in_season(self, season):
        return self.filter(season=season)


class Episode(Page):
    KIND = "episode"

    page_ptr = page_link("episode")

    season = models.ForeignKey(
        Season, on_delete=models.PROTECT, related_name="episodes"
    )
    number = models.PositiveSmallIntegerField("number in season")
    number_overall = models.PositiveSmallIntegerField("number in series")
    release_date = models.DateField(null=True, blank=True)
    runtime = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="In minutes; leave empty if unknown."
    )
    synopsis = models.TextField(blank=True, help_text="A short plot summary.")
    credits_note = models.TextField(
        blank=True, help_text="Caveats about this episode's credits, for readers."
    )
    cast_complete = models.BooleanField(
        "cast list complete",
        default=False,
        help_text="Tick once every credited role of the episode is listed; until "
        "then readers are told the list is partial.",
    )
    still = image_link(related_name="episode_stills", help_text="Shown in the infobox.")

    objects = EpisodeQuerySet.as_manager()

    class Meta:
        ordering = ["season__series__title", "season__number", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "number"], name="episodes_one_episode_per_number"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="episodes_episode_number_gte_1"
            ),
            models.CheckConstraint(
                condition=models.Q(number_overall__gte=models.F("number")),
                name="episodes_overall_number_not_below_number",
            ),
            models.CheckConstraint(
                condition=models.Q(runtime__isnull=True) | models.Q(runtime__gte=1),
                name="episodes_runtime_positive",
            ),
        ]

    def clean(self):
        super().clean()
        # Every number's error at once, each said of its field: the
        # constraints, left to say them, would name none.
        errors = {}
        if number_error := self._number_error():
            errors["number"] = number_error
        if overall_error := self._overall_error():
            errors["number_overall"] = overall_error
        if errors:
            raise ValidationError(errors)

    def _number_error(self) -> str | None:
        if self.number is not None and self.number < 1:
            return "Episodes are numbered from 1."
        if not (self.season_id and self.number):
            return None
        # A deleted episode keeps its number (its row waits for undeletion),
        # which the validation of the constraint, reading live pages, misses.
        other = (
            Episode._base_manager.filter(season=self.season_id, number=self.number)
            .exclude(pk=self.pk)
            .values("deleted_at")
            .first()
        )
        if other and other["deleted_at"]:
            return (
                "A deleted episode has this number: undelete it, or give this "
                "one another number."
            )
        if other:
            return f"The season already has an episode {self.number}."
        return None

    def _overall_error(self) -> str | None:
        overall = self.number_overall
        if overall is not None and overall < 1:
            return "Episodes are numbered from 1."
        if self.number and overall and overall < self.number:
            return "The number in the series cannot be below the number in the season."
        if self.season_id and overall:
            clash = Episode.objects.filter(
                season__series=self.season.series_id, number_overall=overall
            ).exclude(pk=self.pk)
            if clash.exists():
                return "Another episode of the series has this number."
        return None

    def get_absolute_url(self):
        return kinds.get(self.KIND).url_for(self.slug)

    def automatic_categories(self):
        return ["Episodes", f"{self.season.title} episodes"]

    @property
    def code(self):
        return f"S{self.season.number}E{self.number}"

    @property
    def reveals_at(self):
        """An episode reveals its own plot (and its credits)."""
        return max(
            storytime.position(self.season.number, self.number), self.revealed_in
        )

    @property
    def story_series_id(self):
        return self.season.series_id
