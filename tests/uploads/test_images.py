"""Image checks by content alone: no app, no database."""
from __future__ import annotations

import io
import os
import threading
from contextlib import ExitStack

import pytest
from PIL import Image

from app.uploads.decoding import DECODE_SLOTS, UploadsBusy, decode_slot, gauge
from app.uploads.images import (
    MAX_PIXELS,
    UNSUPPORTED_MESSAGE,
    EmptyFile,
    FileTooLarge,
    ImageTooLarge,
    UnsupportedImage,
    inspect_image,
)
from tests.uploads.helpers import image_bytes, png_header_only

TEN_MB = 10 * 1024 * 1024


@pytest.mark.parametrize(("pillow_format", "fmt", "content_type", "suffix"), [
    ("GIF", "gif", "image/gif", ".gif"),
    ("BMP", "bmp", "image/bmp", ".bmp"),
    ("JPEG", "jpeg", "image/jpeg", ".jpg"),
    ("PNG", "png", "image/png", ".png"),
])
def test_allowed_formats_are_described(pillow_format, fmt, content_type, suffix):
    info = inspect_image(image_bytes(pillow_format, size=(12, 7)), max_bytes=TEN_MB)
    assert (info.format, info.width, info.height, info.content_type, info.suffix) == (
        fmt, 12, 7, content_type, suffix)


def test_empty_is_refused():
    with pytest.raises(EmptyFile) as caught:
        inspect_image(b"", max_bytes=TEN_MB)
    assert caught.value.status_code == 422


def test_over_the_limit_is_413_with_the_limit_in_the_message():
    with pytest.raises(FileTooLarge) as caught:
        inspect_image(b"\0" * (TEN_MB + 1), max_bytes=TEN_MB)
    assert caught.value.status_code == 413
    assert caught.value.error == "file_too_large"
    assert caught.value.message == "图片不能超过 10 MB"


def test_exactly_the_limit_is_not_too_large():
    data = image_bytes("PNG")
    assert inspect_image(data, max_bytes=len(data)).format == "png"


def _other_format(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (1, 2, 3)).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.mark.parametrize("data", [
    pytest.param(b"hello, this is not an image", id="text"),
    pytest.param(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', id="svg"),
    pytest.param(b"%PDF-1.4\n%...", id="pdf"),
    pytest.param(_other_format("TIFF"), id="tiff"),
    pytest.param(_other_format("ICO"), id="ico"),
    pytest.param(_other_format("PPM"), id="ppm"),
])
def test_other_content_is_refused(data):
    with pytest.raises(UnsupportedImage) as caught:
        inspect_image(data, max_bytes=TEN_MB)
    assert caught.value.status_code == 422
    assert caught.value.error == "unsupported_image"
    assert caught.value.message == UNSUPPORTED_MESSAGE
    assert caught.value.errors == {"file": [UNSUPPORTED_MESSAGE]}


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "BMP"])
def test_truncated_image_is_refused(fmt):
    # Noise does not compress, so cutting the file loses pixel data, not just a trailer.
    noise = Image.frombytes("RGB", (64, 64), bytes(range(256)) * 48)
    buffer = io.BytesIO()
    noise.save(buffer, format=fmt)
    data = buffer.getvalue()
    with pytest.raises(UnsupportedImage):
        inspect_image(data[: len(data) // 2], max_bytes=TEN_MB)


def test_corrupted_png_checksum_is_refused():
    data = bytearray(image_bytes("PNG", size=(32, 32)))
    idat = data.index(b"IDAT")
    data[idat + 6] ^= 0xFF
    with pytest.raises(UnsupportedImage):
        inspect_image(bytes(data), max_bytes=TEN_MB)


def test_more_pixels_than_our_limit_is_refused():
    with pytest.raises(ImageTooLarge):
        inspect_image(image_bytes("PNG", size=(20, 20)), max_bytes=TEN_MB, max_pixels=399)
    assert inspect_image(image_bytes("PNG", size=(20, 20)), max_bytes=TEN_MB, max_pixels=400).width == 20


@pytest.mark.parametrize(("width", "height"), [
    pytest.param(10_000, 9_000, id="pillow-warning"),   # above MAX_IMAGE_PIXELS: Pillow only warns
    pytest.param(20_000, 20_000, id="pillow-error"),    # above twice that: Pillow raises
])
def test_decompression_bombs_are_refused_even_past_our_own_limit(width, height):
    with pytest.raises(ImageTooLarge):
        inspect_image(png_header_only(width, height), max_bytes=TEN_MB, max_pixels=10**12)


def test_pillow_bomb_warning_does_not_leak_out_of_the_check():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ImageTooLarge):
            inspect_image(png_header_only(10_000, 9_000), max_bytes=TEN_MB)


def test_multi_picture_jpeg_from_phone_cameras_is_a_jpeg():
    buffer = io.BytesIO()
    first, second = Image.new("RGB", (16, 12), (9, 9, 9)), Image.new("RGB", (16, 12), (1, 1, 1))
    first.save(buffer, format="MPO", save_all=True, append_images=[second])
    assert Image.open(io.BytesIO(buffer.getvalue())).format == "MPO"
    info = inspect_image(buffer.getvalue(), max_bytes=TEN_MB)
    assert (info.format, info.content_type, info.suffix, info.width) == ("jpeg", "image/jpeg", ".jpg", 16)


def test_animated_gif_is_accepted():
    buffer = io.BytesIO()
    frames = [Image.new("P", (10, 10), i) for i in range(3)]
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:], duration=100)
    assert inspect_image(buffer.getvalue(), max_bytes=TEN_MB).format == "gif"


