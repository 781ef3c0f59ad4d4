"""
Forms for cast and crew on the site. People and characters are named by
typing (with suggestions); a person with no page yet may be made in the same
step. A credit's scope is fixed by the page it is added from (an episode's,
a season's) or typed (`S1E3`, `S2`) on a person's or character's page.
"""

import re

from django import forms

from characters.models import Character
from credits.models import CastCredit, CrewCredit, Person
from episodes.creation import featured_series
from episodes.models import Episode, Season
from wiki import storytime
from wiki.fields import EpisodeCodeField
from wiki.text import normalise

NOTES = ("voice only", "flashback", "archive footage", "uncredited", "hallucination")
SEASON = re.compile(r"^(?:s|season\s*)(\d{1,3})$", re.I)
NO_BILLING = ""


def _names(list_id: str, **attrs) -> forms.TextInput:
    return forms.TextInput(
        attrs={"list": list_id, "autocomplete": "off", "spellcheck": "false"} | attrs
    )


class CreditForm(forms.Form):
    """What every credit asks: who, and where (when the page does not say)."""

    person = forms.CharField(
        max_length=200,
        widget=_names("credit-person-names"),
        help_text="Type a name; people with a page are suggested.",
    )
    new_person = forms.BooleanField(
        required=False,
        label="This person has no page yet: create one",
    )
    where = forms.CharField(
        max_length=40,
        label="Where",
        help_text="An episode (S1E3) or a whole season (S2).",
    )
    order = forms.IntegerField(
        min_value=0,
        max_value=32767,
        required=False,
        help_text="Position in the list; lower comes first. Empty: at the end.",
    )
    summary = forms.CharField(max_length=300, required=False, label="Edit summary")

    AUTO_ID = "credit-%s"

    def __init__(self, *args, scope=None, person=None, series=None, **kwargs):
        """`scope`: the page the credit is added to, if fixed; `person`: the
        person it is for, if fixed (added from their page); `series`: whose
        episodes "where" names (by default the featured series)."""
        # The cast and crew forms share a page: their fields' ids must differ.
        kwargs.setdefault("auto_id", self.AUTO_ID)
        super().__init__(*args, **kwargs)
        self.scope, self.fixed_person, self.series = scope, person, series
        if scope is not None:
            del self.fields["where"]
        if person is not None:
            del self.fields["person"], self.fields["new_person"]

    def clean_person(self):
        return normalise(self.cleaned_data["person"]).strip()

    def clean_where(self):
        """An episode or a season of the series, typed as a code."""
        typed = self.cleaned_data["where"].strip()
        series = self.series or featured_series()
        position = storytime.parse_code(typed)
        season = SEASON.match(typed)
        if series is None or (position is None and season is None):
            raise forms.ValidationError("Write an episode as S1E3 or a season as S2.")
        if position is not None:
            number, episode = divmod(position, 1000)
            found = (
                Episode.objects.with_season()
                .filter(season__series=series, season__number=number, number=episode)
                .first()
            )
        else:
            found = Season.objects.filter(series=series, number=season[1]).first()
        if found is None:
            raise forms.ValidationError(f"{series.title} has no {typed.upper()}.")
        return found

    def clean(self):
        cleaned = super().clean()
        if self.fixed_person is not None:
            cleaned["person"] = self.fixed_person
        elif name := cleaned.get("person"):
            cleaned["person"] = self._person(name, cleaned.get("new_person"))
        return cleaned

    def _person(self, name, make_new):
        person = Person.objects.filter(title__iexact=name).first()
        if person is None and not make_new:
            self.add_error(
                "person",
                f"No person page is called “{name}”. Check the spelling, or tick "
                "“create one” to make their page.",
            )
        # A page made with the credit is made by the view, once all is valid.
        return person or name

    def scope_fields(self) -> dict:
        scope = self.scope or self.cleaned_data["where"]
        return {scope.kind: scope}


class CastForm(CreditForm):
    AUTO_ID = "cast-%s"
    character = forms.CharField(
        max_length=200,
        required=False,
        widget=_names("credit-character-names"),
        help_text="The character's page, if it has one.",
    )
    role = forms.CharField(
        max_length=200,
        required=False,
        help_text="As credited (“Young Jessica Jones”); empty: the character's name.",
    )
    billing = forms.ChoiceField(
        choices=[*CastCredit.Billing.choices, (NO_BILLING, "Not known")],
        initial=CastCredit.Billing.GUEST,
        required=False,
    )
    note = forms.CharField(
        max_length=100,
        required=False,
        widget=_names("credit-notes"),
        help_text="How they appear, if not in person: voice only, flashback…",
    )
    revealed_in = EpisodeCodeField(
        required=False,
        label="Hidden until",
        help_text="Only if the credit itself gives away a later episode (a "
        "cover name's true identity): the episode that reveals it.",
    )
    field_order = ["person", "new_person", "character", "role", "billing", "note"]

    def __init__(self, *args, character=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_character = character
        if character is not None:
            del self.fields["character"]

    def clean_character(self):
        name = normalise(self.cleaned_data["character"]).strip()
        if not name:
            return None
        character = Character.objects.filter(title__iexact=name).first()
        if character is None:
            raise forms.ValidationError(
                f"No character page is called “{name}”. Leave it empty for a "
                "role without a page of its own."
            )
        return character

    def clean_billing(self):
        billing = self.cleaned_data["billing"]
        return int(billing) if billing else None

    def clean(self):
        cleaned = super().clean()
        if self.fixed_character is not None:
            cleaned["character"] = self.fixed_character
        if not cleaned.get("role") and not cleaned.get("character"):
            self.add_error("role", "Name the role, or the character's page.")
        return cleaned

    def values(self) -> dict:
        data = self.cleaned_data
        character = data["character"]
        return {
            "character": character,
            "role": data["role"] or (character.title if character else ""),
            "billing": data["billing"],
            "note": data["note"],
            "revealed_in": data["revealed_in"],
        }


class CrewForm(CreditForm):
    AUTO_ID = "crew-%s"
    job = forms.ChoiceField(choices=CrewCredit.Job.choices)
    field_order = ["person", "new_person", "job"]

    def values(self) -> dict:
        return {"job": self.cleaned_data["job"]}


def initial(credit) -> dict:
    """A credit as its form shows it, to change it."""
    values = {"order": credit.order}
    if isinstance(credit, CastCredit):
        values |= {
            "character": credit.character.title if credit.character_id else "",
            "role": credit.role,
            "billing": credit.billing or NO_BILLING,
            "note": credit.note,
            "revealed_in": credit.revealed_in,
        }
    else:
        values["job"] = credit.job
    return values
