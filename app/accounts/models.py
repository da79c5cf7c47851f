"""Identity and organisation models (用户、机构、成员、区域)."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.timeutil import utcnow
from app.core.types import UTCDateTime, str_enum
from app.extensions import db


class RegionLevel(enum.StrEnum):
    CITY = "city"            # 市
    DISTRICT = "district"    # 区
    STREET = "street"        # 街道
    COMMUNITY = "community"  # 社区


REGION_CHILD = {RegionLevel.CITY: RegionLevel.DISTRICT, RegionLevel.DISTRICT: RegionLevel.STREET,
                RegionLevel.STREET: RegionLevel.COMMUNITY}


class OrgKind(enum.StrEnum):
    ASSOCIATION = "association"      # 市志愿者协会
    STATION = "station"              # 社工站
    COMMUNITY = "community"          # 社区
    LEAGUE = "league"                # 团组织
    VOLUNTEER_ORG = "volunteer_org"  # 志愿服务组织


# Where each kind of organisation may sit in the region tree. A community office may also sit at a district:
# that is the district's admin for community volunteering (区级管理员: statistics of its communities).
ORG_REGION_LEVELS = {OrgKind.ASSOCIATION: (RegionLevel.CITY,), OrgKind.STATION: (RegionLevel.STREET,),
                     OrgKind.COMMUNITY: (RegionLevel.COMMUNITY, RegionLevel.DISTRICT)}


class MemberRole(enum.StrEnum):
    ADMIN = "admin"
    STAFF = "staff"


class Gender(enum.StrEnum):
    MALE = "male"
    FEMALE = "female"
    UNKNOWN = "unknown"


class Region(db.Model):
    """A node of the region tree. `path` (`/440100/440106/`) makes "inside my region" a prefix test."""

    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(20), unique=True)
    name: Mapped[str] = mapped_column(sa.String(50))
    level: Mapped[RegionLevel] = mapped_column(str_enum(RegionLevel))
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("regions.id"), index=True)
    path: Mapped[str] = mapped_column(sa.String(200), index=True)
    # A region a city's newer region file no longer lists is deactivated, never deleted (records keep
    # pointing at it): pickers hide it and new records cannot choose it.
    is_active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())

    parent: Mapped[Region | None] = relationship(remote_side=[id], lazy="joined", join_depth=3)

    def contains(self, other_path: str) -> bool:
        return other_path.startswith(self.path)


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    kind: Mapped[OrgKind] = mapped_column(str_enum(OrgKind), index=True)
    region_id: Mapped[int] = mapped_column(sa.ForeignKey("regions.id"), index=True)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    region: Mapped[Region] = relationship(lazy="joined")

    __table_args__ = (sa.UniqueConstraint("kind", "name", name="uq_organisations_kind_name"),)


class User(db.Model):
    """One person, one account, whatever module they act in.

    A WeChat user is keyed by unionid when WeChat gives one, else by mini-program openid. An
    organisation account (account name + password) is a user with `username` set.
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    unionid: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    mp_openid: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    oa_openid: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    username: Mapped[str | None] = mapped_column(sa.String(50), unique=True)
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    must_change_password: Mapped[bool] = mapped_column(default=False)

    real_name: Mapped[str | None] = mapped_column(sa.String(30))
    gender: Mapped[Gender] = mapped_column(str_enum(Gender), default=Gender.UNKNOWN)
    is_party_member: Mapped[bool] = mapped_column(default=False)
    work_unit: Mapped[str | None] = mapped_column(sa.String(100))
    service_community_id: Mapped[int | None] = mapped_column(sa.ForeignKey("regions.id"), index=True)
    # Personal information: AES-GCM ciphertext plus a blind index for exact lookups.
    phone_enc: Mapped[str | None] = mapped_column(sa.String(255))
    phone_index: Mapped[str | None] = mapped_column(sa.String(64), index=True)

    is_active: Mapped[bool] = mapped_column(default=True)
    is_platform_admin: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    service_community: Mapped[Region | None] = relationship(lazy="joined")
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", foreign_keys="Membership.user_id", lazy="selectin")

    @property
    def has_wechat(self) -> bool:
        return bool(self.mp_openid or self.oa_openid or self.unionid)


class Membership(db.Model):
    """A person's role in an organisation. When a WeChat user binds an organisation account,
    the membership remembers that account, so disabling it ends the binding too."""

    __tablename__ = "memberships"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    role: Mapped[MemberRole] = mapped_column(str_enum(MemberRole))
    via_account_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships", foreign_keys=[user_id])
    organisation: Mapped[Organisation] = relationship(lazy="joined")

    __table_args__ = (sa.UniqueConstraint("user_id", "organisation_id",
                                          name="uq_memberships_user_organisation"),)


class AuthSession(db.Model):
    """A signed-in device. Access tokens name it; revoking it (logout, disable) ends them at once."""

    __tablename__ = "auth_sessions"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    channel: Mapped[str] = mapped_column(sa.String(20))  # mp | password | oa
    refresh_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    refreshed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined")


class RetiredRefreshToken(db.Model):
    """A refresh token its session has rotated away from. Any of them presented again means a copy was
    taken (the owner's client only ever holds the newest): the whole session is revoked."""

    __tablename__ = "retired_refresh_tokens"

    refresh_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    session_id: Mapped[str] = mapped_column(sa.ForeignKey("auth_sessions.id", ondelete="CASCADE"), index=True)
    retired_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
