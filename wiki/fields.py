from django.db import models

from wiki.storytime import validate_timeline


class TimelineField(models.TextField):
    """A fact whose value changes over story time: one value a line, and a line
    may start with the episode that reveals it (`S1E13: Deceased`)."""

    default_validators = [validate_timeline]
