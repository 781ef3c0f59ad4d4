from django import forms

from community.models import PREFERENCE_OF, Notification, Preferences
from wiki import kinds
from wiki.text import normalise

# Each kind a contributor chooses about (some are heard under another's).
KINDS = [kind for kind, _ in Notification.Kind.choices if kind not in PREFERENCE_OF]
PERIODS = [(1, "1 day"), (3, "3 days"), (7, "7 days"), (30, "30 days")]


class WatchlistFilters(forms.Form):
    """The watchlist's filters, from the query string: what cannot be read is
    left out rather than refused."""

    kind = forms.ChoiceField(required=False)
    days = forms.TypedChoiceField(choices=PERIODS, coerce=int, required=False)
    hideminor = forms.BooleanField(required=False)
    hidemine = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Every kind"), *kinds.choices()]

    @property
    def filters(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "kind": data.get("kind") or "",
            "days": data.get("days") or 7,
            "hideminor": bool(data.get("hideminor")),
            "hidemine": bool(data.get("hidemine")),
        }


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = Preferences
        fields = [
            "auto_watch",
            *(f"{kind}_{way}" for kind in KINDS for way in ("web", "email")),
        ]

    def rows(self):
        """Each kind of notification with its two fields, for the table."""
        labels = dict(Notification.Kind.choices)
        return [
            (labels[kind], self[f"{kind}_web"], self[f"{kind}_email"]) for kind in KINDS
        ]


class EmailForm(forms.Form):
    """A new address for the account: the password first, so that a session
    left open cannot divert the account's mail (and its password resets)."""

    email = forms.EmailField(label="New e-mail address", max_length=254)
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self):
        email = normalise(self.cleaned_data["email"])
        if email.lower() == self.user.email.strip().lower():
            raise forms.ValidationError("That is already your address.")
        return email

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password


class WatchlistEditForm(forms.Form):
    pages = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args, watches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pages"].choices = [
            (watch.page_id, watch.page.title) for watch in watches
        ]
