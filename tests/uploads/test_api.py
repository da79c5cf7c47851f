"""The upload endpoints: status codes, the error envelope, permissions, headers, the spec."""
from __future__ import annotations

import io
from contextlib import ExitStack

import pytest
from PIL import Image

from app.core.runtime import storage
from app.extensions import db
from app.uploads.access import register_access_rule, unregister_access_rule
from app.uploads.decoding import DECODE_SLOTS, decode_slot
from app.uploads.models import Upload
from tests.uploads.helpers import image_bytes, make_user, post_image
from tests.uploads.links import content_path

TEN_MB = 10 * 1024 * 1024


def _envelope(response, code: int, error: str) -> dict:
    body = response.get_json()
    assert response.status_code == code, body
    assert (body["code"], body["error"]) == (code, error)
    assert body["message"] and body["status"]
    return body


def _stored(app, upload_id: int) -> Upload:
    with app.app_context():
        upload = db.session.get(Upload, upload_id)
        db.session.expunge(upload)
        return upload


@pytest.mark.parametrize(("fmt", "filename", "content_type"), [
    ("GIF", "a.gif", "image/gif"),
    ("BMP", "a.bmp", "image/bmp"),
    ("JPEG", "a.jpeg", "image/jpeg"),
    ("JPEG", "a.jpg", "image/jpeg"),
    ("PNG", "a.png", "image/png"),
])
def test_each_allowed_format_is_accepted(client, app, owner, fmt, filename, content_type):
    data = image_bytes(fmt, size=(10, 5))
    response = post_image(client, owner.headers, data, filename, content_type)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert set(body) == {"id", "url", "content_type", "size", "width", "height", "created_at"}
    assert (body["content_type"], body["width"], body["height"]) == (content_type, 10, 5)
    assert content_path(body["url"]) == f"/api/v1/uploads/{body['id']}/content"
    with client.get(body["url"]) as content:
        # Pillow's JPEGs lose their JFIF segment (metadata.py); the size is what is stored.
        assert body["size"] == len(content.data) <= len(data)
    assert _stored(app, body["id"]).owner_id == owner.id


def test_type_comes_from_content_not_name(client, app, owner):
    response = post_image(client, owner.headers, image_bytes("PNG"), "holiday.gif", "image/gif")
    assert response.status_code == 201
    assert response.get_json()["content_type"] == "image/png"
    assert _stored(app, response.get_json()["id"]).key.endswith(".png")


def test_text_named_jpg_is_refused(client, owner):
    response = post_image(client, owner.headers, b"just some text\n", "photo.jpg", "image/jpeg")
    body = _envelope(response, 422, "unsupported_image")
    assert body["message"] == "仅支持 gif、bmp、jpeg、jpg、png 格式的图片"
    assert body["errors"] == {"file": ["仅支持 gif、bmp、jpeg、jpg、png 格式的图片"]}


def test_truncated_image_is_refused(client, owner):
    data = image_bytes("JPEG", size=(64, 64))
    _envelope(post_image(client, owner.headers, data[:-200], "a.jpg"), 422, "unsupported_image")


def test_over_ten_mb_is_refused_with_413(client, app, owner):
    # Just over the limit, still inside the request cap: our own check answers.
    data = image_bytes("PNG") + b"\0" * TEN_MB
    body = _envelope(post_image(client, owner.headers, data), 413, "file_too_large")
    assert body["message"] == "图片不能超过 10 MB"
    with app.app_context():
        assert db.session.query(Upload).count() == 0


def test_request_far_over_the_cap_is_refused_with_413(client, owner):
    # Werkzeug stops reading at MAX_CONTENT_LENGTH; the envelope is the same shape.
    response = post_image(client, owner.headers, b"\0" * (TEN_MB + 200 * 1024))
    assert response.status_code == 413
    assert response.get_json()["code"] == 413


def test_missing_file_is_a_422_envelope(client, owner):
    response = client.post("/api/v1/uploads", headers=owner.headers, data={"other": "x"},
                           content_type="multipart/form-data")
    body = _envelope(response, 422, "validation_error")
    assert body["errors"] == {"file": ["请选择要上传的图片"]}


def test_empty_file_is_refused(client, owner):
    body = _envelope(post_image(client, owner.headers, b""), 422, "empty_file")
    assert "file" in body["errors"]


def test_signed_out_gets_401(client):
    _envelope(post_image(client, {}, image_bytes("PNG")), 401, "unauthorized")


def _upload(client, person, fmt="PNG") -> dict:
    response = post_image(client, person.headers, image_bytes(fmt, size=(9, 9)))
    assert response.status_code == 201
    return response.get_json()


