"""The moderators' forms: protection, blocks, unblocks, the link blocklist."""

import re
from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model

from wiki.models import LinkRule, Page
from wiki.moderation import blocks
from wiki.text import normalise

INDEFINITE = "indefinite"
HOUR, DAY = timedelta(hours=1), timedelta(days=1)
DURATIONS = {
    "2h": ("2 hours", 2 * HOUR),
    "1d": ("1 day", DAY),
    "3d": ("3 days", 3 * DAY),
    "1w": ("1 week", 7 * DAY),
    "2w": ("2 weeks", 14 * DAY),
    "1m": ("1 month", 30 * DAY),
    "3m": ("3 months", 91 * DAY),
    "6m": ("6 months", 182 * DAY),
    "1y": ("1 year", 365 * DAY),
    INDEFINITE: ("Indefinite", None),
}
BLOCK_DURATIONS = ["2h", "1d", "3d", "1w", "2w", "1m", "3m", "6m", "1y", INDEFINITE]
PROTECT_DURATIONS = ["1d", "1w", "1m", "3m", "1y", INDEFINITE]
COMMON_BLOCK_REASONS = [
    "Vandalism",
    "Spam or advertising",
    "Adding spoilers on purpose",
    "Harassment of other contributors",
    "Edit warring",
    "Sock puppet of a blocked account",
]


def _choices(names):
    return [(name, DURATIONS[name][0]) for name in names]


def duration(name: str) -> timedelta | None:
    return DURATIONS[name][1]


class ReasonField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 300)
        super().__init__(**kwargs)

    def clean(self, value):
        return normalise(super().clean(value))


UNPROTECTED = "none"  # a radio button needs a value; the model's is ""


class ProtectForm(forms.Form):
    level = forms.ChoiceField(
        choices=[
            (value or UNPROTECTED, label) for value, label in Page.Protection.choices
        ],
        widget=forms.RadioSelect,
        label="Who may edit",
    )
    expiry = forms.ChoiceField(
        choices=_choices(PROTECT_DURATIONS),
        initial=INDEFINITE,
        label="For how long",
        help_text="Ignored when lifting the protection.",
    )
    reason = ReasonField(
        required=False,
        help_text="Shown in the history and the public log.",
    )

    def clean_level(self):
        level = self.cleaned_data["level"]
        return "" if level == UNPROTECTED else level


class BlockForm(forms.Form):
    target = forms.CharField(
        max_length=150,
        label="Username, IP address or range",
        help_text="A range in CIDR notation: 203.0.113.0/24, 2001:db8::/48 "
        f"(at most /{blocks.WIDEST[4]} for IPv4, /{blocks.WIDEST[6]} for IPv6).",
    )
    expiry = forms.ChoiceField(
        choices=_choices(BLOCK_DURATIONS), initial="1d", label="For how long"
    )
    reason = ReasonField(
        help_text="The blocked contributor sees it when they try to edit.",
        widget=forms.TextInput(attrs={"list": "block-reasons"}),
    )
    prevents_account_creation = forms.BooleanField(
        required=False,
        initial=True,
        label="Also prevent creating accounts",
        help_text="From the blocked addresses; for an account, while it is "
        "logged in (its addresses are not recorded).",
    )
    block_own_address = forms.BooleanField(
        required=False,
        label="Yes, block my own address too",
        help_text="You would be blocked with everyone there, editors included, "
        "until the block ends or is lifted (lifting it stays open to you).",
    )

    def __init__(self, *args, actor=None, ip="", **kwargs):
        """`actor` and `ip`: who blocks, from which address, so that nobody
        blocks themselves by mistake."""
        super().__init__(*args, **kwargs)
        self.actor, self.ip = actor, ip
        # The confirmation is asked (and shown) only of a target that holds
        # the actor's own address.
        self.covers_own_address = False

    def clean_target(self):
        text = normalise(self.cleaned_data["target"]).strip()
        if blocks.looks_like_address(text):
            try:
                net = blocks.network(text)
            except ValueError as error:
                raise forms.ValidationError(str(error)) from None
            self.address, self.user = blocks.written(net), None
            self.covers_own_address = blocks.covers(net, self.ip)
            return self.address
        user = get_user_model().objects.filter(username=text).first()
        if user is None:
            raise forms.ValidationError(
                f"No account is called “{text}”, and it is not an IP address or range."
            )
        if self.actor is not None and user.pk == self.actor.pk:
            raise forms.ValidationError(blocks.OWN_ACCOUNT)
        self.address, self.user = "", user
        return text

    def clean(self):
        cleaned = super().clean()
        if self.covers_own_address and not cleaned.get("block_own_address"):
            what = "range holds" if "/" in self.address else "is"
            self.add_error(
                "block_own_address",
                f"This {what} your own address ({self.ip}): the block would "
                "stop you editing as well. Tick the box to block it all the same.",
            )
        return cleaned


class UnblockForm(forms.Form):
    reason = ReasonField(help_text="Shown in the public log.")


class LinkRuleForm(forms.ModelForm):
    class Meta:
        model = LinkRule
        fields = ["pattern", "is_regex", "reason"]
        help_texts = {
            "pattern": "A domain (casino.example also blocks its subdomains), or "
            "a regular expression matched against whole addresses.",
            "reason": "Shown to whoever tries to add a matching link.",
        }

    def clean_pattern(self):
        pattern = normalise(self.cleaned_data["pattern"]).strip()
        if not pattern:
            raise forms.ValidationError("Write a domain or a regular expression.")
        return pattern

    def clean(self):
        cleaned = super().clean()
        pattern = cleaned.get("pattern")
        if pattern is None:
            return cleaned
        if cleaned.get("is_regex"):
            try:
                re.compile(pattern)
            except re.error as error:
                self.add_error("pattern", f"Not a valid regular expression: {error}.")
        elif not re.fullmatch(r"[a-z0-9.-]+\.[a-z0-9-]+\.?", pattern.lower()):
            self.add_error(
                "pattern",
                "A domain is letters, digits, dots and hyphens (spam.example); "
                "tick “regular expression” for anything else.",
            )
        else:
            cleaned["pattern"] = pattern.lower().strip(".")
        return cleaned
