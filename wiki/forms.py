from functools import cache

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.core.validators import MaxLengthValidator

from wiki import kinds, logs, storytime
from wiki.models import LogEntry
from wiki.text import normalise
from wiki.widgets import text_area

# The longest text a page may have: 200,000 characters is over fifty
# printed pages; MediaWiki's default limit is of the same order.
MAX_BODY = 200_000
MAX_ID = 2**63 - 1  # the largest id a database column holds
BODY_HELP = (
    "Markdown: **bold**, *italic*, ## headings, - lists. Link to a page with "
    "[[Page title]] or [[Page title|shown text]]; a missing page shows as a red link. "
    "Text that an episode reveals goes between a line “::: S1E13” and a line “:::”. "
    "Show a picture with [[File:Its name|thumb|A caption]] (options: see Pictures "
    "above). "
    f"At most {MAX_BODY:,} characters."
)
UNKNOWN_BASE = (
    "This form does not say which version of the page it started from. Your text "
    "is below: copy it, reload the page, and save again."
)

UNKNOWN_RESTORE_BASE = (
    "This form does not say which version of the page it was shown. Check what "
    "restoring changes below, and restore again."
)


class PageEditForm(forms.ModelForm):
    """The fields an edit may change, plus what describes the edit itself."""

    summary = forms.CharField(
        max_length=500,
        required=False,
        label="Edit summary",
        help_text="Briefly say what you changed.",
    )
    is_minor = forms.BooleanField(
        required=False, label="This is a minor edit (typo, formatting)"
    )
    base_revision = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=MAX_ID
    )
    preview_as = forms.CharField(
        max_length=20,
        required=False,
        label="Preview as a reader who has watched up to",
        help_text="An episode (S1E3), “nothing” or “everything” (the default).",
    )

    def clean_preview_as(self):
        value = self.cleaned_data["preview_as"].strip()
        if value and storytime.parse_position(value) is None:
            raise forms.ValidationError(
                "Write an episode as S1E3, or nothing, or everything."
            )
        return value

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "body" in self.fields:
            body = self.fields["body"]
            body.max_length = MAX_BODY
            body.validators.append(MaxLengthValidator(MAX_BODY))
            body.widget.attrs["maxlength"] = MAX_BODY

    def clean(self):
        cleaned = super().clean()
        # A hidden field's error would show nowhere: say it above the form.
        if self.has_error("base_revision"):
            del self.errors["base_revision"]
            self.add_error(None, UNKNOWN_BASE)
        # Text as it is stored: LF line ends, no control characters.
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = normalise(value)
        return cleaned


