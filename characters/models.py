from django.db import models
from django.urls import reverse

from multimedia.fields import image_link
from wiki.models import Page, PageQuerySet, page_link


def _lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


class Character(Page):
    KIND = "character"

    page_ptr = page_link("character")

    class Status(models.TextChoices):
        ALIVE = "alive", "Alive"
        DECEASED = "deceased", "Deceased"
        UNKNOWN = "unknown", "Unknown"

    series = models.ForeignKey(
        "episodes.Series",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="characters",
    )
    description = models.CharField(
        "short description",
        max_length=500,
        blank=True,
        help_text="One or two sentences for lists and previews.",
    )
    aliases = models.TextField(blank=True, help_text="Other names, one a line.")
    status = models.CharField(max_length=20, choices=Status, default=Status.UNKNOWN)
    portrait = image_link(
        related_name="character_portraits", help_text="Shown in the infobox."
    )
    affiliations = models.TextField(
        blank=True, help_text="Groups and allegiances, one a line; [[links]] work."
    )

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def get_absolute_url(self):
        return reverse("characters:detail", kwargs={"slug": self.slug})

    @property
    def name(self):
        return self.title

    def automatic_categories(self):
        return ["Characters"]

    def alias_list(self):
        return _lines(self.aliases)

    def affiliation_list(self):
        return _lines(self.affiliations)

    def affiliations_markdown(self):
        """Affiliations as a Markdown list, so that [[links]] in them work."""
        return "\n".join(f"- {line}" for line in self.affiliation_list())
