"""WeChat message templates: ids from the environment, and how our message fields map onto each
template's keys. The key's prefix is WeChat's value type (thing ≤ 20 chars, time, phrase ≤ 5 …);
values are sanitised to those limits before sending.

Our message fields (what a route renders): title, summary, at, result, reason, status, start_at, place.
"""
from __future__ import annotations

import os


def _id(name: str, default: str) -> str:
    return os.environ.get(name) or default


# Mini-program one-time subscribe templates (订阅消息), applied for in the MP console.
MP_TEMPLATES: dict[str, dict] = {
    "todo": {"id": _id("WECHAT_MP_TPL_TODO", "mp-tpl-todo"),
             "fields": {"thing1": "title", "thing2": "summary", "time3": "at"}},
    "review_result": {"id": _id("WECHAT_MP_TPL_REVIEW_RESULT", "mp-tpl-review-result"),
                      "fields": {"thing1": "title", "phrase2": "result", "thing3": "reason", "time4": "at"}},
    "status_change": {"id": _id("WECHAT_MP_TPL_STATUS_CHANGE", "mp-tpl-status-change"),
                      "fields": {"thing1": "title", "phrase2": "status", "time3": "at"}},
    "service_reminder": {"id": _id("WECHAT_MP_TPL_SERVICE_REMINDER", "mp-tpl-service-reminder"),
                         "fields": {"thing1": "title", "time2": "start_at", "thing3": "place"}},
}

# Official-account template messages (模板消息) for staff who follow the official account.
OA_TEMPLATES: dict[str, dict] = {
    "todo": {"id": _id("WECHAT_OA_TPL_TODO", "oa-tpl-todo"),
             "fields": {"thing1": "title", "thing2": "summary", "time3": "at"}},
    "review_result": {"id": _id("WECHAT_OA_TPL_REVIEW_RESULT", "oa-tpl-review-result"),
                      "fields": {"thing1": "title", "phrase2": "result", "time3": "at"}},
    "status_change": {"id": _id("WECHAT_OA_TPL_STATUS_CHANGE", "oa-tpl-status-change"),
                      "fields": {"thing1": "title", "phrase2": "status", "time3": "at"}},
}
