"""Upload use cases: store a checked image, attach uploads to a feature's record, decide who reads them.

Services flush and never commit: the route or task around them owns the transaction.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

import sqlalchemy as sa

from app.core.errors import Conflict, InvalidInput, NotFound
from app.core.runtime import setting, storage
from app.extensions import db
from app.uploads.access import Reader, access_rule
from app.uploads.decoding import decode_slot
from app.uploads.images import UNSUPPORTED_MESSAGE, UnsupportedImage, check_pixels, read_header
from app.uploads.metadata import strip_metadata
from app.uploads.models import Upload

_GONE = "图片不存在或已被删除"
_IN_USE = "图片已被其他内容使用"


def store_upload(owner_id: int, data: bytes) -> Upload:
    """Check `data` is an allowed image, strip it to pixels and orientation (metadata.py), store the
    bytes under a random key and add its row. UploadsBusy (503) when no decode slot frees up in time.

    The file is written before the row so a committed row always has its bytes. If the insert fails
    the file is removed at once. A commit that fails later leaves an orphan file, never a row
    without a file: after an ambiguous commit error the row may exist, so deleting then is unsafe.
    """
    # The header is judged first (too many pixels is refused without queueing for a decode slot).
    info = read_header(data, max_bytes=setting("UPLOAD_MAX_BYTES"))
    with decode_slot(setting("UPLOAD_DECODE_WAIT")):
        check_pixels(data, info)
        try:
            data = strip_metadata(data, info.format)
        except Exception as exc:  # a layout our walkers cannot follow, EXIF Pillow cannot read
            raise UnsupportedImage(errors={"file": [UNSUPPORTED_MESSAGE]}) from exc
    store = storage()
    key = store.save(data, info.suffix)
    upload = Upload(key=key, owner_id=owner_id, content_type=info.content_type, size=len(data),
                    width=info.width, height=info.height, sha256=hashlib.sha256(data).hexdigest())
    try:
        db.session.add(upload)
        db.session.flush()
    except BaseException:
        store.delete(key)
        raise
    return upload


def _invalid(field: str, message: str, index: int | None = None) -> InvalidInput:
    # Per-item errors are keyed by position, the way marshmallow reports errors inside a list.
    return InvalidInput(message, errors={field: [message] if index is None else {index: [message]}})


def attach_uploads(upload_ids: Iterable[int], *, actor_user_id: int, kind: str, target_id: int,
                   min_count: int = 0, max_count: int = 9, field: str = "upload_ids") -> list[Upload]:
    """Make `upload_ids` the complete set of uploads attached to (`kind`, `target_id`).

    Each id must be the actor's own unattached upload, or already attached to this same target (an
    edit resubmits the photos it keeps, whoever uploaded them). Uploads attached to the target but
    missing from the list are detached. Returns the uploads in the order given. Raises InvalidInput
    (errors under `field`) for duplicates, a count outside [min_count, max_count], an unknown or
    foreign id, or an upload already used elsewhere.
    """
    ids = list(upload_ids)
    if len(set(ids)) != len(ids):
        raise _invalid(field, "同一张图片不能重复提交")
    if len(ids) > max_count:
        raise _invalid(field, f"最多上传 {max_count} 张图片")
    if len(ids) < min_count:
        raise _invalid(field, f"至少上传 {min_count} 张图片")

    rows = {u.id: u for u in db.session.scalars(
        sa.select(Upload).where(Upload.id.in_(ids)).with_for_update())} if ids else {}
    for index, upload_id in enumerate(ids):
        upload = rows.get(upload_id)
        here = upload is not None and upload.attached_kind == kind and upload.attached_id == target_id
        if upload is None or not (here or upload.owner_id == actor_user_id):
            # Someone else's unattached upload looks exactly like a missing one.
            raise _invalid(field, _GONE, index)
        if upload.attached_kind is not None and not here:
            raise _invalid(field, _IN_USE, index)

    claimable = sa.or_(
        sa.and_(Upload.attached_kind.is_(None), Upload.owner_id == actor_user_id),
        sa.and_(Upload.attached_kind == kind, Upload.attached_id == target_id))
    if ids:
        # The guarded UPDATE, not the read above, is what keeps two requests from claiming one file.
        claimed = db.session.execute(
            sa.update(Upload).where(Upload.id.in_(ids), claimable)
            .values(attached_kind=kind, attached_id=target_id)
            .execution_options(synchronize_session="fetch"))
        if claimed.rowcount != len(ids):
            raise Conflict("图片状态已变化，请刷新后重试", error="upload_conflict")
    db.session.execute(
        sa.update(Upload).where(Upload.attached_kind == kind, Upload.attached_id == target_id,
                                Upload.id.not_in(ids))
        .values(attached_kind=None, attached_id=None)
        .execution_options(synchronize_session="fetch"))
    return [rows[upload_id] for upload_id in ids]


def attached_uploads(kind: str, target_id: int) -> list[Upload]:
    """The uploads attached to one record, oldest first."""
    return list(db.session.scalars(
        sa.select(Upload).where(Upload.attached_kind == kind, Upload.attached_id == target_id)
        .order_by(Upload.id)))


def can_read(actor: Reader | None, upload: Upload) -> bool:
    """The owner, platform administrators, and whoever the attaching feature's rule admits."""
    if actor is None:
        return False
    if upload.owner_id == actor.user_id or actor.is_platform_admin:
        return True
    rule = access_rule(upload.attached_kind)
    return bool(rule is not None and upload.attached_id is not None
                and rule(actor, upload.attached_id))


def linked_upload(upload_id: int) -> Upload:
    """The upload behind a signed link; NotFound once it is gone."""
    upload = db.session.get(Upload, upload_id)
    if upload is None:
        raise NotFound(_GONE, error="upload_not_found")
    return upload


def readable_upload(actor: Reader | None, upload_id: int) -> Upload:
    """The upload if `actor` may read it; NotFound otherwise, so probing ids reveals nothing."""
    upload = db.session.get(Upload, upload_id)
    if upload is None or not can_read(actor, upload):
        raise NotFound(_GONE, error="upload_not_found")
    return upload
