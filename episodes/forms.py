from django import forms


class ProgressForm(forms.Form):
    """How far a reader has watched a series, as the progress buttons send it.
    What cannot be read is left out of `cleaned_data`, and the view says so."""

    series = forms.SlugField(max_length=200)
    position = forms.CharField(max_length=20)
