"""The signed-in person's own profile (个人信息)."""
from __future__ import annotations

from app.accounts.models import Gender, User
from app.core.errors import InvalidInput
from app.extensions import db

EDITABLE = ("real_name", "gender", "is_party_member", "work_unit")
# The service community (服务社区) is the community that approved the person's application (app/community/
# membership.py): letting the profile set it would route that community's activity notices to anyone.
SERVICE_COMMUNITY_FIXED = "服务社区须通过“申请加入社区”变更，社区审核通过后自动更新"


def update_profile(user: User, changes: dict) -> User:
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput(errors={name: [SERVICE_COMMUNITY_FIXED if name == "service_community_id" else "不允许修改"]
                                   for name in unknown})
    if "gender" in changes:
        changes["gender"] = Gender(changes["gender"])
    for name, value in changes.items():
        # type() not isinstance(): a StrEnum is a str too, and must stay an enum member.
        setattr(user, name, value.strip() if type(value) is str else value)
    db.session.flush()
    return user
