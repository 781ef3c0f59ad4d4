"""
The extent of a GIF's frames, read from its block structure without decoding
any pixel: Pillow grows the canvas to hold a frame larger than the logical
screen, and decodes every frame at the canvas's size, so the cost of a GIF is
its frame count times the largest extent any frame reaches.
"""

import struct


def frames_and_canvas(data: bytes) -> tuple[int, int, int]:
    """(frames, width, height) of the canvas every frame is decoded at;
    ValueError if the structure is broken."""
    if data[:6] not in (b"GIF87a", b"GIF89a") or len(data) < 13:
        raise ValueError("not a GIF")
    width, height, flags = struct.unpack_from("<HHB", data, 6)
    pos = 13 + _color_table(flags)
    frames = 0
    while pos < len(data):
        block = data[pos]
        if block == 0x3B:  # trailer
            break
        if block == 0x21:  # extension: label, then sub-blocks
            pos = _skip_sub_blocks(data, pos + 2)
        elif block == 0x2C:  # image descriptor
            left, top, w, h, flags = struct.unpack_from("<HHHHB", data, pos + 1)
            width, height = max(width, left + w), max(height, top + h)
            frames += 1
            pos = _skip_sub_blocks(data, pos + 10 + _color_table(flags) + 1)
        else:
            raise ValueError(f"unknown block {block:#x}")
    return frames, width, height


def _color_table(flags: int) -> int:
    return 3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0


def _skip_sub_blocks(data: bytes, pos: int) -> int:
    while pos < len(data) and data[pos]:
        pos += data[pos] + 1
    if pos >= len(data):
        raise ValueError("truncated")
    return pos + 1
