"""
How `[[File:Name|options|caption]]` lays a picture out, by MediaWiki's image
syntax and rules (https://www.mediawiki.org/wiki/Help:Images): its type
(`thumb`, `frame`, `frameless`), `border`, where it stands (`left`, `right`,
`center`, `none`), its size (`200px`, `x150px`, `200x150px`, `upright`,
`upright=0.75`), `alt=` and `link=`; the caption is the last parameter that
is none of these, so an unknown option is caption text, as it is there.
Options are written as MediaWiki spells them, in lower case.
"""

import re
from dataclasses import dataclass

THUMB_WIDTH = 220  # MediaWiki's default thumbnail width
UPRIGHT = 0.75  # `upright` alone
MAX_UPRIGHT = 10.0
TYPES = {
    "thumb": "thumb",
    "thumbnail": "thumb",
    "frame": "frame",
    "framed": "frame",
    "frameless": "frameless",
}
# Of several types given, MediaWiki keeps the frame over the thumbnail, and
# either over frameless.
RANK = {"": 0, "frameless": 1, "thumb": 2, "frame": 3}
LOCATIONS = {
    "left": "left",
    "right": "right",
    "center": "center",
    "centre": "center",
    "none": "none",
}
SIZE = re.compile(r"(\d{1,5})?(?:x(\d{1,5}))?px")
FACTOR = re.compile(r"\d{0,2}(?:\.\d{1,3})?")


@dataclass
class Layout:
    type: str = ""  # "", "thumb", "frame" or "frameless"
    location: str = ""  # "", "left", "right", "center" or "none"
    border: bool = False
    width: int | None = None  # the box the picture must fit in, if given
    height: int | None = None
    upright: float | None = None
    alt: str | None = None
    link: str | None = None  # None: the file's page; "": no link at all
    caption: str = ""

    @property
    def shows_caption(self) -> bool:
        """Thumbnails and frames show the caption under the picture; other
        pictures make it their title and alt text."""
        return self.type in ("thumb", "frame")

    @property
    def placement(self) -> str:
        """Where it stands: a thumbnail or frame on the right unless told."""
        return self.location or ("right" if self.shows_caption else "")

    @property
    def is_block(self) -> bool:
        """Set apart from the text (floated, centred, or on a line of its
        own); otherwise it sits in the line, like a word."""
        return bool(self.placement)


def parse(label: str) -> Layout:
    """The layout a label asks for: its options, and its caption."""
    layout = Layout()
    if not label:
        return layout
    for part in label.split("|"):
        option = part.strip()
        if not _apply(layout, option):
            layout.caption = option
    return layout


def _apply(layout: Layout, option: str) -> bool:
    """Apply an option to the layout; False if it is none (a caption)."""
    if option in TYPES:
        if RANK[TYPES[option]] > RANK[layout.type]:
            layout.type = TYPES[option]
    elif option in LOCATIONS:
        layout.location = layout.location or LOCATIONS[option]  # the first given
    elif option == "border":
        layout.border = True
    elif option == "upright":
        layout.upright = UPRIGHT
    elif option.startswith("upright="):
        factor = option.removeprefix("upright=").strip()
        if not FACTOR.fullmatch(factor) or not 0 < float(factor or 0) <= MAX_UPRIGHT:
            return False
        layout.upright = float(factor)
    elif option.startswith("alt="):
        layout.alt = option.removeprefix("alt=").strip()
    elif option.startswith("link="):
        layout.link = option.removeprefix("link=").strip()
    elif match := SIZE.fullmatch(option):
        width, height = (int(g) if g else None for g in match.groups())
        if not (width or height) or 0 in (width, height):
            return False
        layout.width, layout.height = width, height
    else:
        return False
    return True


def _round_to_ten(value: float) -> int:
    """MediaWiki rounds an upright thumbnail's width to ten pixels, halves up."""
    return int(value / 10 + 0.5) * 10


def display_size(layout: Layout, width: int, height: int) -> tuple[int, int]:
    """The picture's size on the page, in CSS pixels. A frame shows the
    original size; a size given is a box to fit in; a thumbnail or frameless
    picture is 220 pixels wide, times `upright`; any other picture shows the
    original size. Never larger than the original: no bitmap is enlarged."""
    box_width, box_height = width, None
    if layout.type == "frame":
        pass  # size options do not apply to a frame
    elif layout.width or layout.height:
        box_width, box_height = layout.width or width, layout.height
    elif layout.type in ("thumb", "frameless"):
        box_width = _round_to_ten(THUMB_WIDTH * (layout.upright or 1))
    shown = min(width, box_width)
    if box_height:
        shown = min(shown, box_height * width / height)
    shown = max(1, round(shown))
    return shown, max(1, round(height * shown / width))
