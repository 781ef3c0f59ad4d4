"""A page's gallery as a part of the page (see `kinds.Part`): adding a
picture to it or removing one is an edit of the page, in its history and
diffs, and restored with it. A picture is known by its image's id."""

from multimedia.models import GalleryItem, Image
from wiki import invalidation, kinds
from wiki.models import PageLink


def line(item) -> str:
    caption = f": {item.caption}" if item.caption else ""
    return f"{item.image.title}{caption}"


def read(page) -> list[dict]:
    items = GalleryItem.objects.filter(page_id=page.pk).select_related("image")
    return [
        {
            "image": item.image_id,
            "caption": item.caption,
            "order": item.order,
            "line": line(item),
        }
        for item in items
    ]


def write(page, rows) -> None:
    """Make the page's gallery that of `rows` (an image deleted for good
    since is left out), touching only the pictures that differ."""
    known = set(
        Image._base_manager.filter(pk__in=[row["image"] for row in rows]).values_list(
            "pk", flat=True
        )
    )
    wanted = {row["image"]: row for row in rows if row["image"] in known}
    existing = {
        item.image_id: item for item in GalleryItem.objects.filter(page_id=page.pk)
    }
    GalleryItem.objects.filter(
        pk__in=[item.pk for image, item in existing.items() if image not in wanted]
    ).delete()
    GalleryItem.objects.bulk_create(
        GalleryItem(
            page_id=page.pk, image_id=image, caption=row["caption"], order=row["order"]
        )
        for image, row in wanted.items()
        if image not in existing
    )
    for image, row in wanted.items():
        item = existing.get(image)
        if item and (item.caption, item.order) != (row["caption"], row["order"]):
            GalleryItem.objects.filter(pk=item.pk).update(
                caption=row["caption"], order=row["order"]
            )


PARTS = (kinds.Part("gallery", "Gallery", read, write),)


def shown_on(page, *, old, new, face) -> set[int]:
    """An image's pages change with it: pictures shown in a gallery, as a
    portrait, poster or still, or embedded in a text ([[File:…]])."""
    shown = {row["image"] for row in invalidation.changed_rows(old, new, "gallery")}
    if page.kind == Image.KIND:
        shown |= set(
            GalleryItem.objects.filter(image_id=page.pk).values_list(
                "page_id", flat=True
            )
        )
        for relation in Image._meta.related_objects:
            if relation.one_to_many and relation.related_model is not GalleryItem:
                users = relation.related_model._base_manager.filter(
                    **{relation.field.name: page.pk}
                )
                shown |= set(users.values_list("pk", flat=True))
        embedding = PageLink.objects.filter(target_slug=page.slug)
        shown |= set(embedding.values_list("source_id", flat=True))
    return shown - {page.pk}
