"""The signed-in person's own profile (个人信息)."""
from __future__ import annotations

from app.accounts.models import Gender, Region, RegionLevel, User
from app.core.errors import InvalidInput
from app.extensions import db

EDITABLE = ("real_name", "gender", "is_party_member", "work_unit", "service_community_id")


def update_profile(user: User, changes: dict) -> User:
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput(errors={name: ["不允许修改"] for name in unknown})
    if "service_community_id" in changes and changes["service_community_id"] is not None:
        region = db.session.get(Region, changes["service_community_id"])
        if region is None or region.level is not RegionLevel.COMMUNITY:
            raise InvalidInput(errors={"service_community_id": ["请选择社区级区域"]})
    if "gender" in changes:
        changes["gender"] = Gender(changes["gender"])
    for name, value in changes.items():
        setattr(user, name, value.strip() if isinstance(value, str) else value)
    db.session.flush()
    return user
