"""Image checks by content: what the bytes are, never what the file name or the client claims.

Pure functions over bytes (no Flask, no database), so the rules are testable on their own.
"""
from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image

from app.core.errors import DomainError, InvalidInput
from app.uploads.decoding import decode_slot

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

# A 24-megapixel photo fits (48- and 50-megapixel sensors write 12- or 12.5-megapixel photos unless told
# otherwise, and the mini-program sends compressed ones); anything larger is a decompression bomb, not a
# picture of a volunteer activity. Checked from the header, before any pixel is decoded: a 139 KB
# all-zero 7000x7000 PNG decodes to 147 MB.
MAX_PIXELS = 25_000_000


class FileTooLarge(DomainError):
    status_code = 413
    error = "file_too_large"
    message = "图片不能超过 10 MB"


class UnsupportedImage(InvalidInput):
    error = "unsupported_image"
    message = UNSUPPORTED_MESSAGE


class ImageTooLarge(InvalidInput):
    error = "image_too_large"
    message = f"图片尺寸过大：最多 {MAX_PIXELS // 10_000} 万像素"


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


def _too_large(max_pixels: int) -> ImageTooLarge:
    message = f"图片尺寸过大：最多 {max_pixels / 10_000:g} 万像素"
    return ImageTooLarge(message, errors={"file": [message]})


def inspect_image(data: bytes, *, max_bytes: int, max_pixels: int | None = None,
                  decode_wait: float | None = None) -> ImageInfo:
    """Check that `data` is a complete gif/bmp/jpeg/png image of a sane size and describe it.

    Raises EmptyFile, FileTooLarge (413), ImageTooLarge or UnsupportedImage (422) otherwise, and
    UploadsBusy (503) when no decode slot frees up within `decode_wait` seconds.
    """
    info = read_header(data, max_bytes=max_bytes, max_pixels=max_pixels)
    with decode_slot(decode_wait):
        check_pixels(data, info)
    return info


def read_header(data: bytes, *, max_bytes: int, max_pixels: int | None = None) -> ImageInfo:
    """Every check that needs no pixel decoding: size in bytes, format, pixel count, structure."""
    if not data:
        raise EmptyFile(errors={"file": [EmptyFile.message]})
    if len(data) > max_bytes:
        message = f"图片不能超过 {max_bytes / (1024 * 1024):g} MB"
        raise FileTooLarge(message, errors={"file": [message]})
    limit = MAX_PIXELS if max_pixels is None else max_pixels
    # Pillow only warns between its own limit and twice that; a warning here must refuse the file.
    # catch_warnings is process-wide on this Python, so a racing thread may drop or keep this filter;
    # MAX_PIXELS sits below Pillow's warning threshold, so our own check refuses a bomb either way.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return _probe(data, limit)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            raise _too_large(limit) from exc
        except (UnsupportedImage, ImageTooLarge):
            raise
        except Exception as exc:  # any parser failure (re-raised as 422) means "not a usable image"
            raise _unsupported() from exc


def _probe(data: bytes, max_pixels: int) -> ImageInfo:
    # Image.open reads the header only: the size is known before any pixel data is touched.
    with Image.open(io.BytesIO(data), formats=_OPEN_FORMATS) as probe:
        fmt = probe.format
        width, height = probe.size
        if fmt not in _FORMATS or width <= 0 or height <= 0:
            raise _unsupported()
        if width * height > max_pixels:
            raise _too_large(max_pixels)
        # Structural check (PNG chunk CRCs and the like) before spending time on decoding.
        probe.verify()
    content_type, suffix = _FORMATS[fmt]
    return ImageInfo(format=content_type.removeprefix("image/"), width=width, height=height,
                     content_type=content_type, suffix=suffix)


def check_pixels(data: bytes, info: ImageInfo) -> None:
    """Decode the first frame, which catches truncated files (LOAD_TRUNCATED_IMAGES stays False) and
    corrupt pixel data. Call it holding a decode slot (decoding.decode_slot)."""
    try:
        with Image.open(io.BytesIO(data), formats=_OPEN_FORMATS) as image:
            if info.format == "jpeg":
                # DCT scaling still reads the whole stream (truncation shows) at 1/64 of the pixels.
                image.draft(None, (max(1, info.width // 8), max(1, info.height // 8)))
            image.load()
    except Exception as exc:  # any decoder failure means "not a usable image"
        raise _unsupported() from exc
