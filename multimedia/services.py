from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.text import slugify

from multimedia.models import Image
from multimedia.thumbnails import delete_files, make_thumbnails
from multimedia.validation import clean_image
from wiki.models import Page, Redirect
from wiki.services import record_revision


def upload_image(*, upload, title, alt_text, caption="", credit="", author=None):
    """Check, store and record a new image page. If anything fails, the stored
    files are removed again and nothing is left in the database."""
    content, width, height = clean_image(upload)
    slug = slugify(title)
    if not slug:
        raise ValidationError({"title": "A title needs at least one letter or digit."})
    if Page.objects.filter(slug=slug).exists() or Redirect.objects.filter(slug=slug):
        raise ValidationError({"title": "There is already a page with this title."})
    stored = []
    try:
        with transaction.atomic():
            name = default_storage.save(f"images/{content.name}", content)
            stored.append(name)
            thumbnails = make_thumbnails(content, name)
            stored.extend(thumbnails.values())
            image = Image(
                title=title,
                slug=slug,
                alt_text=alt_text,
                caption=caption,
                credit=credit,
                thumbnails=thumbnails,
                width=width,
                height=height,
            )
            image.file.name = name
            image.full_clean()
            image.save()
            record_revision(page=image, author=author, summary="Uploaded")
    except BaseException:
        delete_files(stored)
        raise
    return image
