"""
A page's form in the admin, for a page of its own or a row of an inline (the
episodes of a season), saved as an edit on the site is: from the revision the
form was opened at, merged with what others changed since, and refused on a
clash with the admin's input kept.

Revisions hold a page's title, text and structured fields. The admin also
edits fields they do not hold (the address, a portrait, a season's series):
the form carries the value it showed for each (Django's hidden initial), and
that value is their base.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import FileField, Model
from django.forms.models import BaseInlineFormSet, model_to_dict
from django.utils.text import slugify

from wiki import conflicts, kinds
from wiki.forms import MAX_ID, UNKNOWN_BASE, field_labels
from wiki.models import Page, Revision
from wiki.services import check_free_slug, jsonable, record_revision, revise_page
from wiki.text import normalised

KEPT = (
    "Nothing was saved. Your input is below, with what others changed "
    "elsewhere on the page: save again to keep yours."
)


class PageAdminForm(forms.ModelForm):
    base_revision = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=MAX_ID
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kinds.of(self._meta.model)
        if self.instance.pk:
            self.initial.setdefault("base_revision", self.instance.current_revision_id)
        for name in self.outside_fields:
            self.fields[name].show_hidden_initial = True
        self.base = None
        self.changes = {}  # fields of the revision that the admin changed
        self.outside_changes = []  # and those outside it

    @property
    def revised_fields(self) -> list[str]:
        return [name for name in self.fields if name in self.kind.fields]

    @property
    def outside_fields(self) -> list[str]:
        """The model's fields on the form that revisions do not hold; a new
        file is an upload, never a value two people could both have set."""
        meta = self._meta.model._meta
        return [
            name
            for name in self.fields
            if name not in self.kind.fields
            and name in {f.name for f in meta.get_fields()}
            and not isinstance(meta.get_field(name), FileField)
        ]

    def clean(self):
        cleaned = super().clean()
        # A hidden field's error would show nowhere: say it above the form.
        if self.has_error("base_revision"):
            del self.errors["base_revision"]
            self.add_error(None, UNKNOWN_BASE)
        if self.instance.pk is None and not self.errors and cleaned.get("slug"):
            # Addresses are unique among live pages only, a condition that
            # model validation skips on a form without `deleted_at`.
            try:
                check_free_slug(self.instance, cleaned["slug"])
            except ValidationError as error:
                self.add_error(None, error)
        if self.instance.pk is None or not self.has_changed() or self.errors:
            return cleaned
        if cleaned.get("DELETE"):
            return cleaned
        # Under the page's lock until the admin's save commits, so nothing
        # changes between this merge and the save.
        Page.objects.select_for_update().only("pk").get(pk=self.instance.pk)
        self.instance.refresh_from_db()
        current = self.instance.current_revision
        self.base = self._base_revision(cleaned, current)
        if self.errors:
            return cleaned
        keep, clashes = self._merge(cleaned, current)
        if clashes:
            self._refuse(clashes, keep, current)
            return cleaned
        for name in keep:
            cleaned[name] = getattr(self.instance, name)
        self._check_address(cleaned)
        return cleaned

    def _base_revision(self, cleaned, current):
        number = cleaned.get("base_revision")
        base = (
            Revision.objects.filter(pk=number, page_id=self.instance.pk).first()
            if number
            else None
        )
        if base is None and current is not None:
            self.add_error(None, UNKNOWN_BASE)
        return base

    def _merge(self, cleaned, current):
        """(fields to take from the page as it is now, fields that clash)."""
        keep, clashes = [], []
        base = normalised(self.base.data) if self.base else {}
        now = normalised(current.data) if current else {}
        mine = normalised(jsonable({n: cleaned.get(n) for n in self.revised_fields}))
        for name, value in mine.items():
            if self.base is None or value == base.get(name):
                if self.base is not None:
                    keep.append(name)
                continue
            self.changes[name] = cleaned.get(name)
            if now.get(name) not in (base.get(name), value):
                clashes.append(name)
        now_values = model_to_dict(self.instance, fields=self.outside_fields)
        for name in self.outside_fields:
            field, bound = self.fields[name], self[name]
            now = _comparable(field, now_values.get(name))
            shown = now  # a form without it is based on the page as it is
            if bound.html_initial_name in self.data:
                raw = self._widget_data_value(
                    field.hidden_widget(), bound.html_initial_name
                )
                shown = _comparable(field, raw, raw=True, default=now)
            posted = _comparable(field, cleaned.get(name))
            if posted == shown:
                keep.append(name)
                continue
            self.outside_changes.append(name)
            if now not in (shown, posted):
                clashes.append(name)
        return keep, clashes

    def _refuse(self, clashes, keep, current):
        labels = field_labels(self.kind.name) | {
            name: str(self.fields[name].label or name) for name in self.outside_fields
        }
        self.add_error(
            None,
            ValidationError(
                conflicts.explain(
                    self.instance,
                    base=self.base or current,
                    current=current,
                    fields=clashes,
                    labels=labels,
                    then=KEPT,
                ),
                code="conflict",
            ),
        )
        self._show_current(keep, current)

    def _show_current(self, keep, current):
        """Show the form again based on the page as it is now: the admin's
        input where they changed something, the page's values elsewhere."""
        data = self.data.copy()
        values = model_to_dict(self.instance, fields=[*keep, *self.outside_fields])
        for name in keep:
            _put(data, self[name].html_name, self.fields[name], values[name])
        for name in self.outside_fields:
            field = self.fields[name]
            _put(data, self[name].html_initial_name, field, values[name], hidden=True)
        data[self["base_revision"].html_name] = current.pk if current else ""
        self.data = data

    def _check_address(self, cleaned):
        """A new title moves the page to its new address (revise_page does
        it, as on the site); say here, on the form, if that address is taken."""
        if self.has_error("title") or self.has_error("slug"):
            return
        if "slug" in self.outside_changes:
            slug = cleaned.get("slug")
        elif "title" in self.changes:
            slug = slugify(cleaned.get("title", ""))
        else:
            return
        try:
            check_free_slug(self.instance, slug)
        except ValidationError as error:
            self.add_error(None, error)

    def save_revision(self, *, author, summary):
        """Save the admin's changes through the editing service, from the
        revision the form was opened at; the page as saved."""
        page = self.instance
        revise_page(
            page=page,
            author=author,
            changes={name: getattr(page, name) for name in self.changes},
            base_revision=self.base,
            summary=summary,
            outside={name: getattr(page, name) for name in self.outside_changes},
        )
        page.refresh_from_db()
        return page


