"""
The picture in a page's infobox (a character's or person's portrait, a
season's poster, an episode's still): the link from its kind to an image
that the page's revisions hold (`kinds.Kind.link_fields`), and what a page
without one shows instead, a monogram drawn for it.
"""

import re

from django.utils.html import format_html

from multimedia.models import Image

# The proportions of each kind of picture, as an SVG's view box.
SHAPES = {"portrait": (300, 400), "poster": (300, 450), "still": (320, 180)}
WORDS = re.compile(r"[^\W_][\w'’]*")


def field_of(kind) -> str | None:
    """The name of the kind's picture field, if its pages have one."""
    for name in kind.link_fields:
        if kind.model._meta.get_field(name).related_model is Image:
            return name
    return None


def label_of(kind) -> str:
    """What the kind calls its picture: "portrait", "poster", "still"."""
    return str(kind.model._meta.get_field(field_of(kind)).verbose_name)


def monogram(title: str) -> str:
    """The initials of the first and last words of a name: "JJ" for Jessica
    Jones, "K" for Kilgrave."""
    words = WORDS.findall(title)
    if not words:
        return "?"
    ends = [words[0], words[-1]] if len(words) > 1 else words
    return "".join(word[0] for word in ends).upper()


def placeholder(*, text: str, shape: str, label: str) -> str:
    """A picture drawn for a page that has none: `text` (its initials, an
    episode's code) on the series' colours, which the stylesheet sets for
    light and dark themes. `label` says what it stands for."""
    width, height = SHAPES[shape]
    short = min(width, height)
    # One initial large; two, or an episode's code, within the ring.
    font = round(short * (0.36 if len(text) == 1 else min(0.31, 0.8 / len(text))))
    return format_html(
        '<svg class="placeholder placeholder--{}" viewBox="0 0 {} {}" '
        'width="{}" height="{}" role="img" aria-label="{}">'
        '<rect class="placeholder__ground" width="{}" height="{}"/>'
        '<path class="placeholder__light" d="M0 {} L{} 0 H{} L0 {} Z"/>'
        '<circle class="placeholder__ring" cx="{}" cy="{}" r="{}"/>'
        '<text class="placeholder__text" x="{}" y="{}" font-size="{}" '
        'text-anchor="middle" dominant-baseline="central">{}</text>'
        '<rect class="placeholder__frame" x="10" y="10" width="{}" height="{}" '
        'rx="6"/></svg>',
        shape,
        width,
        height,
        width,
        height,
        label,
        width,
        height,
        round(height * 0.55),
        round(width * 0.7),
        width,
        round(height * 0.9),
        width // 2,
        height // 2,
        round(short * 0.32),
        width // 2,
        height // 2,
        font,
        text,
        width - 20,
        height - 20,
    )
