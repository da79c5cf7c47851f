"""Helpers to talk to the session's fake WeChat with plain requests."""
from __future__ import annotations

import json

import pytest
import requests

from tests.conftest import MP_APPID, OA_APPID


class Wire:
    """Plain HTTP against the fake, posting JSON without a Content-Type header as wechatpy does."""

    def __init__(self, base_url: str):
        self.base_url = base_url

    def get(self, url_path: str, /, **params):
        return requests.get(self.base_url + url_path, params=params, timeout=5, allow_redirects=False)

    def post(self, url_path: str, body=None, /, **params):
        if isinstance(body, dict):
            body = json.dumps(body, ensure_ascii=False).encode("utf-8")
        return requests.post(self.base_url + url_path, params=params, data=body, timeout=5)

    def token(self, appid: str = MP_APPID) -> str:
        answer = self.post("/cgi-bin/stable_token", {"grant_type": "client_credential", "appid": appid,
                                                     "secret": "s", "force_refresh": False}).json()
        return answer["access_token"]

    def mp_token(self) -> str:
        return self.token(MP_APPID)

    def oa_token(self) -> str:
        return self.token(OA_APPID)


@pytest.fixture
def wire(fake_wechat):
    return Wire(fake_wechat.base_url)
