"""Uploads lose GPS and other metadata, keep their pixels and orientation, and stay valid images."""
from __future__ import annotations

import io
import os
import struct
import zlib

from PIL import Image, ImageOps, ImageSequence, PngImagePlugin

from app.uploads.images import inspect_image
from app.uploads.metadata import strip_metadata
from tests.uploads.helpers import make_user, post_image

GPS_IFD, ORIENTATION, MAKE = 0x8825, 0x0112, 0x010F


def _jpeg_with_exif(orientation=6) -> bytes:
    image = Image.new("RGB", (64, 32), "blue")
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[MAKE] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (23.0, 9.0, 30.0), 3: "E", 4: (113.0, 20.0, 10.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, comment=b"taken at home")
    return buffer.getvalue()


def test_jpeg_loses_gps_and_comments_but_keeps_orientation_and_pixels():
    original = _jpeg_with_exif()
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif().get_ifd(GPS_IFD)
        pixels_before = before.tobytes()
    stripped = strip_metadata(original, "jpeg")
    with Image.open(io.BytesIO(stripped)) as after:
        exif = after.getexif()
        assert dict(exif) == {ORIENTATION: 6}
        assert not exif.get_ifd(GPS_IFD)
        assert b"taken at home" not in stripped and b"PhoneMaker" not in stripped
        assert after.tobytes() == pixels_before  # no re-encoding
    assert inspect_image(stripped, max_bytes=10 * 1024 * 1024).format == "jpeg"


def test_jpeg_without_orientation_gets_no_exif_at_all():
    stripped = strip_metadata(_jpeg_with_exif(orientation=1), "jpeg")
    with Image.open(io.BytesIO(stripped)) as after:
        assert dict(after.getexif()) == {}


def test_multi_picture_jpeg_keeps_only_its_primary_image():
    primary, second = _jpeg_with_exif(), _jpeg_with_exif()
    stripped = strip_metadata(primary + second, "jpeg")
    assert stripped.count(b"\xff\xd8") == 1 and stripped.endswith(b"\xff\xd9")
    with Image.open(io.BytesIO(stripped)) as after:
        after.load()


def test_png_loses_text_and_exif_chunks():
    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "23.15N 113.33E")
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "PNG", pnginfo=info, exif=exif)
    stripped = strip_metadata(buffer.getvalue(), "png")
    assert b"Location" not in stripped and b"PhoneMaker" not in stripped
    with Image.open(io.BytesIO(stripped)) as after:
        after.load()
        assert after.size == (8, 8) and not after.text


def test_upload_endpoint_stores_the_stripped_bytes(client, app_ctx):
    from app.core.runtime import storage
    from app.extensions import db
    from app.uploads.models import Upload
    from tests.factories import auth, make_user, token_for

    token = token_for(make_user(mp_openid="o-photographer"))
    response = client.post("/api/v1/uploads", headers=auth(token),
                           data={"file": (io.BytesIO(_jpeg_with_exif()), "photo.jpg")},
                           content_type="multipart/form-data")
    assert response.status_code == 201, response.json
    upload = db.session.get(Upload, response.json["id"])
    with storage().open(upload.key) as fh:
        stored = fh.read()
    assert upload.size == len(stored)
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif().get_ifd(GPS_IFD)


