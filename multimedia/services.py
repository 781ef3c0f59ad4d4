import logging

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.text import slugify

from multimedia.models import Image
from multimedia.thumbnails import delete_files, make_thumbnails
from multimedia.validation import clean_image
from wiki import logs
from wiki.models import Page, Redirect
from wiki.services import record_revision

logger = logging.getLogger(__name__)


STORAGE_REFUSED = (
    "The image could not be stored: the server's storage refused it (it may be "
    "full). Nothing was kept; please try again later."
)


def store_files(content) -> tuple[str, dict[str, str]]:
    """Store a checked image and its thumbnails: (its name, {width: name}).
    If the storage fails at any step, whatever was stored is removed and the
    upload is refused with the reason."""
    stored = []
    try:
        name = default_storage.save(f"images/{content.name}", content)
        stored.append(name)
        return name, make_thumbnails(content, name, stored)
    except OSError:
        logger.exception("The media storage refused an image.")
        delete_files(stored)
        raise ValidationError(STORAGE_REFUSED, code="storage") from None


def upload_image(*, upload, title, alt_text, caption="", credit="", author=None):
    """Check, store and record a new image page. If anything fails, the stored
    files are removed again and nothing is left in the database."""
    content, width, height = clean_image(upload)
    slug = slugify(title)
    if not slug:
        raise ValidationError({"title": "A title needs at least one letter or digit."})
    if Page.objects.filter(slug=slug).exists() or Redirect.objects.filter(slug=slug):
        raise ValidationError({"title": "There is already a page with this title."})
    name, thumbnails = store_files(content)
    try:
        with transaction.atomic():
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
            logs.record(logs.Action.UPLOAD, actor=author, page=image)
    except BaseException:
        delete_files([name, *thumbnails.values()])
        raise
    return image
