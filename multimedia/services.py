import logging

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.text import slugify

from multimedia import parts, pictures, storage
from multimedia.models import Image
from multimedia.thumbnails import delete_files, make_thumbnails
from multimedia.validation import clean_image
from wiki import kinds, logs
from wiki.models import Page, Redirect, Revision
from wiki.services import record_revision, revise_page

logger = logging.getLogger(__name__)


STORAGE_REFUSED = (
    "The image could not be stored: the server's storage refused it or could "
    "not be reached. Nothing was kept; please try again later."
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
    except storage.FAILURES:
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
            # The file is checked already (clean_image); cleaning the field
            # again would read it back from the storage for its size.
            image.full_clean(exclude=["file"])
            image.save()
            record_revision(page=image, author=author, summary="Uploaded")
            logs.record(logs.Action.UPLOAD, actor=author, page=image)
    except BaseException:
        delete_files([name, *thumbnails.values()])
        raise
    return image


def set_picture(*, page, image, author, base_revision, summary="") -> Revision | None:
    """Set the picture in a page's infobox (a portrait, a poster, a still),
    or remove it with `image` None: an edit of the page from `base_revision`,
    so a change someone else made to the picture since raises EditConflict."""
    kind = kinds.get(page.kind)
    name = pictures.field_of(kind)
    if name is None:
        raise ValueError(f"{kind.label_plural} have no picture.")
    what = pictures.label_of(kind)
    said = f"Set the {what}: {image.title}" if image else f"Removed the {what}"
    return revise_page(
        page=page,
        author=author,
        changes={name: image.pk if image else None},
        base_revision=base_revision,
        summary=f"{said} ({summary})" if summary else said,
    )


def add_to_gallery(*, page, image, caption, author, summary="") -> Revision:
    """Add a picture at the end of a page's gallery, as an edit of the page.
    Made on the gallery as it is when saved, so pictures that others add or
    remove meanwhile stay as they left them."""
    with transaction.atomic():
        Page.objects.select_for_update().only("pk").get(pk=page.pk)
        rows = parts.read(page)
        if any(row["image"] == image.pk for row in rows):
            raise ValidationError(
                {"image": f"“{image.title}” is already in the gallery."}
            )
        order = max((row["order"] for row in rows), default=-1) + 1
        rows.append({"image": image.pk, "caption": caption, "order": order})
        said = f"Added to the gallery: {image.title}"
        return revise_page(
            page=page,
            author=author,
            changes={"gallery": rows},
            base_revision=None,
            summary=f"{said} ({summary})" if summary else said,
        )


def remove_from_gallery(*, page, image, author) -> Revision | None:
    """Take a picture out of a page's gallery, as an edit of the page; None
    if it was no longer there (someone else removed it first)."""
    with transaction.atomic():
        Page.objects.select_for_update().only("pk").get(pk=page.pk)
        rows = parts.read(page)
        kept = [row for row in rows if row["image"] != image.pk]
        if len(kept) == len(rows):
            return None
        return revise_page(
            page=page,
            author=author,
            changes={"gallery": kept},
            base_revision=None,
            summary=f"Removed from the gallery: {image.title}",
        )