def test_a_jpeg_whose_segments_cannot_be_walked_is_refused_not_a_500(client, app_ctx):
    from tests.factories import auth, make_user, token_for

    good = _jpeg_with_exif()
    # A valid image to Pillow's probe, but with a segment length pointing past the end of the file.
    broken = good[:2] + b"\xff\xfe\xff\xff" + good[2:]
    token = token_for(make_user(mp_openid="o-broken"))
    response = client.post("/api/v1/uploads", headers=auth(token),
                           data={"file": (io.BytesIO(broken), "photo.jpg")}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert response.json["error"] == "unsupported_image"


MARKER = b"SECRET-HOME-ADDRESS-42"


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _noise(mode: str, size=(24, 16)) -> Image.Image:
    return Image.frombytes(mode, size, os.urandom(size[0] * size[1] * len(mode)))


def _saved(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def _round_trip(client, app, data: bytes, filename: str) -> bytes:
    """Upload `data` through the API and read back the stored bytes."""
    user_id, headers = make_user(app)
    response = post_image(client, headers, data, filename)
    assert response.status_code == 201, response.get_json()
    with client.get(response.get_json()["url"]) as content:
        assert content.status_code == 200
        assert response.get_json()["size"] == len(content.data)
        return content.data


def _pixels(data: bytes) -> list[bytes]:
    """Every frame's pixels, as the viewer shows them (orientation applied)."""
    frames = []
    with Image.open(io.BytesIO(data)) as image:
        for frame in ImageSequence.Iterator(image):
            frames.append(ImageOps.exif_transpose(frame.convert("RGBA")).tobytes())
    return frames


def test_jpeg_loses_every_app_segment_and_comment(client, app):
    original = _saved(_noise("RGB"), "JPEG", quality=90)
    extra = b"".join(_segment(marker, b"X" + MARKER) for marker in range(0xE0, 0xF0) if marker != 0xE1)
    data = original[:2] + extra + _segment(0xFE, MARKER) + original[2:]
    assert data.count(MARKER) == 16
    stored = _round_trip(client, app, data, "a.jpg")
    assert MARKER not in stored
    assert _pixels(stored) == _pixels(original)


def test_comments_between_the_scans_of_a_progressive_jpeg_go_too(client, app):
    original = _saved(_noise("RGB"), "JPEG", quality=90, progressive=True)
    second_scan = original.index(b"\xff\xda", original.index(b"\xff\xda") + 2)
    data = original[:second_scan] + _segment(0xFE, MARKER) + _segment(0xEB, MARKER) + original[second_scan:]
    stored = _round_trip(client, app, data, "a.jpg")
    assert MARKER not in stored
    assert _pixels(stored) == _pixels(original)


def test_an_exif_rotated_jpeg_keeps_its_orientation_and_nothing_else(client, app):
    original = _jpeg_with_exif(orientation=6)  # 64 x 32, shown 32 x 64
    stored = _round_trip(client, app, original, "a.jpg")
    assert b"PhoneMaker" not in stored and b"taken at home" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert dict(image.getexif()) == {ORIENTATION: 6}
        assert ImageOps.exif_transpose(image).size == (32, 64)
    assert _pixels(stored) == _pixels(original)


def test_png_keeps_only_the_chunks_that_make_its_pixels(client, app):
    original = _saved(_noise("RGBA"), "PNG")
    iend = original.rindex(b"IEND") - 4
    exif = Image.Exif()
    exif[MAKE] = MARKER.decode()
    metadata = b"".join([
        _png_chunk(b"tEXt", b"Comment\0" + MARKER),
        _png_chunk(b"zTXt", b"Comment\0\0" + zlib.compress(MARKER)),  # compressed: checked below too
        _png_chunk(b"iTXt", b"Comment\0\0\0\0\0" + MARKER),
        _png_chunk(b"eXIf", exif.tobytes()[6:]),
        _png_chunk(b"prIv", MARKER),
        _png_chunk(b"iCCP", b"Profile\0\0" + zlib.compress(MARKER)),
    ])
    data = original[:iend] + metadata + original[iend:]
    with Image.open(io.BytesIO(data)) as before:
        assert before.text and before.info.get("icc_profile")
    stored = _round_trip(client, app, data, "a.png")
    assert MARKER not in stored and zlib.compress(MARKER) not in stored
    for kind in (b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"prIv", b"iCCP"):
        assert kind not in stored
    assert _pixels(stored) == _pixels(original)


def test_an_animated_png_keeps_its_frames(client, app):
    frames = [_noise("RGB") for _ in range(3)]
    original = _saved(frames[0], "PNG", save_all=True, append_images=frames[1:], duration=80)
    stored = _round_trip(client, app, original, "a.png")
    assert len(_pixels(stored)) == 3 and _pixels(stored) == _pixels(original)


def _gif_extension(label: int, *blocks: bytes) -> bytes:
    return bytes([0x21, label]) + b"".join(bytes([len(b)]) + b for b in blocks) + b"\0"


def test_gif_loses_comments_and_foreign_extensions_and_stays_animated(client, app):
    frames = [Image.new("RGB", (10, 10), color) for color in ("red", "green", "blue")]
    original = _saved(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=120, loop=0)
    first_frame = original.index(b"\x21\xf9")  # the first graphic control extension
    data = (original[:first_frame]
            + _gif_extension(0xFE, MARKER)                        # comment
            + _gif_extension(0xFF, b"XMP DataXMP", MARKER)        # another application's data
            + _gif_extension(0x01, bytes(12), MARKER)             # plain text
            + original[first_frame:-1] + _gif_extension(0xFE, MARKER) + b"\x3b")
    stored = _round_trip(client, app, data, "a.gif")
    assert MARKER not in stored
    assert _pixels(stored) == _pixels(original) and len(_pixels(stored)) == 3
    with Image.open(io.BytesIO(stored)) as image:
        assert (image.n_frames, image.info["loop"], image.info["duration"]) == (3, 0, 120)


def test_bmp_loses_its_trailing_bytes(client, app):
    original = _saved(_noise("RGB"), "BMP")
    stored = _round_trip(client, app, original + MARKER, "a.bmp")
    assert MARKER not in stored
    assert _pixels(stored) == _pixels(original)
