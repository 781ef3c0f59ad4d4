"""
Checking and normalising uploaded images before anything is stored.

Nothing is trusted from the upload: not its name, not the content type the
browser claims. Pillow opens it with only the allowed formats, the pixel count
and the number of frames are capped before decoding, the whole image is
decoded (so truncated files fail here), the pixels of all an animation's
frames counted too, and what is stored is a re-encoding:
orientation applied, metadata (EXIF, GPS, comments) and any trailing bytes
dropped, under a random name with the extension of its real format.
"""

import io
import struct
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

from multimedia import gif

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def _limits():
    return settings.WIKI_IMAGE_LIMITS


def _open(upload) -> Image.Image:
    limits = _limits()
    if upload.size > limits["bytes"]:
        megabytes = limits["bytes"] / 1_000_000
        raise ValidationError(
            f"The file is {upload.size / 1_000_000:.1f} MB; the limit is "
            f"{megabytes:.0f} MB.",
            code="too_large",
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # The pixel count is checked below, against the wiki's own limit.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(upload, formats=list(FORMATS))
    except Image.DecompressionBombError:
        raise ValidationError(
            "The image has far too many pixels.", code="too_many_pixels"
        ) from None
    except (UnidentifiedImageError, OSError):
        raise ValidationError(
            "This is not a JPEG, PNG, WebP or GIF image.", code="not_an_image"
        ) from None
    width, height = image.size
    if width * height > limits["pixels"]:
        raise ValidationError(
            f"The image is {width} × {height} pixels; at most "
            f"{limits['pixels'] // 1_000_000} megapixels are accepted.",
            code="too_many_pixels",
        )
    frames = getattr(image, "n_frames", 1)
    if image.format == "GIF":
        frames, width, height = _gif_extent(upload, frames, width, height)
    if frames > limits["frames"]:
        raise ValidationError(
            f"The animation has {frames} frames; at most "
            f"{limits['frames']} are accepted.",
            code="too_many_frames",
        )
    # Every frame is decoded at the full size of the image: a tiny file can
    # hold frames enough to fill gigabytes. Counted before decoding any.
    if frames * width * height > limits["pixels"]:
        raise ValidationError(
            f"The animation has {frames} frames of {width} × {height} pixels, "
            f"{frames * width * height // 1_000_000} megapixels in all; at most "
            f"{limits['pixels'] // 1_000_000} megapixels in all are accepted.",
            code="too_many_pixels",
        )
    return image


def _gif_extent(upload, frames, width, height) -> tuple[int, int, int]:
    """A GIF's frames may reach past its logical screen; what Pillow would
    decode them at, read from the file's blocks."""
    upload.seek(0)
    try:
        return gif.frames_and_canvas(upload.read())
    except (ValueError, struct.error, IndexError):
        return frames, width, height  # Pillow's own reading stands; decoding checks it
    finally:
        upload.seek(0)


def _decode(image: Image.Image) -> list[Image.Image]:
    """Every frame, fully decoded; a damaged file fails here."""
    frames = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            for index in range(getattr(image, "n_frames", 1)):
                image.seek(index)
                image.load()
                frames.append(image.copy())
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombWarning,
            Image.DecompressionBombError, EOFError):  # fmt: skip
        raise ValidationError(
            "The image is damaged or incomplete.", code="damaged"
        ) from None
    return frames


def clean_image(upload) -> tuple[ContentFile, int, int]:
    """A safe copy of an uploaded image, with its width and height; raises
    ValidationError with a reader-friendly message for anything refused."""
    image = _open(upload)
    image_format = image.format
    frames = _decode(image)
    out = io.BytesIO()
    if image_format == "GIF" and len(frames) > 1:
        frames[0].save(
            out,
            "GIF",
            save_all=True,
            append_images=frames[1:],
            loop=image.info.get("loop", 0),
            duration=image.info.get("duration", 100),
        )
        width, height = frames[0].size
    else:
        still = ImageOps.exif_transpose(frames[0])
        if image_format == "JPEG" and still.mode not in ("RGB", "L"):
            still = still.convert("RGB")
        options = {"quality": 90} if image_format in ("JPEG", "WEBP") else {}
        still.save(out, image_format, **options)  # no exif=…: metadata is dropped
        width, height = still.size
    name = f"{uuid.uuid4().hex}.{FORMATS[image_format]}"
    return ContentFile(out.getvalue(), name=name), width, height
