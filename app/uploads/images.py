"""Image checks by content: what the bytes are, never what the file name or the client claims.

Pure functions over bytes (no Flask, no database), so the rules are testable on their own.
"""
from __future__ import annotations

import io
import threading
import warnings
from dataclasses import dataclass

from PIL import Image

from app.core.errors import DomainError, InvalidInput

UNSUPPORTED_MESSAGE = "仅支持 gif、bmp、jpeg、jpg、png 格式的图片"

# Pillow format name -> (content type, canonical suffix). MPO is how Pillow names the multi-picture
# JPEGs many phone cameras write; to everyone else it is a JPEG.
_FORMATS = {
    "GIF": ("image/gif", ".gif"),
    "BMP": ("image/bmp", ".bmp"),
    "JPEG": ("image/jpeg", ".jpg"),
    "MPO": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
}
# Only these plugins may parse an upload: the others (EPS runs Ghostscript, for one) are attack surface.
_OPEN_FORMATS = ("GIF", "BMP", "JPEG", "PNG")

# A 48-megapixel phone photo fits; anything larger is a decompression bomb, not a picture of a
# volunteer activity.
MAX_PIXELS = 50_000_000
# A lossless image at that size decodes to ~150 MB: cap how many decode at once in one process
# (gunicorn runs 8 threads per worker), so a burst of uploads queues instead of exhausting memory.
_DECODE_SLOTS = threading.BoundedSemaphore(2)


class FileTooLarge(DomainError):
    status_code = 413
    error = "file_too_large"
    message = "图片不能超过 10 MB"


class UnsupportedImage(InvalidInput):
    error = "unsupported_image"
    message = UNSUPPORTED_MESSAGE


class EmptyFile(InvalidInput):
    error = "empty_file"
    message = "上传的文件是空的，请重新选择图片"


@dataclass(frozen=True)
class ImageInfo:
    format: str          # "gif" | "bmp" | "jpeg" | "png"
    width: int
    height: int
    content_type: str
    suffix: str          # canonical, with the dot: ".jpg" for every JPEG


def _unsupported() -> UnsupportedImage:
    return UnsupportedImage(errors={"file": [UNSUPPORTED_MESSAGE]})


def inspect_image(data: bytes, *, max_bytes: int, max_pixels: int | None = None) -> ImageInfo:
    """Check that `data` is a complete gif/bmp/jpeg/png image of a sane size and describe it.

    Raises EmptyFile, FileTooLarge (413) or UnsupportedImage (422) otherwise.
    """
    if not data:
        raise EmptyFile(errors={"file": [EmptyFile.message]})
    if len(data) > max_bytes:
        message = f"图片不能超过 {max_bytes / (1024 * 1024):g} MB"
        raise FileTooLarge(message, errors={"file": [message]})
    limit = MAX_PIXELS if max_pixels is None else max_pixels
    # Pillow only warns between its own limit and twice that; a warning here must refuse the file.
    # catch_warnings is process-wide on this Python, so a racing thread may drop or keep this filter;
    # MAX_PIXELS sits below Pillow's warning threshold, so a bomb is refused either way.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return _decode(data, limit)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            raise _unsupported() from exc
        except UnsupportedImage:
            raise
        except Exception as exc:  # any parser failure (re-raised as 422) means "not a usable image"
            raise _unsupported() from exc


def _decode(data: bytes, max_pixels: int) -> ImageInfo:
    with Image.open(io.BytesIO(data), formats=_OPEN_FORMATS) as probe:
        fmt = probe.format
        width, height = probe.size
        if fmt not in _FORMATS or width <= 0 or height <= 0 or width * height > max_pixels:
            raise _unsupported()
        # Structural check (PNG chunk CRCs and the like) before spending time on decoding.
        probe.verify()
    # verify() leaves the image unusable: reopen and decode the first frame, which catches
    # truncated files (LOAD_TRUNCATED_IMAGES stays False) and corrupt pixel data.
    with _DECODE_SLOTS, Image.open(io.BytesIO(data), formats=_OPEN_FORMATS) as image:
        if fmt in ("JPEG", "MPO"):
            # DCT scaling still reads the whole stream (truncation shows) at 1/64 of the pixels.
            image.draft(None, (max(1, width // 8), max(1, height // 8)))
        image.load()
    content_type, suffix = _FORMATS[fmt]
    return ImageInfo(format=content_type.removeprefix("image/"), width=width, height=height,
                     content_type=content_type, suffix=suffix)