def _plain(created: dict) -> str:
    """The content URL without its signature: only a token can open it."""
    return f"/api/v1/uploads/{created['id']}/content"


def test_owner_reads_metadata_and_bytes(client, owner):
    created = _upload(client, owner)
    meta = client.get(f"/api/v1/uploads/{created['id']}", headers=owner.headers)
    assert meta.status_code == 200
    assert meta.get_json() == created

    with client.get(_plain(created), headers=owner.headers) as content:
        assert content.status_code == 200
        assert content.data == image_bytes("PNG", size=(9, 9))
        assert content.headers["Content-Type"] == "image/png"
        assert content.headers["X-Content-Type-Options"] == "nosniff"
        assert content.headers["Cache-Control"] == "private, max-age=3600"
        assert content.headers["Content-Disposition"] == "inline"
        etag = content.headers["ETag"]

    with client.get(_plain(created), headers={**owner.headers, "If-None-Match": etag}) as again:
        assert again.status_code == 304


def test_someone_else_gets_the_same_404_as_for_a_missing_upload(client, owner, stranger):
    created = _upload(client, owner)
    missing = client.get("/api/v1/uploads/999999", headers=stranger.headers)
    missing_body = _envelope(missing, 404, "upload_not_found")
    for url in (f"/api/v1/uploads/{created['id']}", _plain(created)):
        response = client.get(url, headers=stranger.headers)
        assert response.get_json() == missing_body
    _envelope(client.get("/api/v1/uploads/999999/content", headers=stranger.headers), 404,
              "upload_not_found")


def test_reading_needs_sign_in_or_a_signed_link(client, owner):
    created = _upload(client, owner)
    _envelope(client.get(_plain(created)), 401, "unauthorized")
    # <image src> cannot send a token: the link the API handed out opens the bytes by itself.
    with client.get(created["url"]) as content:
        assert content.status_code == 200
        assert content.data == image_bytes("PNG", size=(9, 9))


def test_a_signed_link_is_stable_within_the_hour_and_lapses(app, client, owner):
    import time

    from app.api.uploads.links import content_url, signature_valid

    created = _upload(client, owner)
    with app.test_request_context():
        hour = 1_800_000_000 - 1_800_000_000 % 3600
        assert content_url(created["id"], now=hour + 5) == content_url(created["id"], now=hour + 3000)
        sig = content_url(created["id"], now=hour).split("sig=")[1]
        assert signature_valid(created["id"], sig, now=hour + 7199)
        assert not signature_valid(created["id"], sig, now=hour + 7201)
        assert not signature_valid(created["id"] + 1, sig, now=hour)  # bound to its upload
        assert not signature_valid(created["id"], sig[:-1] + ("0" if sig[-1] != "0" else "1"), now=hour)
        three_hours_ago = content_url(created["id"], now=time.time() - 3 * 3600).split("sig=")[1]
    lapsed = _envelope(client.get(_plain(created) + f"?sig={three_hours_ago}"), 401, "unauthorized")
    assert lapsed["message"] == "图片链接已过期，请刷新页面"
    for forged in ("99999999999.abc", "x.y", "", "1" * 40):
        assert client.get(_plain(created) + f"?sig={forged}").status_code == 401


def test_a_signed_link_to_a_deleted_upload_is_404(app, client, owner):
    from app.extensions import db
    from app.uploads.models import Upload

    created = _upload(client, owner)
    with app.app_context():
        db.session.delete(db.session.get(Upload, created["id"]))
        db.session.commit()
    _envelope(client.get(created["url"]), 404, "upload_not_found")


def test_platform_admin_reads_anyones_upload(client, owner, admin):
    created = _upload(client, owner)
    with client.get(_plain(created), headers=admin.headers) as response:
        assert response.status_code == 200


def test_a_features_access_rule_opens_an_attached_upload(client, app, owner, stranger):
    from app.core.unit_of_work import unit_of_work
    from app.uploads.services import attach_uploads

    created = _upload(client, owner)
    register_access_rule("test_record", lambda actor, record_id: record_id == 11)
    try:
        with app.app_context(), unit_of_work():
            attach_uploads([created["id"]], actor_user_id=owner.id, kind="test_record", target_id=11)
        with client.get(_plain(created), headers=stranger.headers) as response:
            assert response.status_code == 200
        with app.app_context(), unit_of_work():
            attach_uploads([], actor_user_id=owner.id, kind="test_record", target_id=11)
            attach_uploads([created["id"]], actor_user_id=owner.id, kind="test_record", target_id=12)
        assert client.get(_plain(created), headers=stranger.headers).status_code == 404
    finally:
        unregister_access_rule("test_record")


