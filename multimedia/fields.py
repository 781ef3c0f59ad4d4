from django.db import models


def image_link(*, related_name: str, help_text: str) -> models.ForeignKey:
    """An optional picture for a page's infobox (portrait, still, poster)."""
    return models.ForeignKey(
        "multimedia.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        help_text=help_text,
    )
