from django import forms


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
