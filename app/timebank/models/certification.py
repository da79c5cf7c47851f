"""Hours certification (订单时数认证): filed by the station, reviewed by the association (DOMAIN.md §3.4)."""
from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.timeutil import utcnow
from app.core.types import UTCDateTime, str_enum
from app.extensions import db
from app.timebank.models.order import WishOrder

LIVE_CERTIFICATION = "status IN ('pending', 'approved')"
RATINGS = ("rating_overall", "rating_arrangement", "rating_effect", "rating_attitude", "rating_skill",
           "rating_efficiency")


class CertificationStatus(enum.StrEnum):
    PENDING = "pending"    # 待审核
    APPROVED = "approved"  # 审核通过
    REJECTED = "rejected"  # 审核不通过 (back to the station)


class Certification(db.Model):
    __tablename__ = "certifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("wish_orders.id"), index=True)
    station_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"))
    service_date_start: Mapped[date]
    service_date_end: Mapped[date]
    beneficiary_person_times: Mapped[int]  # 服务对象人次
    beneficiary_headcount: Mapped[int]     # 服务对象人数
    volunteer_person_times: Mapped[int]    # 服务人员人次
    volunteer_headcount: Mapped[int]       # 服务人员人数
    service_summary: Mapped[str] = mapped_column(sa.Text)  # 服务情况纪要
    effect_summary: Mapped[str] = mapped_column(sa.Text)   # 成效小结
    rating_overall: Mapped[int]      # 订单服务总体评价
    rating_arrangement: Mapped[int]  # 订单服务安排内容
    rating_effect: Mapped[int]       # 订单服务服务效果
    rating_attitude: Mapped[int]     # 服务人员服务态度
    rating_skill: Mapped[int]        # 服务人员服务技能
    rating_efficiency: Mapped[int]   # 服务人员服务效率
    status: Mapped[CertificationStatus] = mapped_column(str_enum(CertificationStatus),
                                                        default=CertificationStatus.PENDING, index=True)
    status_reason: Mapped[str | None] = mapped_column(sa.String(200))
    filed_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    order: Mapped[WishOrder] = relationship(lazy="raise")
    hours: Mapped[list[CertifiedHours]] = relationship(back_populates="certification", lazy="selectin",
                                                       order_by="CertifiedHours.id")

    __table_args__ = (
        # One live certification per order; a rejected one may be filed again.
        sa.Index("uq_certifications_order_live", "order_id", unique=True,
                 postgresql_where=sa.text(LIVE_CERTIFICATION), sqlite_where=sa.text(LIVE_CERTIFICATION)),
        sa.CheckConstraint("service_date_start <= service_date_end", name="dates_ordered"),
        *(sa.CheckConstraint(f"{name} BETWEEN 1 AND 5", name=f"{name}_stars") for name in RATINGS),
        *(sa.CheckConstraint(f"{name} >= 0", name=f"{name}_not_negative")
          for name in ("beneficiary_person_times", "beneficiary_headcount", "volunteer_person_times",
                       "volunteer_headcount")),
    )


class CertifiedHours(db.Model):
    """Hours certified for one approved taker (时数): the basis of their points."""

    __tablename__ = "certified_hours"

    id: Mapped[int] = mapped_column(primary_key=True)
    certification_id: Mapped[int] = mapped_column(sa.ForeignKey("certifications.id", ondelete="CASCADE"))
    take_id: Mapped[int] = mapped_column(sa.ForeignKey("order_takes.id"))
    hours: Mapped[Decimal] = mapped_column(sa.Numeric(5, 1))
    points: Mapped[int | None]  # set when credited

    certification: Mapped[Certification] = relationship(back_populates="hours")

    __table_args__ = (sa.UniqueConstraint("certification_id", "take_id", name="uq_certified_hours_take"),
                      sa.CheckConstraint("hours > 0 AND hours <= 24 * 31", name="hours_range"))
