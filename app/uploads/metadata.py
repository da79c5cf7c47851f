"""Strip metadata from uploaded images without re-encoding them.

Phone photos carry EXIF with GPS coordinates, device serials and timestamps; a beneficiary's proof
photos would give away where they live. JPEGs lose their APP1 (EXIF/XMP), APP13 (IPTC) and comment
segments, keeping only the EXIF orientation (else portrait photos show sideways); a multi-picture
JPEG keeps its primary image only. PNGs lose their text and eXIf chunks. Pixels are never touched.
"""
from __future__ import annotations

import io
import struct

from PIL import Image

_ORIENTATION = 0x0112
# JPEG markers that stand alone (no length field): TEM, RST0-7, SOI, EOI.
_STANDALONE = {0x01, *range(0xD0, 0xD8), 0xD8, 0xD9}
_APP1, _APP2, _APP13, _COM, _SOS = 0xE1, 0xE2, 0xED, 0xFE, 0xDA
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_METADATA = {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"}


def strip_metadata(data: bytes, image_format: str) -> bytes:
    if image_format == "jpeg":
        return _strip_jpeg(data)
    if image_format == "png":
        return _strip_png(data)
    return data  # GIF and BMP carry no EXIF


def _orientation_segment(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        orientation = image.getexif().get(_ORIENTATION)
    if orientation in (None, 1):
        return b""
    exif = Image.Exif()
    exif[_ORIENTATION] = orientation
    payload = exif.tobytes()  # starts with b"Exif\0\0"
    return b"\xff" + bytes([_APP1]) + struct.pack(">H", len(payload) + 2) + payload


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
        if marker in _STANDALONE:
            out += data[pos:pos + 2]
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
        segment = data[pos:pos + 2 + length]
        if marker == _SOS:
            # Entropy-coded data follows; a real 0xFFD9 (EOI) cannot occur inside it (0xFF is stuffed),
            # so the first one ends the primary image. Anything after it (MPO's second picture) goes.
            end = data.find(b"\xff\xd9", pos + 2 + length)
            out += data[pos:] if end < 0 else data[pos:end + 2]
            return bytes(out)
        is_mpf = marker == _APP2 and segment[4:8] == b"MPF\x00"
        if marker not in (_APP1, _APP13, _COM) and not is_mpf:
            out += segment
        pos += 2 + length
    return bytes(out)


def _strip_png(data: bytes) -> bytes:
    if not data.startswith(_PNG_SIGNATURE):
        raise ValueError("not a PNG")
    out = bytearray(_PNG_SIGNATURE)
    pos = len(_PNG_SIGNATURE)
    while pos + 8 <= len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        chunk = data[pos:pos + 12 + length]  # length, type, data, CRC
        if kind not in _PNG_METADATA:
            out += chunk
        pos += 12 + length
        if kind == b"IEND":
            break
    return bytes(out)
