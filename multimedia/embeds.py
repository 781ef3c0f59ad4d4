"""
Pictures as pages show them, from the thumbnails each image has (srcset, and
its size on the page, so nothing shifts as it loads): in texts, as
`[[File:Name|options|caption]]` lays them out (multimedia/layout.py), and in
infoboxes and galleries.
"""

from functools import partial

from django.core.files.storage import default_storage
from django.utils.html import format_html

from multimedia.layout import display_size, parse
from multimedia.models import Image

SIZES = "(min-width: 56rem) 40rem, 100vw"
EXTERNAL = ("https://", "http://")


def _picture(image, *, width, height, sizes, alt, title="", border=False) -> str:
    """The <img>: its source the smallest copy as wide as it shows, if any."""
    wide_enough = sorted(
        (int(w), name) for w, name in image.thumbnails.items() if int(w) >= width
    )
    source = wide_enough[0][1] if wide_enough else image.file.name
    return format_html(
        '<img class="wiki-file__image{}" src="{}" srcset="{}" sizes="{}" '
        'width="{}" height="{}" alt="{}"{} loading="lazy" decoding="async">',
        " wiki-file__image--border" if border else "",
        default_storage.url(source),
        image.srcset(),
        sizes,
        width,
        height,
        alt,
        format_html(' title="{}"', title) if title else "",
    )


def figure(image, caption="", *, sizes=SIZES) -> str:
    """The picture with its caption (its own, unless given), as an infobox
    or a gallery shows it."""
    if image.is_deleted:  # an infobox's picture, read through its link
        return ""
    caption = caption or image.caption
    picture = _picture(
        image,
        width=image.width,
        height=image.height,
        sizes=sizes,
        alt=image.alt_text,
    )
    return format_html(
        '<figure class="wiki-file"><a href="{}">{}</a>{}</figure>',
        image.get_absolute_url(),
        picture,
        format_html("<figcaption>{}</figcaption>", caption) if caption else "",
    )


def _href(image, layout, link) -> str | None:
    """Where the picture leads: its file page unless `link=` says otherwise
    (nowhere, an address on the web, or a page of the wiki)."""
    if layout.link is None:
        return image.get_absolute_url()
    if layout.link.startswith(EXTERNAL):
        return layout.link
    return link(layout.link) if layout.link else None


def embed(image, label: str, *, link, position: int) -> str:
    """The picture as a text's `[[File:Name|label]]` asks for it; nothing
    for a reader who has not reached the episode that reveals the image.
    `link(title)` is where a page the label names leads (see wiki/markup.py)."""
    if image.revealed_in > position:
        return ""
    layout = parse(label)
    width, height = display_size(layout, image.width, image.height)
    if layout.shows_caption:
        caption, title = layout.caption or image.caption, ""
        alt = image.alt_text if layout.alt is None else layout.alt
    else:  # the caption is the picture's title, and its alt text unless given
        caption, title = "", layout.caption
        alt = layout.alt if layout.alt is not None else title or image.alt_text
    picture = _picture(
        image,
        width=width,
        height=height,
        sizes=f"(max-width: {width}px) 100vw, {width}px",
        alt=alt,
        title=title,
        border=layout.border and not layout.shows_caption,
    )
    href = _href(image, layout, link)
    if href:
        picture = format_html('<a href="{}">{}</a>', href, picture)
    if not layout.is_block:
        return picture
    framed = f" wiki-file--{layout.type}" if layout.shows_caption else ""
    return format_html(
        '<figure class="wiki-file{} wiki-file--{}">{}{}</figure>',
        framed,
        layout.placement,
        picture,
        format_html("<figcaption>{}</figcaption>", caption) if caption else "",
    )


def render_files(slugs) -> dict:
    return {
        image.slug: partial(embed, image)
        for image in Image.objects.filter(slug__in=slugs).only(
            "slug",
            "kind",
            "revealed_in",
            "deleted_at",
            "file",
            "width",
            "height",
            "alt_text",
            "caption",
            "thumbnails",
        )
    }


def caption(label: str) -> str:
    return parse(label).caption


def links(label: str) -> list[str]:
    """The page a label's `link=` names, if it names one."""
    target = parse(label).link
    return [target] if target and not target.startswith(EXTERNAL) else []


def is_block(label: str) -> bool:
    return parse(label).is_block
