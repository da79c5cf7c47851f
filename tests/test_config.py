"""Production refuses development secrets; development needs nothing."""
from __future__ import annotations

import base64
import os

import pytest

from config.settings import DEV_PII_KEY, DEV_PUSH_SECRETS, DEV_SECRET_KEY, ProductionConfig, load_config


def production(**overrides):
    config = ProductionConfig()
    values = {"SECRET_KEY": "s" * 40, "PII_ENCRYPTION_KEY": base64.b64encode(os.urandom(32)).decode(),
              "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://db/timebank", "REDIS_URL": "redis://r:6379/0",
              "WECHAT_MP_SECRET": "real-mp", "WECHAT_OA_SECRET": "real-oa",
              "WECHAT_API_BASE": "https://api.weixin.qq.com", "PUBLIC_BASE_URL": "https://timebank.example.cn",
              "WECHAT_OA_TOKEN": "real-oa-token", "WECHAT_OA_AES_KEY": "K" * 43,
              "WECHAT_MP_PUSH_TOKEN": "real-mp-token", "WECHAT_MP_PUSH_AES_KEY": "M" * 43}
    values.update(overrides)
    for key, value in values.items():
        setattr(config, key, value)
    return config


def test_complete_production_settings_pass():
    production().validate()


@pytest.mark.parametrize("override,needle", [
    ({"SECRET_KEY": DEV_SECRET_KEY}, "SECRET_KEY"),
    ({"SECRET_KEY": "short"}, "SECRET_KEY"),
    ({"PII_ENCRYPTION_KEY": DEV_PII_KEY}, "PII_ENCRYPTION_KEY"),
    ({"SQLALCHEMY_DATABASE_URI": "sqlite:///x.db"}, "DATABASE_URL"),
    ({"REDIS_URL": None}, "REDIS_URL"),
    ({"WECHAT_MP_SECRET": "dev-wechat-secret"}, "WECHAT_MP_SECRET"),
    ({"WECHAT_API_BASE": "http://127.0.0.1:8765"}, "WECHAT_API_BASE"),
    ({"WECHAT_OA_TOKEN": "devtoken"}, "WECHAT_OA_TOKEN"),
    ({"WECHAT_OA_AES_KEY": "a" * 43}, "WECHAT_OA_AES_KEY"),
    ({"WECHAT_OA_AES_KEY": "short"}, "WECHAT_OA_AES_KEY"),
    ({"WECHAT_MP_PUSH_TOKEN": "devmppushtoken"}, "WECHAT_MP_PUSH_TOKEN"),
    ({"WECHAT_MP_PUSH_AES_KEY": "b" * 43}, "WECHAT_MP_PUSH_AES_KEY"),
    ({"PUBLIC_BASE_URL": "http://127.0.0.1:5000"}, "PUBLIC_BASE_URL"),
    ({"PUBLIC_BASE_URL": None}, "PUBLIC_BASE_URL"),
])
def test_production_refuses_development_values(override, needle):
    with pytest.raises(RuntimeError, match=needle):
        production(**override).validate()


@pytest.mark.parametrize("enabled", [False, True])
def test_mp_push_secrets_are_refused_whether_or_not_push_is_enabled(enabled):
    # The callback is mounted either way, so a known token forges pushes either way.
    with pytest.raises(RuntimeError, match="WECHAT_MP_PUSH_TOKEN"):
        production(WECHAT_MP_PUSH_ENABLED=enabled, WECHAT_MP_PUSH_TOKEN="devmppushtoken").validate()


def test_each_development_value_is_named_in_one_refusal():
    with pytest.raises(RuntimeError) as refused:
        production(**DEV_PUSH_SECRETS, PUBLIC_BASE_URL="http://127.0.0.1:5000").validate()
    for name in ("WECHAT_OA_TOKEN", "WECHAT_OA_AES_KEY", "WECHAT_MP_PUSH_TOKEN", "WECHAT_MP_PUSH_AES_KEY",
                 "PUBLIC_BASE_URL"):
        assert name in str(refused.value)


def test_unknown_environment_name_is_refused():
    with pytest.raises(RuntimeError, match="TIMEBANK_ENV"):
        load_config("staging")


def test_development_defaults_need_no_services():
    config = load_config("development")
    assert config.SQLALCHEMY_DATABASE_URI.startswith("sqlite")
    assert config.celery_settings()["broker_url"] in ("filesystem://", os.environ.get("REDIS_URL"))
    assert config.WECHAT_API_BASE.startswith("http://127.0.0.1")
