from django import forms
from django.db import models

from wiki import storytime
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


class EpisodeCodeField(forms.Field):
    """A position typed as an episode code (`S3E3`); empty means from the start."""

    def __init__(self, *, max_value=None, min_value=None, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"size": 8}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return storytime.code(value) if value else ""
        return value

    def to_python(self, value):
        value = str(value if value is not None else "").strip()
        if not value:
            return storytime.NOTHING
        pos = storytime.parse_code(value)
        if pos is None and storytime.is_id(value):
            # A position as stored (a revision's snapshot carries one).
            pos = int(value)
            season, episode = divmod(pos, 1000)
            if pos and not (season and episode and pos < storytime.EVERYTHING):
                pos = None
        if pos is None:
            raise forms.ValidationError(
                "Give an episode code such as S1E3, or leave it empty.",
                code="invalid_episode",
            )
        return pos


class RevealField(models.PositiveIntegerField):
    """The episode that reveals something (a page's subject, a credit), as a
    position; 0 (the default) is known from the start. Edited as a code."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", storytime.NOTHING)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        defaults = {
            "form_class": EpisodeCodeField,
            "required": False,
            "label": self.verbose_name.capitalize(),
            "help_text": self.help_text,
        }
        return models.Field.formfield(self, **{**defaults, **kwargs})
