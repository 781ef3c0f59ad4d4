from django.db import models

from wiki.fields import TimelineField
from wiki.models import Page, PageQuerySet, page_link
from wiki.structured_data import SCHEMA, reference


class Location(Page):
    KIND = "location"

    page_ptr = page_link("location")

    series = models.ForeignKey(
        "episodes.Series",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="locations",
    )
    district = models.CharField(max_length=100, blank=True)
    description = TimelineField(blank=True, one_value=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    @property
    def story_series_id(self):
        return self.series_id

    def automatic_categories(self):
        return ["Locations"]


def place(request, location, context) -> dict:
    """schema.org: a Place, described as far as the reader has watched."""
    return {
        "@context": SCHEMA,
        **reference(request, location, "Place"),
        "description": context["description"],
    }
