"""Upload services against the real database and storage."""
from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa

from app.accounts.policy import Actor
from app.core.errors import InvalidInput
from app.core.runtime import storage
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.uploads.access import register_access_rule, unregister_access_rule
from app.uploads.images import UnsupportedImage
from app.uploads.models import Upload
from app.uploads.services import attach_uploads, attached_uploads, can_read, store_upload
from tests.uploads.helpers import image_bytes


def _store(owner_id: int, n: int = 1) -> list[int]:
    with unit_of_work():
        return [store_upload(owner_id, image_bytes("PNG", size=(4 + i, 4))).id for i in range(n)]


def test_store_upload_saves_bytes_and_row(app_ctx, owner):
    data = image_bytes("PNG", size=(30, 20))  # Pillow writes no metadata chunks: nothing to strip
    with unit_of_work():
        upload_id = store_upload(owner.id, data).id
    upload = db.session.get(Upload, upload_id)
    assert (upload.owner_id, upload.content_type, upload.size, upload.width, upload.height) == (
        owner.id, "image/png", len(data), 30, 20)
    assert upload.sha256 == hashlib.sha256(data).hexdigest()
    assert upload.key.endswith(".png") and upload.attached_kind is None
    with storage().open(upload.key) as fh:
        assert fh.read() == data


def test_refused_image_stores_nothing(app_ctx, owner):
    with pytest.raises(UnsupportedImage), unit_of_work():
        store_upload(owner.id, b"GIF89a but not really")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Upload)) == 0


def test_database_failure_removes_the_stored_file(app_ctx, owner, monkeypatch):
    with unit_of_work():
        taken = store_upload(owner.id, image_bytes("PNG")).key
    # Storage names the next file with the key already in the table: the insert must fail.
    monkeypatch.setattr("app.core.storage.secrets.token_hex", lambda n: taken.removesuffix(".png"))
    storage().delete(taken)
    with pytest.raises(sa.exc.IntegrityError), unit_of_work():
        store_upload(owner.id, image_bytes("PNG"))
    assert not storage().exists(taken)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Upload)) == 1


def test_flush_error_of_any_kind_removes_the_stored_file(app_ctx, owner, monkeypatch):
    saved = []
    real_save = storage().save

    def recording_save(data, suffix):
        saved.append(real_save(data, suffix))
        return saved[-1]

    monkeypatch.setattr(storage(), "save", recording_save)

    def broken_flush(*args, **kwargs):
        raise sa.exc.OperationalError("INSERT", {}, Exception("connection lost"))

    monkeypatch.setattr(db.session, "flush", broken_flush)
    with pytest.raises(sa.exc.OperationalError), unit_of_work():
        store_upload(owner.id, image_bytes("GIF"))
    assert saved and not storage().exists(saved[0])


def test_attach_sets_the_target_and_keeps_the_given_order(app_ctx, owner):
    ids = _store(owner.id, 3)
    with unit_of_work():
        attached = attach_uploads(list(reversed(ids)), actor_user_id=owner.id, kind="need", target_id=7)
        assert [u.id for u in attached] == list(reversed(ids))
    assert [u.id for u in attached_uploads("need", 7)] == ids


def test_attach_more_than_nine_is_refused(app_ctx, owner):
    ids = _store(owner.id, 10)
    with pytest.raises(InvalidInput) as caught, unit_of_work():
        attach_uploads(ids, actor_user_id=owner.id, kind="need", target_id=1)
    assert caught.value.errors == {"upload_ids": ["最多上传 9 张图片"]}
    assert attached_uploads("need", 1) == []


def test_attach_count_limits_and_field_name_are_the_callers(app_ctx, owner):
    ids = _store(owner.id, 2)
    with pytest.raises(InvalidInput) as caught, unit_of_work():
        attach_uploads(ids, actor_user_id=owner.id, kind="need", target_id=1, max_count=1,
                       field="photo_ids")
    assert caught.value.errors == {"photo_ids": ["最多上传 1 张图片"]}
    with pytest.raises(InvalidInput) as caught, unit_of_work():
        attach_uploads([], actor_user_id=owner.id, kind="need", target_id=1, min_count=1)
    assert caught.value.errors == {"upload_ids": ["至少上传 1 张图片"]}


