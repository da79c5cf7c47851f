"""The platform's directory of organisations (平台管理员): every organisation, filtered and paged, with how
many accounts each holds, for the console's organisation management page."""
from __future__ import annotations

import sqlalchemy as sa

from app.accounts.models import Membership, Organisation, OrgKind, Region, User
from app.core.errors import InvalidInput
from app.extensions import db


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def browse_organisations(*, kind: OrgKind | None = None, region_code: str | None = None, name: str | None = None,
                         active: bool | None = None, page: int = 1, page_size: int = 20) -> tuple[list[dict], int]:
    """Organisations (newest first) of a kind, inside a region (the region itself and everything under it),
    whose name contains `name`; each with its count of password accounts."""
    conditions = []
    if kind is not None:
        conditions.append(Organisation.kind == kind)
    if region_code:
        path = db.session.scalar(sa.select(Region.path).where(Region.code == region_code))
        if path is None:  # an unknown code is a mistake to name, not a filter matching nothing
            raise InvalidInput("区域不存在", errors={"region_code": ["区域不存在"]})
        conditions.append(Organisation.region_id.in_(sa.select(Region.id).where(Region.path.startswith(path))))
    if name and name.strip():
        conditions.append(Organisation.name.ilike(_like(name.strip()), escape="\\"))
    if active is not None:
        conditions.append(Organisation.is_active.is_(active))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Organisation).where(*conditions))
    accounts = (sa.select(sa.func.count()).select_from(Membership).join(User, User.id == Membership.user_id)
                .where(Membership.organisation_id == Organisation.id, User.username.is_not(None),
                       Membership.via_account_id.is_(None))
                .correlate(Organisation).scalar_subquery())
    rows = db.session.execute(sa.select(Organisation, accounts.label("account_count")).where(*conditions)
                              .order_by(Organisation.id.desc()).limit(page_size).offset((page - 1) * page_size))
    return [{"organisation": org, "account_count": count} for org, count in rows], total
