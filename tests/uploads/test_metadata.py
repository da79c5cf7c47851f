"""Uploads lose GPS and other metadata, keep their pixels and orientation, and stay valid images."""
from __future__ import annotations

import io

from PIL import Image, PngImagePlugin

from app.uploads.images import inspect_image
from app.uploads.metadata import strip_metadata

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
