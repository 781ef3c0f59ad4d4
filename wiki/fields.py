from django.db import models

from wiki.storytime import validate_timeline


class TimelineField(models.TextField):
    """A fact whose value changes over story time: one value a line, and a line
    may start with the episode that reveals it (`S1E13: Deceased`).

    How the page shows it, which the edit preview follows: `one_value`, the
    latest line revealed replaces the others (a status); otherwise every line
    revealed is listed (aliases). `links`: its lines are Markdown with
    [[links]]; otherwise plain text. Neither is stored in the database.
    """

    default_validators = [validate_timeline]

    def __init__(self, *args, one_value=False, links=False, **kwargs):
        self.one_value = one_value
        self.links = links
        super().__init__(*args, **kwargs)