class PageCreateForm(PageEditForm):
    """A new page: its kind's edit fields, and the page it belongs in when the
    kind says (`kinds.Within`): fixed when the contributor started there,
    else chosen. A new page has no revision to start from, nor minor edits."""

    base_revision = None
    is_minor = None

    def __init__(self, *args, within=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.within = within
        place = kinds.of(self._meta.model).within
        if place is None:
            return
        field = self.fields[place.field]
        field.empty_label = "Choose one" if field.required else "None"
        if within is not None:
            field.disabled = True
            field.initial = within.pk
            field.widget = forms.HiddenInput()


def _kind_form(kind, form, fields) -> type[PageEditForm]:
    return forms.modelform_factory(
        kind.model,
        form=form,
        fields=fields,
        widgets={
            **kind.widgets,
            "body": forms.Textarea(attrs={"rows": 18, "class": "editor"}),
            "sources": text_area(3),
        },
        help_texts={"body": BODY_HELP, **kind.help_texts},
    )


@cache
def page_form(kind_name: str) -> type[PageEditForm]:
    """The edit form of a kind of page: its registered fields with the widgets
    it registered, and the fields every page shares."""
    kind = kinds.get(kind_name)
    return _kind_form(kind, PageEditForm, list(kind.fields))


@cache
def create_form(kind_name: str) -> type[PageCreateForm]:
    """The form of a new page of a kind: its edit form, with the page it
    belongs in after the title."""
    kind = kinds.get(kind_name)
    title, *rest = kind.fields
    within = [kind.within.field] if kind.within else []
    return _kind_form(kind, PageCreateForm, [title, *within, *rest])


class ChangeFilters(forms.Form):
    """The filters of recent changes and their feed, from the query string:
    what cannot be read is left out rather than refused."""

    kind = forms.ChoiceField(required=False)
    user = forms.CharField(required=False)
    hideminor = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Every kind"), *kinds.choices()]

    def clean_user(self):
        return self.cleaned_data["user"][:150]

    @property
    def filters(self) -> dict:
        """Keyword arguments for `Revision.objects.recent_changes()`."""
        self.is_valid()
        return {
            name: self.cleaned_data.get(name) or ""
            for name in ("kind", "user", "hideminor")
        }


def field_labels(kind_name: str) -> dict[str, str]:
    kind = kinds.get(kind_name)
    meta = kind.model._meta
    labels = {
        name: str(meta.get_field(name).verbose_name).capitalize()
        for name in (*kind.fields, *kind.link_fields)
    }
    return labels | {part.name: part.label for part in kind.parts}


class RestoreForm(forms.Form):
    # The page's revision when the user was shown what restoring changes.
    base_revision = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=MAX_ID
    )
    summary = forms.CharField(
        max_length=400,
        required=False,
        label="Why restore it?",
        help_text="Shown in the history after “Restored revision N”.",
    )

    def clean_summary(self):
        return normalise(self.cleaned_data["summary"])

    def clean(self):
        cleaned = super().clean()
        if self.has_error("base_revision"):
            del self.errors["base_revision"]
            self.add_error(None, UNKNOWN_RESTORE_BASE)
        return cleaned


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        help_text="Only used to reset your password; never shown to anyone."
    )
    # Bots fill every field; people never see this one (hidden by the stylesheet).
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        # Out of the way of keyboards and password managers too.
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "email"]

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError("Sign-up refused.")
        return ""


class ReasonForm(forms.Form):
    """Why a page is deleted or undeleted: a common reason, more words, or
    both, as MediaWiki asks (the log shows it)."""

    common_reason = forms.ChoiceField(
        label="Reason", required=False, choices=[("", "Other reason")]
    )
    reason = forms.CharField(
        label="Other or additional reason",
        max_length=400,
        required=False,
        help_text="Shown in the public log.",
    )

    def __init__(self, *args, common_reasons=(), **kwargs):
        super().__init__(*args, **kwargs)
        if common_reasons:
            self.fields["common_reason"].choices += [(r, r) for r in common_reasons]
        else:
            del self.fields["common_reason"]
            self.fields["reason"].label = "Reason"

    def clean_reason(self):
        return normalise(self.cleaned_data["reason"])

    def clean(self):
        cleaned = super().clean()
        parts = [cleaned.get("common_reason"), cleaned.get("reason")]
        said = ": ".join(part for part in parts if part)
        if not said and not self.errors:
            raise forms.ValidationError("Give a reason: it is shown in the log.")
        cleaned["said"] = said
        return cleaned


class LogFilters(forms.Form):
    """The log's filters, from the query string: what cannot be read is left
    out rather than refused, as on recent changes."""

    type = forms.ChoiceField(required=False, label="Type")
    user = forms.CharField(required=False, label="Performed by", max_length=150)
    title = forms.CharField(
        required=False,
        label="Page or user concerned",
        max_length=200,
    )
    since = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [
            ("", "Every type"),
            *((name, label) for name, (label, _) in logs.TYPES.items()),
        ]

    @property
    def filters(self) -> dict:
        self.is_valid()
        names = ("type", "user", "title", "since", "until")
        return {name: self.cleaned_data.get(name) or "" for name in names}

    def entries(self):
        """The log entries the filters leave, newest first."""
        filters = self.filters
        kind = filters.pop("type")
        actions = logs.TYPES[kind][1] if kind else ()
        return LogEntry.objects.matching(actions=actions, **filters)
