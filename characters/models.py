from dataclasses import dataclass

from django.db import models

from multimedia.fields import image_link
from wiki import kinds, storytime
from wiki.fields import TimelineField
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