def test_the_pixel_cap_is_read_from_the_header_and_named_in_the_refusal():
    # 7000 x 7000 claimed, a few bytes of pixel data: refused for its size, not as a truncated file.
    with pytest.raises(ImageTooLarge) as caught:
        inspect_image(png_header_only(7000, 7000), max_bytes=TEN_MB)
    assert caught.value.status_code == 422
    assert caught.value.message == "图片尺寸过大：最多 2500 万像素"
    assert caught.value.errors == {"file": ["图片尺寸过大：最多 2500 万像素"]}
    assert MAX_PIXELS == 25_000_000
    # Just under the cap, the same truncated data is what gets refused.
    with pytest.raises(UnsupportedImage):
        inspect_image(png_header_only(5000, 5000), max_bytes=TEN_MB)


def _every_slot_taken(stack: ExitStack) -> None:
    for _ in range(DECODE_SLOTS):
        stack.enter_context(decode_slot(0))


def test_too_many_pixels_is_refused_without_asking_for_a_decode_slot():
    with ExitStack() as stack:
        _every_slot_taken(stack)
        with pytest.raises(ImageTooLarge):
            inspect_image(png_header_only(7000, 7000), max_bytes=TEN_MB, decode_wait=0)
        with pytest.raises(UploadsBusy) as caught:
            inspect_image(image_bytes("PNG"), max_bytes=TEN_MB, decode_wait=0)
    assert (caught.value.status_code, caught.value.error, caught.value.message) == (
        503, "uploads_busy", "服务器繁忙，请稍后再试上传")
    assert inspect_image(image_bytes("PNG"), max_bytes=TEN_MB, decode_wait=0).format == "png"


def test_a_decode_waits_for_a_free_slot():
    results = []
    waiter = threading.Thread(target=lambda: results.append(
        inspect_image(image_bytes("PNG"), max_bytes=TEN_MB, decode_wait=None)), daemon=True)
    with ExitStack() as stack:
        _every_slot_taken(stack)
        waiter.start()
        waiter.join(0.3)
        assert waiter.is_alive() and results == []  # still waiting: every slot is taken
    waiter.join()
    assert [info.format for info in results] == ["png"]


def test_at_most_the_slot_count_decode_at_once():
    # Noise does not compress: each decode inflates about 7 MB, long enough for threads to overlap.
    noise = Image.frombytes("RGB", (1500, 1500), os.urandom(1500 * 1500 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, format="PNG", compress_level=1)
    data = buffer.getvalue()
    threads = 3 * DECODE_SLOTS
    start = threading.Barrier(threads)
    results = []

    def upload():
        start.wait()
        results.append(inspect_image(data, max_bytes=TEN_MB, decode_wait=None).width)

    gauge.reset_peak()
    workers = [threading.Thread(target=upload) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert results == [1500] * threads
    assert 1 <= gauge.peak <= DECODE_SLOTS
    assert gauge.active == 0