def _comparable(field, value, *, raw=False, default=None) -> str:
    """A field's value as text, whether it came from the model, a cleaned
    form or a raw hidden input (a related page as its id)."""
    if raw and not isinstance(field, forms.ModelChoiceField):
        try:
            value = field.to_python(value)
        except ValidationError:
            return default
    if isinstance(value, Model):
        value = value.pk
    return "" if value is None else str(value)


def _put(data, name, field, value, *, hidden=False):
    """Put a value in a form's data as a browser would send it."""
    widget = field.hidden_widget() if hidden else field.widget
    if isinstance(widget, forms.CheckboxInput):
        if value:
            data[name] = "on"
        else:
            data.pop(name, None)
        return
    shown = widget.format_value(field.prepare_value(value))
    if isinstance(shown, list):  # a select's
        shown = shown[0] if shown else ""
    data[name] = "" if shown is None else shown


class PageInlineFormSet(BaseInlineFormSet):
    """Rows that are pages: a changed row is saved through the editing
    service from its own base, a new one records its first revision."""

    author = None  # who saves: set by the page admin before saving

    def save_existing(self, form, obj, commit=True):
        if not commit:
            return super().save_existing(form, obj, commit=commit)
        return form.save_revision(author=self.author, summary="Edited in the admin")

    def save_new(self, form, commit=True):
        page = super().save_new(form, commit=commit)
        if commit:
            record_revision(
                page=page, author=self.author, summary="Created in the admin"
            )
        return page