def test_attach_duplicates_are_refused(app_ctx, owner):
    [upload_id] = _store(owner.id)
    with pytest.raises(InvalidInput) as caught, unit_of_work():
        attach_uploads([upload_id, upload_id], actor_user_id=owner.id, kind="need", target_id=1)
    assert caught.value.errors == {"upload_ids": ["同一张图片不能重复提交"]}


def test_attach_someone_elses_or_a_missing_upload_is_refused_alike(app_ctx, owner, stranger):
    [mine] = _store(owner.id)
    [theirs] = _store(stranger.id)
    for ids in ([mine, theirs], [mine, 999_999]):
        with pytest.raises(InvalidInput) as caught, unit_of_work():
            attach_uploads(ids, actor_user_id=owner.id, kind="need", target_id=1)
        assert caught.value.errors == {"upload_ids": {1: ["图片不存在或已被删除"]}}
    assert db.session.get(Upload, mine).attached_kind is None


def test_attach_an_upload_used_elsewhere_is_refused(app_ctx, owner):
    [upload_id] = _store(owner.id)
    with unit_of_work():
        attach_uploads([upload_id], actor_user_id=owner.id, kind="need", target_id=1)
    for kind, target_id in (("need", 2), ("activity", 1)):
        with pytest.raises(InvalidInput) as caught, unit_of_work():
            attach_uploads([upload_id], actor_user_id=owner.id, kind=kind, target_id=target_id)
        assert caught.value.errors == {"upload_ids": {0: ["图片已被其他内容使用"]}}
    upload = db.session.get(Upload, upload_id)
    assert (upload.attached_kind, upload.attached_id) == ("need", 1)


def test_editing_keeps_others_photos_on_the_same_target_and_detaches_dropped_ones(app_ctx, owner, stranger):
    [by_owner, dropped] = _store(owner.id, 2)
    [by_editor] = _store(stranger.id)
    with unit_of_work():
        attach_uploads([by_owner, dropped], actor_user_id=owner.id, kind="need", target_id=3)
    # Another person (say, a staff member editing the record) keeps one photo and adds their own.
    with unit_of_work():
        attach_uploads([by_owner, by_editor], actor_user_id=stranger.id, kind="need", target_id=3)
    assert [u.id for u in attached_uploads("need", 3)] == [by_owner, by_editor]
    assert db.session.get(Upload, dropped).attached_kind is None
    with unit_of_work():
        attach_uploads([], actor_user_id=owner.id, kind="need", target_id=3)
    assert attached_uploads("need", 3) == []


def test_can_read_owner_admin_and_registered_rules(app_ctx, owner, stranger):
    [upload_id] = _store(owner.id)
    upload = db.session.get(Upload, upload_id)
    assert can_read(Actor(user_id=owner.id), upload)
    assert can_read(Actor(user_id=stranger.id, is_platform_admin=True), upload)
    assert not can_read(Actor(user_id=stranger.id), upload)
    assert not can_read(None, upload)

    seen = []

    def rule(actor, target_id):
        seen.append(target_id)
        return actor.user_id == stranger.id

    register_access_rule("test_kind", rule)
    try:
        assert not can_read(Actor(user_id=stranger.id), upload)  # not attached yet: no rule applies
        with unit_of_work():
            attach_uploads([upload_id], actor_user_id=owner.id, kind="test_kind", target_id=5)
        upload = db.session.get(Upload, upload_id)
        assert can_read(Actor(user_id=stranger.id), upload)
        assert not can_read(Actor(user_id=stranger.id + 1000), upload)
        assert seen == [5, 5]
    finally:
        unregister_access_rule("test_kind")


def test_two_rules_for_one_kind_are_refused():
    def rule(actor, target):
        return True

    register_access_rule("test_once", rule)
    try:
        register_access_rule("test_once", rule)  # the same rule again (a re-import) is fine
        with pytest.raises(ValueError, match="already registered"):
            register_access_rule("test_once", lambda actor, target: False)
    finally:
        unregister_access_rule("test_once")
