"""Activities (志愿活动) and sign-ups (报名). One model for community activities and for the activities a
volunteer-service organisation publishes for a claimed need."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import Organisation, Region, User
from app.catalogue.models import CatalogueEntry
from app.core.timeutil import utcnow
from app.core.types import UTCDateTime, str_enum
from app.extensions import db

LIVE_SIGNUP = "status = 'signed_up'"


class ActivityStatus(enum.StrEnum):
    RECRUITING = "recruiting"  # 进行中 (recruiting: volunteers may sign up)
    ENDED = "ended"            # 已结束
    CANCELLED = "cancelled"    # 已取消


class SignupStatus(enum.StrEnum):
    SIGNED_UP = "signed_up"  # 已报名: holds a place
    CANCELLED = "cancelled"  # 已取消 by the volunteer before the start


class Activity(db.Model):
    __tablename__ = "activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    publisher_org_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    published_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(sa.String(120))
    # 活动类别 (catalogue activity_category: what it is about) and 活动类型 (activity_type: what kind of
    # activity), two fields as DOMAIN.md §5 lists them; the home lists the newest by category.
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("catalogue_entries.id"), index=True)
    type_id: Mapped[int] = mapped_column(sa.ForeignKey("catalogue_entries.id"), index=True)
    region_id: Mapped[int] = mapped_column(sa.ForeignKey("regions.id"), index=True)
    region_path: Mapped[str] = mapped_column(sa.String(200), index=True)
    place: Mapped[str] = mapped_column(sa.String(200))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    headcount: Mapped[int]
    signed_up_count: Mapped[int] = mapped_column(default=0)  # places held by live sign-ups
    content: Mapped[str] = mapped_column(sa.Text)
    cover_upload_id: Mapped[int | None] = mapped_column(sa.ForeignKey("uploads.id"))
    status: Mapped[ActivityStatus] = mapped_column(str_enum(ActivityStatus), default=ActivityStatus.RECRUITING,
                                                   index=True)
    status_reason: Mapped[str | None] = mapped_column(sa.String(200))
    # Set by the start-reminder beat job as it acts, so each activity's reminder goes out once.
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    publisher: Mapped[Organisation] = relationship(lazy="raise")
    category: Mapped[CatalogueEntry] = relationship(foreign_keys=[category_id], lazy="raise")
    type: Mapped[CatalogueEntry] = relationship(foreign_keys=[type_id], lazy="raise")
    region: Mapped[Region] = relationship(lazy="raise")

    __table_args__ = (
        sa.CheckConstraint("headcount >= 1", name="headcount_positive"),
        sa.CheckConstraint("signed_up_count >= 0 AND signed_up_count <= headcount", name="places_within_headcount"),
        sa.CheckConstraint("starts_at < ends_at", name="window_order"),
        sa.Index("ix_activities_status_starts_at_id", "status", "starts_at", "id"),
        # The end-of-activity sweep: recruiting activities past their end.
        sa.Index("ix_activities_status_ends_at", "status", "ends_at"),
    )


class ActivitySignup(db.Model):
    __tablename__ = "activity_signups"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(sa.ForeignKey("activities.id"), index=True)
    volunteer_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    status: Mapped[SignupStatus] = mapped_column(str_enum(SignupStatus), default=SignupStatus.SIGNED_UP)
    # Copied from the activity so "no overlapping sign-ups" is one indexed query.
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    activity: Mapped[Activity] = relationship(lazy="raise")
    volunteer: Mapped[User] = relationship(lazy="raise")

    __table_args__ = (
        sa.Index("uq_activity_signups_activity_volunteer_live", "activity_id", "volunteer_id", unique=True,
                 postgresql_where=sa.text(LIVE_SIGNUP), sqlite_where=sa.text(LIVE_SIGNUP)),
        sa.Index("ix_activity_signups_volunteer_status_starts_at", "volunteer_id", "status", "starts_at"),
    )
