"""The domain error tree. Services raise these; the API maps each to the one error envelope.

`error` is a stable machine id the client switches on; `message` is Chinese, for people.
"""
from __future__ import annotations


class DomainError(Exception):
    status_code = 400
    error = "bad_request"
    message = "请求有误"
    # When True, unit_of_work commits what the use case did before refusing (see unit_of_work).
    keep_changes = False

    def __init__(self, message: str | None = None, *, error: str | None = None,
                 errors: dict | None = None, status_code: int | None = None, keep_changes: bool = False):
        super().__init__(message or self.message)
        self.message = message or self.message
        self.error = error or self.error
        self.errors = errors or {}
        self.keep_changes = keep_changes
        if status_code is not None:
            self.status_code = status_code


class InvalidInput(DomainError):
    status_code = 422
    error = "validation_error"
    message = "提交的内容有误，请检查后重试"


class Unauthorized(DomainError):
    status_code = 401
    error = "unauthorized"
    message = "请先登录"


class Forbidden(DomainError):
    status_code = 403
    error = "forbidden"
    message = "没有权限执行此操作"


class NotFound(DomainError):
    status_code = 404
    error = "not_found"
    message = "内容不存在或已被删除"


class Conflict(DomainError):
    status_code = 409
    error = "conflict"
    message = "操作与当前状态冲突"


class TooManyRequests(DomainError):
    status_code = 429
    error = "too_many_requests"
    message = "操作太频繁，请稍后再试"


class ServiceUnavailable(DomainError):
    status_code = 503
    error = "service_unavailable"
    message = "服务繁忙，请稍后再试"
