"""Image uploads: any signed-in user uploads; only those allowed may read an upload back."""
from __future__ import annotations

from flask import request, send_file
from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.ratelimits import upload_address_limit, upload_user_limit
from app.api.security import current_actor, public, signed_in
from app.api.uploads.links import signature_valid
from app.api.uploads.schemas import UploadCreateSchema, UploadSchema
from app.core.errors import NotFound, Unauthorized
from app.core.runtime import setting, storage
from app.core.unit_of_work import unit_of_work
from app.extensions import limiter
from app.uploads.services import linked_upload, readable_upload, store_upload

blp = Blueprint("uploads", __name__, description="图片上传")

_BINARY = {"type": "string", "format": "binary"}


def _per_user() -> str:
    # Mobile users share carrier NAT addresses, so the address limit is the looser of the two.
    return f"upload:user:{current_actor().user_id}"


@blp.route("")
class Uploads(MethodView):
    @signed_in
    @limiter.limit(upload_user_limit, key_func=_per_user)
    @limiter.limit(upload_address_limit)  # the limiter's own key: the client address
    @blp.arguments(UploadCreateSchema, location="files")
    @blp.response(201, UploadSchema)
    @blp.alt_response(413, response="DEFAULT_ERROR", description="图片超过 10 MB")
    @blp.alt_response(429, response="DEFAULT_ERROR", description="上传太频繁")
    @blp.alt_response(503, response="DEFAULT_ERROR", description="服务器繁忙，请稍后再试上传")
    @blp.errors(413, "file_too_large")
    @blp.errors(422, "empty_file", "unsupported_image", "image_too_large")
    @blp.errors(503, "uploads_busy")
    def post(self, files):
        """上传一张图片（gif、bmp、jpeg、jpg、png，不超过 10 MB）"""
        # Read one byte past the limit: enough to tell "too large" without buffering more.
        data = files["file"].read(setting("UPLOAD_MAX_BYTES") + 1)
        with unit_of_work():
            upload = store_upload(current_actor().user_id, data)
        return upload


@blp.route("/<int(max=2147483647):upload_id>")
class UploadDetail(MethodView):
    @signed_in
    @blp.response(200, UploadSchema)
    @blp.alt_response(404, response="DEFAULT_ERROR", description="图片不存在或无权查看")
    @blp.errors(404, "upload_not_found")
    def get(self, upload_id: int):
        """查看图片信息"""
        return readable_upload(current_actor(), upload_id)


@blp.route("/<int(max=2147483647):upload_id>/content")
class UploadContent(MethodView):
    @public
    @blp.response(200, _BINARY, content_type="image/*", description="图片原始内容")
    @blp.alt_response(401, response="DEFAULT_ERROR", description="未登录且链接无签名或签名已过期")
    @blp.alt_response(404, response="DEFAULT_ERROR", description="图片不存在或无权查看")
    @blp.errors(404, "upload_not_found")
    def get(self, upload_id: int):
        """下载图片内容：带响应中给出的签名链接（sig）即可访问，或携带登录凭证"""
        sig = request.args.get("sig")
        if signature_valid(upload_id, sig):
            # The link was handed to someone allowed to see the photo (links.py).
            upload = linked_upload(upload_id)
        elif current_actor() is not None:
            upload = readable_upload(current_actor(), upload_id)
        else:
            raise Unauthorized("图片链接已过期，请刷新页面" if sig else "请先登录")
        try:
            stream = storage().open(upload.key)
        except FileNotFoundError as exc:
            raise NotFound("图片不存在或已被删除", error="upload_not_found") from exc
        response = send_file(stream, mimetype=upload.content_type, etag=upload.sha256,
                             conditional=True)
        # The bytes are personal (beneficiaries' photos): shared caches must not keep them.
        response.headers["Cache-Control"] = "private, max-age=3600"
        response.headers["Content-Disposition"] = "inline"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Content-Security-Policy"] = "default-src 'none'"
        return response