def test_lost_file_is_a_404_not_a_500(client, app, owner):
    created = _upload(client, owner)
    with app.app_context():
        storage().delete(_stored(app, created["id"]).key)
    _envelope(client.get(created["url"], headers=owner.headers), 404, "upload_not_found")


def test_ids_past_int32_do_not_reach_the_database(client, owner):
    _envelope(client.get("/api/v1/uploads/2147483648", headers=owner.headers), 404, "not_found")


def test_uploads_are_rate_limited_per_user(client, owner, stranger):
    data = image_bytes("GIF", size=(2, 2))
    codes = [post_image(client, owner.headers, data, "a.gif").status_code for _ in range(31)]
    assert codes == [201] * 30 + [429]
    _envelope(post_image(client, owner.headers, data, "a.gif"), 429, "too_many_requests")
    assert post_image(client, stranger.headers, data, "a.gif").status_code == 201


def test_openapi_documents_multipart_upload_and_binary_content(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    post = spec["paths"]["/api/v1/uploads"]["post"]
    multipart = post["requestBody"]["content"]["multipart/form-data"]["schema"]
    if "$ref" in multipart:
        multipart = spec["components"]["schemas"][multipart["$ref"].rsplit("/", 1)[1]]
    assert multipart["properties"]["file"] == {
        "type": "string", "format": "binary",
        "description": "图片文件：gif、bmp、jpeg、jpg、png，不超过 10 MB"}
    assert multipart["required"] == ["file"]
    assert post["summary"] == "上传一张图片（gif、bmp、jpeg、jpg、png，不超过 10 MB）"
    assert {"201", "413", "422", "429", "503"} <= set(post["responses"])
    content = spec["paths"]["/api/v1/uploads/{upload_id}/content"]["get"]
    assert content["responses"]["200"]["content"]["image/*"]["schema"] == {
        "type": "string", "format": "binary"}


def test_every_upload_view_carries_a_policy(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/uploads"):
            view_class = app.view_functions[rule.endpoint].view_class
            # The bytes open with a signed link or a token (the view checks which); the rest need a token.
            expected = "public" if rule.rule.endswith("/content") else "signed_in"
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert getattr(getattr(view_class, method.lower()), "policy", None) == expected


def test_a_7000_by_7000_png_is_refused_naming_the_pixel_cap(client, app, owner):
    buffer = io.BytesIO()
    Image.new("1", (7000, 7000)).save(buffer, format="PNG")  # all zero: a few kilobytes
    body = _envelope(post_image(client, owner.headers, buffer.getvalue()), 422, "image_too_large")
    assert body["message"] == "图片尺寸过大：最多 2500 万像素"
    assert body["errors"] == {"file": ["图片尺寸过大：最多 2500 万像素"]}
    with app.app_context():
        assert db.session.query(Upload).count() == 0


def test_an_upload_finding_every_decode_slot_busy_is_a_503(client, app, owner, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_DECODE_WAIT", 0)
    with ExitStack() as stack:
        for _ in range(DECODE_SLOTS):
            stack.enter_context(decode_slot(0))
        body = _envelope(post_image(client, owner.headers, image_bytes("PNG")), 503, "uploads_busy")
        assert body["message"] == "服务器繁忙，请稍后再试上传"
        with app.app_context():
            assert db.session.query(Upload).count() == 0
    assert post_image(client, owner.headers, image_bytes("PNG")).status_code == 201


def test_a_users_upload_limit_follows_them_across_addresses(client, app, owner, stranger, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_UPLOAD_USER", "3 per minute")
    data = image_bytes("GIF", size=(2, 2))
    codes = [post_image(client, owner.headers, data, "a.gif", address=f"10.0.0.{n}").status_code
             for n in range(1, 5)]
    assert codes == [201, 201, 201, 429]
    _envelope(post_image(client, owner.headers, data, "a.gif", address="10.0.0.9"), 429,
              "too_many_requests")
    # Another user on an address the first one used is not held back.
    assert post_image(client, stranger.headers, data, "a.gif", address="10.0.0.1").status_code == 201


def test_an_addresss_upload_limit_covers_every_user_behind_it(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_UPLOAD_ADDRESS", "3 per minute")
    data = image_bytes("GIF", size=(2, 2))
    people = [make_user(app)[1] for _ in range(5)]
    codes = [post_image(client, headers, data, "a.gif", address="10.0.1.1").status_code
             for headers in people[:4]]
    assert codes == [201, 201, 201, 429]
    _envelope(post_image(client, people[4], data, "a.gif", address="10.0.1.1"), 429, "too_many_requests")
    # The same user from another address is not held back.
    assert post_image(client, people[3], data, "a.gif", address="10.0.1.2").status_code == 201
