from django import forms
from django.utils.text import slugify

from multimedia.models import Image
from wiki.forms import MAX_ID, UNKNOWN_BASE
from wiki.models import Redirect
from wiki.text import normalise


class UploadForm(forms.Form):
    file = forms.FileField(
        help_text="JPEG, PNG, WebP or GIF. Its metadata (camera, place) is removed."
    )
    title = forms.CharField(max_length=200, help_text="The name of the file page.")
    alt_text = forms.CharField(
        label="Alt text",
        max_length=300,
        help_text="What the picture shows, for readers who cannot see it.",
    )
    caption = forms.CharField(max_length=500, required=False)
    credit = forms.CharField(
        label="Credit and licence",
        max_length=300,
        required=False,
        help_text="Who made it and on what terms the wiki may show it.",
    )


class ChooseOrUploadForm(forms.Form):
    """An image for a page: one already on the wiki, chosen by its name, or
    a new one uploaded in the same step (`may_upload`: the user's right)."""

    image = forms.CharField(
        label="An image already on the wiki",
        max_length=200,
        required=False,
        help_text="Type its name; names are suggested as you type.",
        widget=forms.TextInput(
            attrs={"list": "image-names", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    file = forms.FileField(
        label="A new one, uploaded now",
        required=False,
        help_text=UploadForm.base_fields["file"].help_text,
    )
    title = forms.CharField(
        label="Its title",
        max_length=200,
        required=False,
        help_text="The name of its file page.",
    )
    alt_text = forms.CharField(
        label="Its alt text",
        max_length=300,
        required=False,
        help_text=UploadForm.base_fields["alt_text"].help_text,
    )
    credit = forms.CharField(
        label="Credit and licence",
        max_length=300,
        required=False,
        help_text=UploadForm.base_fields["credit"].help_text,
    )
    summary = forms.CharField(
        label="Edit summary",
        max_length=400,
        required=False,
        help_text="Optional: shown in the page's history.",
    )
    base_revision = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=MAX_ID
    )

    def __init__(self, *args, may_upload=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.may_upload = may_upload
        if not may_upload:
            for name in UPLOAD_FIELDS:
                del self.fields[name]

    @property
    def choosing(self) -> bool:
        """Whether the form is sent to choose an image (not to remove one)."""
        return "remove" not in self.data

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = normalise(value)
        if self.has_error("base_revision"):
            del self.errors["base_revision"]
            self.add_error(None, UNKNOWN_BASE)
        named, upload = cleaned.get("image"), cleaned.get("file")
        cleaned["chosen"] = None
        if not self.choosing:
            return cleaned
        if named and upload:
            self.add_error(
                None,
                "Choose an image already on the wiki or upload a new one, not both.",
            )
        elif named:
            cleaned["chosen"] = self._find(named)
        elif upload:
            for name, said in (
                ("title", "Give the new file page a title."),
                ("alt_text", "Say what the picture shows, for readers who cannot "
                 "see it."),
            ):  # fmt: skip
                if not cleaned.get(name):
                    self.add_error(name, said)
        elif not self.has_error("image") and not self.has_error("file"):
            self.add_error(
                "image",
                "Type the name of an image already on the wiki"
                + (", or upload a new one below." if self.may_upload else "."),
            )
        return cleaned

    def _find(self, name):
        """The live image of that name (or of a former name), "File:" or not."""
        slug = slugify(name.removeprefix("File:").removeprefix("file:"))
        image = Image.objects.filter(slug=slug).first() if slug else None
        if image is None and slug:
            moved = Redirect.objects.filter(slug=slug, target__kind=Image.KIND).first()
            image = Image.objects.filter(pk=moved.target_id).first() if moved else None
        if image is None:
            self.add_error(
                "image",
                f"There is no image called “{name}”. Check its name"
                + (", or upload it below." if self.may_upload else "."),
            )
        return image


UPLOAD_FIELDS = ("file", "title", "alt_text", "credit")


class PictureForm(ChooseOrUploadForm):
    """The picture in a page's infobox: chosen, uploaded, or removed."""


class GalleryForm(ChooseOrUploadForm):
    """A picture added to a page's gallery, with its caption there."""

    caption = forms.CharField(
        max_length=300,
        required=False,
        help_text="Shown under the picture in this gallery; its own caption "
        "if left empty.",
    )
    field_order = ["image", "file", "title", "alt_text", "credit", "caption"]
