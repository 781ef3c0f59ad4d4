"""Crafted files against the image checks: every refusal has a reason."""

import io
import struct

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from multimedia.validation import clean_image


def _image_bytes(fmt="PNG", size=(40, 30), mode="RGB", **options):
    out = io.BytesIO()
    Image.new(mode, size, "purple").save(out, fmt, **options)
    return out.getvalue()


def _upload(content, name="picture.png", content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _refusal(upload):
    with pytest.raises(ValidationError) as error:
        clean_image(upload)
    return error.value.code, error.value.messages[0]


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"just some text", "notes.png"),
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "page.jpg"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "logo.svg",
        ),
        (b"", "empty.png"),
        (b"%PDF-1.7 not an image", "doc.webp"),
    ],
)
def test_files_that_are_not_images_are_refused(content, name):
    code, message = _refusal(_upload(content, name))

    assert code == "not_an_image"
    assert "not a JPEG, PNG, WebP or GIF" in message


def test_a_truncated_jpeg_is_refused():
    whole = _image_bytes("JPEG", size=(400, 300))

    code, message = _refusal(_upload(whole[: len(whole) // 2], "cut.jpg"))

    assert code == "damaged"
    assert "damaged or incomplete" in message


def test_a_tiny_file_declaring_100_megapixels_is_refused():
    bomb = _image_bytes("PNG", size=(10_000, 10_000), mode="1", optimize=True)
    assert len(bomb) < 50_000

    code, message = _refusal(_upload(bomb, "bomb.png"))

    assert code == "too_many_pixels"
    assert "10000 × 10000" in message


def test_a_file_past_pillows_own_bomb_limit_is_refused_with_a_reason():
    bomb = _image_bytes("PNG", size=(20_000, 10_000), mode="1", optimize=True)

    code, _ = _refusal(_upload(bomb, "huge.png"))

    assert code == "too_many_pixels"


def test_an_oversized_file_is_refused(settings):
    settings.WIKI_IMAGE_LIMITS = settings.WIKI_IMAGE_LIMITS | {"bytes": 1000}

    code, message = _refusal(_upload(_image_bytes(size=(300, 300)) + b"\0" * 2000))

    assert code == "too_large"
    assert "the limit is" in message


def test_a_gif_with_ten_thousand_frames_is_refused():
    frames = [
        Image.new("RGB", (2, 2), "white" if i % 2 else "black") for i in range(10_000)
    ]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:])

    code, message = _refusal(_upload(out.getvalue(), "flicker.gif"))

    assert code == "too_many_frames"
    assert "10000 frames" in message


def test_html_appended_to_a_png_is_dropped_by_re_encoding():
    content = _image_bytes() + b"<html><script>alert(1)</script></html>"

    stored, width, height = clean_image(_upload(content))

    data = stored.read()
    assert b"<html" not in data and b"script" not in data
    assert Image.open(io.BytesIO(data)).format == "PNG"
    assert (width, height) == (40, 30)


def test_a_gif_named_png_is_stored_as_a_gif():
    stored, *_ = clean_image(_upload(_image_bytes("GIF"), "sneaky.png"))

    assert stored.name.endswith(".gif")
    assert Image.open(io.BytesIO(stored.read())).format == "GIF"


def test_an_animated_gif_keeps_its_frames():
    frames = [Image.new("RGB", (8, 8), (50 * i, 0, 0)) for i in range(5)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=80)

    stored, *_ = clean_image(_upload(out.getvalue(), "anim.gif"))

    assert Image.open(io.BytesIO(stored.read())).n_frames == 5


def test_exif_orientation_is_applied_and_metadata_dropped():
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90°
    exif[0x010F] = "Secret Camera Co"
    exif[0x8825] = {1: "N", 2: (40.0, 44.0, 0.0)}  # GPS
    content = _image_bytes("JPEG", size=(60, 20), exif=exif.tobytes())

    stored, width, height = clean_image(_upload(content, "holiday.jpg"))

    again = Image.open(io.BytesIO(stored.read()))
    assert (width, height) == again.size == (20, 60)
    assert not again.getexif()
    assert b"Secret Camera" not in stored.read()


@pytest.mark.parametrize(
    "name",
    ["../../x.png", "/etc/passwd.png", 'quote"s.png', "line\nbreak.png",
     "..\\..\\windows.png", "x.png\x00.html"],
)  # fmt: skip
def test_hostile_file_names_are_never_used(name):
    stored, *_ = clean_image(_upload(_image_bytes(), name))

    assert stored.name.count("/") == 0 and ".." not in stored.name
    assert len(stored.name) == 36 and stored.name.endswith(".png")


def _gif_of_blank_frames(frames, width, height, *, later_frames=(1, 1)) -> bytes:
    """A GIF of a few bytes a frame: each frame's data a single pixel, which a
    decoder still paints onto a canvas of the full size. The first frame is
    1 × 1; the others say they are `later_frames` in size."""
    pack = struct.Struct("<HH").pack
    parts = [b"GIF89a", pack(width, height), b"\x80\x00\x00", b"\x00" * 6]
    for index in range(frames):
        size = later_frames if index else (1, 1)
        parts += [
            b"\x21\xf9\x04\x00\x0a\x00\x00\x00",  # 0.1 s a frame
            b"\x2c", pack(0, 0), pack(*size), b"\x00",
            b"\x02\x02\x44\x01\x00",  # one pixel, LZW-coded
        ]  # fmt: skip
    return b"".join([*parts, b"\x3b"])


def test_an_animation_too_large_in_all_is_refused_before_decoding(monkeypatch):
    content = _gif_of_blank_frames(100, 2000, 2000)
    assert len(content) < 2_500
    monkeypatch.setattr(
        "multimedia.validation._decode",
        lambda image: pytest.fail("decoded before it was counted"),
    )

    code, message = _refusal(_upload(content, "boom.gif", "image/gif"))

    assert code == "too_many_pixels"
    assert "100 frames of 2000 × 2000 pixels, 400 megapixels in all" in message


def test_frames_larger_than_the_gifs_screen_are_counted_at_their_size(monkeypatch):
    # Pillow grows the canvas to a frame past the logical screen: a 1 × 1
    # screen does not make 99 frames of 2000 × 2000 cheap.
    content = _gif_of_blank_frames(100, 1, 1, later_frames=(2000, 2000))
    monkeypatch.setattr(
        "multimedia.validation._decode",
        lambda image: pytest.fail("decoded before it was counted"),
    )

    code, message = _refusal(_upload(content, "trick.gif", "image/gif"))

    assert code == "too_many_pixels"
    assert "100 frames of 2000 × 2000 pixels" in message


def test_a_small_animation_whose_frames_fit_is_accepted():
    stored, width, height = clean_image(
        _upload(_gif_of_blank_frames(3, 20, 10), "ok.gif", "image/gif")
    )

    assert (width, height) == (20, 10)
    assert Image.open(stored).format == "GIF"
