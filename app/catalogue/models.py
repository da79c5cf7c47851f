"""Catalogue entries (字典项): one table for every pick-list, keyed by kind."""
from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.types import str_enum
from app.extensions import db


class CatalogueKind(enum.StrEnum):
    SERVICE_ITEM = "service_item"                  # 服务项目
    SERVICE_TYPE = "service_type"                  # 服务类型
    BENEFICIARY_CATEGORY = "beneficiary_category"  # 服务对象类别
    POLITICAL_STATUS = "political_status"          # 政治面貌
    SELF_CARE_LEVEL = "self_care_level"            # 自理能力等级
    LIVING_STATUS = "living_status"                # 居住状态
    ACTIVITY_CATEGORY = "activity_category"        # 活动类别: what the activity is about (助老助残 …)
    ACTIVITY_TYPE = "activity_type"                # 活动类型: what kind of activity it is (日常服务 …)


class CatalogueEntry(db.Model):
    __tablename__ = "catalogue_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[CatalogueKind] = mapped_column(str_enum(CatalogueKind, length=30))
    code: Mapped[str] = mapped_column(sa.String(30))
    name: Mapped[str] = mapped_column(sa.String(50))
    sort_order: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)

    __table_args__ = (sa.UniqueConstraint("kind", "code", name="uq_catalogue_entries_kind_code"),)
