from django import forms
from django.utils.text import slugify

from characters.models import Character, Relation
from wiki.fields import EpisodeCodeField
from wiki.forms import MAX_ID
from wiki.models import Redirect
from wiki.text import normalise

NO_INVERSE = [("", "Nothing")]


def find_character(name: str) -> Character | None:
    """The live character a typed name means: its title in any letters, its
    address, or a former name or alias that redirects to it."""
    found = Character.objects.filter(title__iexact=name).order_by("pk").first()
    slug = slugify(name)
    if found is not None or not slug:
        return found
    found = Character.objects.filter(slug=slug).first()
    if found is not None:
        return found
    moved = Redirect.objects.filter(slug=slug, target__kind=Character.KIND).first()
    return Character.objects.filter(pk=moved.target_id).first() if moved else None


class RelationForm(forms.Form):
    """“<subject> is the <kind> of <other>”, the other typed by name; and,
    optionally, what the other is to the subject, for the other's page."""

    kind = forms.ChoiceField(choices=Relation.Kind.choices)
    other = forms.CharField(
        label="of",
        max_length=200,
        help_text="Another character’s name; names are suggested as you type.",
        widget=forms.TextInput(
            attrs={
                "list": "character-names",
                "autocomplete": "off",
                "spellcheck": "false",
            }
        ),
    )
    revealed_in = EpisodeCodeField(
        label="Revealed in",
        required=False,
        help_text="The episode that reveals the tie, as S2E2. Empty: readers "
        "learn of it as soon as they know both characters.",
    )
    note = forms.CharField(
        max_length=Relation._meta.get_field("note").max_length,
        required=False,
        help_text="Optional, shown beside the tie: “biological”, “until S2”…",
    )
    inverse = forms.ChoiceField(
        label="And on their page",
        choices=NO_INVERSE + Relation.Kind.choices,
        required=False,
    )

    def __init__(self, *args, subject: Character, **kwargs):
        # Ids of their own: the form sits on the character's page among others.
        kwargs.setdefault("auto_id", "relation-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.subject = subject
        self.fields["kind"].label = f"{subject.title} is the"
        self.fields["inverse"].help_text = (
            f"What they are to {subject.title}, recorded on their page in the "
            "same step, with the same episode and note. “Nothing”: this side only."
        )

    def clean_other(self):
        name = normalise(self.cleaned_data["other"])
        other = find_character(name)
        if other is None:
            raise forms.ValidationError(
                f"There is no character called “{name}”: check the name."
            )
        if other.pk == self.subject.pk:
            raise forms.ValidationError(
                f"A character cannot be related to itself: name someone other "
                f"than {self.subject.title}."
            )
        return other

    def clean_note(self):
        return normalise(self.cleaned_data["note"])


class RemoveRelationForm(forms.Form):
    """A relation as the list showed it, so that one changed since is not
    removed in its place."""

    kind = forms.ChoiceField(choices=Relation.Kind.choices)
    other = forms.IntegerField(min_value=1, max_value=MAX_ID)
    revealed_in = forms.IntegerField(min_value=0, required=False)
    note = forms.CharField(max_length=200, required=False, strip=False)

    def clean_revealed_in(self):
        return self.cleaned_data["revealed_in"] or 0
