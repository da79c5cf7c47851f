"""Strip uploaded images down to their pixels and orientation.

Phone photos carry EXIF with GPS coordinates, device serials and timestamps; a beneficiary's proof
photos would give away where they live, and any other segment or chunk can carry the same. So each
format is rebuilt from a whitelist of what a decoder needs, never by removing what is known to be bad:

- JPEG: frame, table, restart and scan segments (entropy-coded data included, also between the scans of
  a progressive JPEG), a minimal Adobe segment when the file had one (it says how to read the colours),
  and an EXIF segment holding only the orientation (else portrait photos show sideways). Everything
  else goes: APP0-APP15, comments, a multi-picture JPEG's further pictures. Pixels are not re-encoded.
- PNG: IHDR, PLTE, tRNS, IDAT, IEND and the APNG frame chunks. Text, eXIf, time, private chunks go.
- GIF: header, colour tables, frames, graphic control (delay, transparency) and the loop count.
  Comments, plain-text and other application extensions go.
- BMP: re-encoded by Pillow (lossless), which drops its reserved fields, colour profile and trailing data.

Colour profiles (ICC, gAMA/cHRM/sRGB) go too: a profile is free-form data (descriptions, copyright, private
tags) and names the device; without one, viewers assume sRGB, which shifts only wide-gamut colours.
"""
from __future__ import annotations

import io
import struct

from PIL import Image

_ORIENTATION = 0x0112

# JPEG markers.
_SOI, _EOI, _SOS, _APP1, _APP14 = 0xD8, 0xD9, 0xDA, 0xE1, 0xEE
_RST = range(0xD0, 0xD8)
# What a decoder needs: SOF0-SOF15 (C0-CF, except C8 "JPG", reserved), DHT (C4) and DAC (CC) among them,
# DNL, DQT, DRI, SOS.
_JPEG_KEEP = frozenset(range(0xC0, 0xD0)) - {0xC8} | {0xDA, 0xDB, 0xDC, 0xDD}

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_KEEP = frozenset({b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND", b"acTL", b"fcTL", b"fdAT"})

_GIF_LOOPING = (b"NETSCAPE2.0", b"ANIMEXTS1.0")


def strip_metadata(data: bytes, image_format: str) -> bytes:
    """`data` without metadata; ValueError (or struct.error, IndexError) if its layout cannot be walked.
    BMP is decoded: call it holding a decode slot (decoding.decode_slot)."""
    strip = {"jpeg": _strip_jpeg, "png": _strip_png, "gif": _strip_gif, "bmp": _reencode_bmp}
    return strip[image_format](data)


def _orientation_segment(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        orientation = image.getexif().get(_ORIENTATION)
    if orientation not in range(2, 9):
        return b""
    exif = Image.Exif()
    exif[_ORIENTATION] = orientation
    payload = exif.tobytes()  # starts with b"Exif\0\0"
    return b"\xff" + bytes([_APP1]) + struct.pack(">H", len(payload) + 2) + payload


def _adobe_segment(segment: bytes) -> bytes:
    """Only the colour transform of an Adobe APP14 (YCbCr, YCCK or none), rebuilt from scratch."""
    if len(segment) != 16 or segment[4:9] != b"Adobe":
        return b""
    return b"\xff\xee\x00\x0eAdobe\x00\x64\x00\x00\x00\x00" + segment[15:16]


def _scan_end(data: bytes, pos: int) -> int:
    """Where the entropy-coded data starting at `pos` ends: at the first marker that is neither a
    stuffed 0xFF00 nor a restart marker."""
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= len(data):
            return len(data)
        following = data[pos + 1]
        if following != 0x00 and following not in _RST:
            return pos
        pos += 2


def _strip_jpeg(data: bytes) -> bytes:
    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    out = bytearray(b"\xff\xd8")
    out += _orientation_segment(data)
    pos = 2
    while pos < len(data):
        if data[pos] != 0xFF:
            raise ValueError("corrupt JPEG segment")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == _EOI:
            break  # anything after it (a multi-picture JPEG's second picture) goes
        if marker == 0x01 or marker in _RST:  # TEM and stray restarts: no length, no content
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
        segment = data[pos:pos + 2 + length]
        if length < 2 or len(segment) != 2 + length:
            raise ValueError("JPEG segment runs past the end")
        if marker in _JPEG_KEEP:
            out += segment
        elif marker == _APP14:
            out += _adobe_segment(segment)
        pos += 2 + length
        if marker == _SOS:
            end = _scan_end(data, pos)
            out += data[pos:end]
            pos = end
    return bytes(out + b"\xff\xd9")


def _strip_png(data: bytes) -> bytes:
    if not data.startswith(_PNG_SIGNATURE):
        raise ValueError("not a PNG")
    out = bytearray(_PNG_SIGNATURE)
    pos = len(_PNG_SIGNATURE)
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        chunk = data[pos:pos + 12 + length]  # length, type, data, CRC
        if len(chunk) != 12 + length:
            raise ValueError("PNG chunk runs past the end")
        if kind in _PNG_KEEP:
            out += chunk
        pos += 12 + length
        if kind == b"IEND":
            return bytes(out)
    raise ValueError("PNG without IEND")


def _sub_blocks_end(data: bytes, pos: int) -> int:
    """The position just past the GIF data sub-blocks starting at `pos` (and their terminator)."""
    while True:
        size = data[pos]  # IndexError past the end
        pos += 1 + size
        if size == 0:
            return pos


def _color_table_size(packed: int) -> int:
    return 3 * 2 ** ((packed & 0x07) + 1) if packed & 0x80 else 0


def _gif_extension(data: bytes, pos: int) -> tuple[bytes, int]:
    """The kept form of the extension at `pos` (0x21, label, sub-blocks) and the position after it."""
    label, end = data[pos + 1], _sub_blocks_end(data, pos + 2)
    first = data[pos + 3:pos + 3 + data[pos + 2]]
    if label == 0xF9 and len(first) == 4:
        # Graphic control: disposal, transparency flag, delay, transparent index. Reserved bits cleared.
        return b"\x21\xf9\x04" + bytes([first[0] & 0x1F]) + first[1:] + b"\x00", end
    if label == 0xFF and first in _GIF_LOOPING:
        loop = data[pos + 14:pos + 18]  # the sub-block after the identifier: 3, 1, count (2 bytes)
        if len(loop) == 4 and loop[:2] == b"\x03\x01":
            return b"\x21\xff\x0bNETSCAPE2.0\x03\x01" + loop[2:] + b"\x00", end
    return b"", end  # comments, plain text, any other application's data


def _strip_gif(data: bytes) -> bytes:
    if data[:6] not in (b"GIF87a", b"GIF89a"):
        raise ValueError("not a GIF")
    pos = 13 + _color_table_size(data[10])  # header, logical screen descriptor, global colour table
    out = bytearray(data[:pos])
    while pos < len(data):
        introducer = data[pos]
        if introducer == 0x3B:  # trailer
            break
        if introducer == 0x21:
            kept, pos = _gif_extension(data, pos)
            out += kept
        elif introducer == 0x2C:
            # Image descriptor, local colour table, LZW code size, then the pixel sub-blocks.
            start = pos
            pos += 10 + _color_table_size(data[pos + 9]) + 1
            pos = _sub_blocks_end(data, pos)
            out += data[start:pos]
        else:
            raise ValueError("corrupt GIF block")
    return bytes(out + b"\x3b")


def _reencode_bmp(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data), formats=("BMP",)) as image:
        image.load()
        buffer = io.BytesIO()
        image.save(buffer, format="BMP")
    return buffer.getvalue()
