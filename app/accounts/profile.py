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
    if "service_community_id" in changes:
        # Set the relationship, not just the column, so the answer shows the new community.
        region_id = changes.pop("service_community_id")
        region = db.session.get(Region, region_id) if region_id is not None else None
        if region_id is not None and (region is None or region.level is not RegionLevel.COMMUNITY):
            raise InvalidInput(errors={"service_community_id": ["请选择社区级区域"]})
        changes["service_community"] = region
    if "gender" in changes:
        changes["gender"] = Gender(changes["gender"])
    for name, value in changes.items():
        # type() not isinstance(): a StrEnum is a str too, and must stay an enum member.
        setattr(user, name, value.strip() if type(value) is str else value)
    db.session.flush()
    return user
