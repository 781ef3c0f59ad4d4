"""[[File:Name|caption]] in Markdown: figures with responsive images."""

from functools import partial

from django.core.files.storage import default_storage
from django.utils.html import format_html

from multimedia.models import Image

SIZES = "(min-width: 56rem) 40rem, 100vw"


def figure(image, caption="", *, sizes=SIZES):
    if image.is_deleted:  # an infobox's picture, read through its link
        return ""
    caption = caption or image.caption
    picture = format_html(
        '<img class="wiki-file__image" src="{}" srcset="{}" sizes="{}" width="{}" '
        'height="{}" alt="{}" loading="lazy" decoding="async">',
        default_storage.url(image.file.name),
        image.srcset(),
        sizes,
        image.width,
        image.height,
        image.alt_text,
    )
    return format_html(
        '<figure class="wiki-file"><a href="{}">{}</a>{}</figure>',
        image.get_absolute_url(),
        picture,
        format_html("<figcaption>{}</figcaption>", caption) if caption else "",
    )


def render_files(slugs):
    return {
        image.slug: partial(figure, image)
        for image in Image.objects.filter(slug__in=slugs).only(
            "slug",
            "kind",
            "deleted_at",
            "file",
            "width",
            "height",
            "alt_text",
            "caption",
            "thumbnails",
        )
    }
