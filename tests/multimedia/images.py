"""Images for the multimedia tests: a real PNG, uploaded through the service."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from multimedia.models import Image
from multimedia.services import upload_image


def png(*, size=(1600, 900), name="picture.png", colour="teal"):
    out = io.BytesIO()
    PILImage.new("RGB", size, colour).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def make_image(
    *, title="Jessica at her desk", size=(1600, 900), revealed_in=0, **fields
):
    fields.setdefault("alt_text", "Jessica at her desk, a bottle beside her")
    image = upload_image(upload=png(size=size), title=title, **fields)
    if revealed_in:
        Image.objects.filter(pk=image.pk).update(revealed_in=revealed_in)
        image.refresh_from_db()
    return image
