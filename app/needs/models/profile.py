"""Organisation profiles (完善信息 / 组织信息管理): required of a volunteer-service organisation before it
may claim, optional for a league; shown on the organisation's public page."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.core.timeutil import utcnow
from app.core.types import UTCDateTime
from app.extensions import db


class OrganisationProfile(db.Model):
    __tablename__ = "organisation_profiles"

    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), primary_key=True)
    registration_no: Mapped[str | None] = mapped_column(sa.String(30))  # 统一社会信用代码 / 登记证号
    registered_with: Mapped[str | None] = mapped_column(sa.String(100))  # 登记（备案）机关, or endorsing org
    contact_name: Mapped[str | None] = mapped_column(sa.String(30))
    contact_phone_enc: Mapped[str | None] = mapped_column(sa.String(255))
    service_areas: Mapped[list] = mapped_column(sa.JSON, default=list)  # 服务领域, catalogue-free labels
    introduction: Mapped[str | None] = mapped_column(sa.Text)
    logo_upload_id: Mapped[int | None] = mapped_column(sa.ForeignKey("uploads.id"))
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # every required field present
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
