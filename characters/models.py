from dataclasses import dataclass

from django.db import models

from multimedia.fields import image_link
from wiki import kinds, storytime
from wiki.fields import RevealField, TimelineField
from wiki.models import Page, PageQuerySet, page_link

TIMELINE_HELP = " A line may start with the episode that reveals it: “S1E13: …”."


@dataclass
class Facts:
    """A character's infobox as of a position: values, and what tags them."""

    description: str
    status: str
    status_tag: str
    aliases: list[tuple[str, str]]
    affiliations: list[tuple[str, str]]

    def affiliations_markdown(self):
        """Affiliations as a Markdown list, so that [[links]] in them work."""
        return "\n".join(f"- {value}" for value, _ in self.affiliations)


class Character(Page):
    KIND = "character"
    STORY_SERIES = "series"

    page_ptr = page_link("character")

    series = models.ForeignKey(
        "episodes.Series",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="characters",
    )
    description = TimelineField(
        "short description",
        one_value=True,
        blank=True,
        help_text="One or two sentences for lists and previews; a later line "
        "replaces it from its episode on." + TIMELINE_HELP,
    )
    aliases = TimelineField(
        blank=True, help_text="Other names, one a line." + TIMELINE_HELP
    )
    status = TimelineField(
        one_value=True,
        blank=True,
        help_text="Alive, Deceased…; a later line replaces it from its episode on."
        + TIMELINE_HELP,
    )
    portrait = image_link(
        related_name="character_portraits", help_text="Shown in the infobox."
    )
    affiliations = TimelineField(
        links=True,
        blank=True,
        help_text="Groups and allegiances, one a line; [[links]] work." + TIMELINE_HELP,
    )

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def get_absolute_url(self):
        return kinds.get(self.KIND).url_for(self.slug)

    @property
    def name(self):
        return self.title

    def automatic_categories(self):
        return ["Characters"]

    @property
    def story_series_id(self):
        return self.series_id

    def facts(self, pos: int = storytime.EVERYTHING) -> Facts:
        """The character's facts as a reader at `pos` knows them."""
        status = [e for e in storytime.timeline(self.status) if e[0] <= pos]
        status_tag = max(status)[0] if status else 0
        return Facts(
            description=storytime.value_at(self.description, pos),
            status=storytime.value_at(self.status, pos),
            status_tag=storytime.code(status_tag) if status_tag else "",
            aliases=storytime.tagged_at(self.aliases, pos),
            affiliations=storytime.tagged_at(self.affiliations, pos),
        )


class RelationQuerySet(models.QuerySet):
    def shown(self):
        """Relations between pages that are both there (not deleted)."""
        return self.filter(
            subject__deleted_at__isnull=True, other__deleted_at__isnull=True
        ).select_related("subject", "other")

    def around(self, character):
        """Relations the character's family picture draws: its own, those that
        name it, and those between the people either names."""
        # One query: the circle (the character and everyone its own relations
        # name) is a subquery, not a list read first.
        own = self.shown().filter(
            models.Q(subject=character) | models.Q(other=character)
        )

        def in_circle(end):
            return (
                models.Q(**{end: character})
                | models.Q(**{f"{end}__in": own.values("subject")})
                | models.Q(**{f"{end}__in": own.values("other")})
            )

        return self.shown().filter(in_circle("subject"), in_circle("other"))


class Relation(models.Model):
    """“<subject> is the <kind> of <other>”: one direction of a tie between two
    characters; the other direction, in its own words, is a relation of the
    other's page. A relation belongs to its subject's page, whose revisions
    hold it."""

    class Kind(models.TextChoices):
        MOTHER = "mother"
        FATHER = "father"
        PARENT = "parent"
        ADOPTIVE_MOTHER = "adoptive mother"
        ADOPTIVE_FATHER = "adoptive father"
        DAUGHTER = "daughter"
        SON = "son"
        CHILD = "child"
        ADOPTIVE_DAUGHTER = "adoptive daughter"
        ADOPTIVE_SON = "adoptive son"
        SISTER = "sister"
        BROTHER = "brother"
        SIBLING = "sibling"
        ADOPTIVE_SISTER = "adoptive sister"
        ADOPTIVE_BROTHER = "adoptive brother"
        SPOUSE = "spouse"
        FORMER_SPOUSE = "former spouse"
        PARTNER = "partner"
        FORMER_PARTNER = "former partner"

    subject = models.ForeignKey(
        Character, on_delete=models.CASCADE, related_name="relations"
    )
    kind = models.CharField(max_length=30, choices=Kind)
    other = models.ForeignKey(
        Character,
        on_delete=models.CASCADE,
        related_name="related_by",
        verbose_name="of",
    )
    revealed_in = RevealField(
        help_text="The episode that reveals the tie, if later than both "
        "characters' first appearance.",
    )
    note = models.CharField(max_length=200, blank=True)

    objects = RelationQuerySet.as_manager()

    class Meta:
        ordering = ["subject", "kind", "other__title"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "kind", "other"],
                name="characters_one_relation_per_kind",
                violation_error_message="This relation is already recorded.",
            ),
            models.CheckConstraint(
                condition=~models.Q(subject=models.F("other")),
                name="characters_relation_not_to_self",
                violation_error_message="A character cannot be related to itself.",
            ),
        ]

    def __str__(self):
        return f"{self.subject} is the {self.kind} of {self.other}"

    @property
    def reveal(self) -> int:
        """Where a reader learns of the tie: not before either character."""
        return max(self.revealed_in, self.subject.reveals_at, self.other.reveals_at)

    @property
    def generation(self) -> int:
        """Where the other stands from the subject: +1 a generation up (the
        subject is their child), -1 down, 0 beside."""
        return GENERATIONS.get(self.kind, 0)


# Seen from the subject: a daughter's other is a generation up.
GENERATIONS = {
    **dict.fromkeys(
        ["daughter", "son", "child", "adoptive daughter", "adoptive son"], 1
    ),
    **dict.fromkeys(
        ["mother", "father", "parent", "adoptive mother", "adoptive father"], -1
    ),
}
