from django import template
from django.core.files.storage import default_storage
from django.utils.html import format_html

from multimedia.embeds import figure
from multimedia.models import GalleryItem, Video

register = template.Library()


@register.simple_tag
def image_figure(image, caption="", sizes="(min-width: 56rem) 18rem, 100vw"):
    """A responsive, lazily loaded picture with its caption."""
    return figure(image, caption, sizes=sizes)


@register.simple_tag
def image_url(image):
    return default_storage.url(image.file.name)


@register.inclusion_tag("multimedia/gallery.html")
def gallery(page):
    """The page's gallery (one query)."""
    items = GalleryItem.objects.filter(
        page_id=page.pk, image__deleted_at__isnull=True
    ).select_related("image")
    return {"items": list(items)}


@register.inclusion_tag("multimedia/videos.html")
def videos(page):
    """The page's videos (one query)."""
    return {"videos": list(Video.objects.filter(page_id=page.pk))}


@register.simple_tag
def play_label(video):
    return format_html("Play {}: {}", video.get_kind_display().lower(), video.title)
