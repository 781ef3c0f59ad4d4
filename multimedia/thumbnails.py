"""Smaller copies of an image, made once at upload, for srcset."""

import io
import logging
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from multimedia import storage

WIDTHS = (320, 640, 1280)
logger = logging.getLogger(__name__)


def make_thumbnails(image_file, name: str, stored: list) -> dict[str, str]:
    """WebP copies at each width narrower than the image: {width: stored name}.
    Each stored file's name goes into `stored` as soon as it is written, so
    that a failure half-way leaves nothing behind that its caller cannot find."""
    image_file.seek(0)
    with Image.open(image_file) as original:
        original.seek(0)
        still = original.convert("RGBA" if original.mode in ("RGBA", "P") else "RGB")
    stem = PurePosixPath(name).stem
    made = {}
    for width in WIDTHS:
        if width >= still.width:
            break
        height = round(still.height * width / still.width)
        out = io.BytesIO()
        still.resize((width, height), Image.Resampling.LANCZOS).save(
            out, "WEBP", quality=82
        )
        made[str(width)] = default_storage.save(
            f"thumbs/{stem}-{width}.webp", ContentFile(out.getvalue())
        )
        stored.append(made[str(width)])
    return made


def delete_files(names) -> None:
    """Remove stored files; one that cannot be removed is logged, not raised,
    so that cleaning up after a failure reports the failure itself."""
    for name in names:
        try:
            default_storage.delete(name)
        except storage.FAILURES:
            logger.exception("Could not remove %s from the media storage.", name)
