from django import forms

from episodes.models import Episode
from wiki import storytime


class ProgressForm(forms.Form):
    """How far a reader has watched a series, as the progress buttons send it.
    What cannot be read is left out of `cleaned_data`, and the view says so."""

    series = forms.SlugField(max_length=200)
    position = forms.CharField(max_length=20)


class EpisodeTypedForm(forms.Form):
    """The last episode a reader has seen, typed as its code ("S1E5") in the
    first-visit prompt: it applies to every series."""

    episode = forms.CharField(
        label="Last episode you have seen",
        max_length=20,
        error_messages={"required": "Type an episode code, such as S1E5."},
    )

    def clean_episode(self):
        text = self.cleaned_data["episode"]
        position = storytime.parse_code(text)
        if position is None:
            raise forms.ValidationError(
                "“%(text)s” is not an episode code: write it like S1E5.",
                code="invalid",
                params={"text": text},
            )
        season, number = divmod(position, 1000)
        if not Episode.objects.filter(season__number=season, number=number).exists():
            raise forms.ValidationError(
                "No series here has an episode %(code)s.",
                code="missing",
                params={"code": storytime.code(position)},
            )
        return position
