"""What the wiki keeps about its contributors."""

from django.conf import settings
from django.db import models


class Profile(models.Model):
    """What the wiki keeps about a contributor beyond their account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wiki_profile"
    )
    progress = models.CharField(
        max_length=500,
        blank=True,
        help_text="How far they have watched, as the progress cookie says it.",
    )
    hide_unwatched_titles = models.BooleanField(
        default=False,
        help_text="Name episodes they have not watched yet by their code alone.",
    )

    def __str__(self):
        return f"Profile of {self.user}"
