from django import template
from django.core.files.storage import default_storage
from django.utils.html import format_html

from multimedia import pictures
from multimedia.embeds import figure
from multimedia.models import GalleryItem, Video
from wiki import kinds, storytime

register = template.Library()
INFOBOX_SIZES = "(min-width: 56rem) 18rem, 100vw"


@register.simple_tag
def image_figure(image, caption="", sizes=INFOBOX_SIZES):
    """A responsive, lazily loaded picture with its caption."""
    return figure(image, caption, sizes=sizes)


@register.simple_tag
def image_url(image):
    return default_storage.url(image.file.name)


@register.filter
def monogram(name):
    """Initials of a name, as a placeholder shows them: "Season 1" → "S1"."""
    return pictures.monogram(str(name))


@register.simple_tag
def picture_placeholder(page, shape="portrait", text="", label=""):
    """The picture drawn for a page without one (multimedia/pictures.py)."""
    return pictures.placeholder(
        text=text or pictures.monogram(page.title),
        shape=shape,
        label=label or f"No picture of {page.title} yet",
    )


@register.inclusion_tag("multimedia/infobox_picture.html", takes_context=True)
def infobox_picture(context, page, image, shape="portrait", text="", shown=True):
    """The picture in a page's infobox; without one, or before the reader
    has reached it (`shown`, and the image's own episode), a placeholder
    drawn for the page, never an empty box. Contributors get the link to
    change it."""
    request = context["request"]
    what = pictures.label_of(kinds.get(page.kind))
    has_one = image is not None and not image.is_deleted
    reached = image is not None and request.progress.sees(
        image.revealed_in, page.story_series_id
    )
    hidden = has_one and not (shown and reached)
    # An episode's title may be one the reader hides until they watch it.
    title = (
        storytime.episode_title(page, request.progress)
        if hasattr(page, "code")
        else page.title
    )
    if hidden:
        label = f"The {what} is hidden until you have watched further"
    else:
        label = f"No {what} of {title} yet"
    return {
        "page": page,
        "image": image if has_one and not hidden else None,
        "hidden": hidden,
        "what": what,
        "placeholder": pictures.placeholder(
            text=text or pictures.monogram(page.title), shape=shape, label=label
        ),
        "shape": shape,
        "can_change": request.user.has_perm("wiki.edit_pages"),
        "has_one": has_one,
    }


@register.inclusion_tag("multimedia/gallery.html", takes_context=True)
def gallery(context, page):
    """The page's gallery (one query): the pictures the reader has reached,
    those of a page's own later episode or of a later image left out."""
    request = context["request"]
    position = request.progress.at(page.story_series_id)
    items = GalleryItem.objects.filter(
        page_id=page.pk, image__deleted_at__isnull=True
    ).select_related("image")
    items = list(items)
    shown = [
        item
        for item in items
        if max(item.image.revealed_in, page.reveals_at) <= position
    ]
    return {
        "page": page,
        "items": shown,
        "hidden": len(items) - len(shown),
        "can_change": request.user.has_perm("wiki.edit_pages"),
    }


@register.inclusion_tag("multimedia/videos.html")
def videos(page):
    """The page's videos (one query)."""
    return {"videos": list(Video.objects.filter(page_id=page.pk))}


@register.simple_tag
def play_label(video):
    return format_html("Play {}: {}", video.get_kind_display().lower(), video.title)
