"""The formal need's fields as the league fills them in (发布需求), checked together: one answer lists
every problem. The platform writes the zone's title prefix and encrypts the leader's phones."""
from __future__ import annotations

from app.accounts.models import Organisation, Region
from app.accounts.regions import get_region
from app.core.errors import InvalidInput, NotFound
from app.core.phones import is_landline, is_mobile
from app.core.runtime import pii
from app.core.timeutil import utcnow
from app.needs.models import Need
from app.needs.zones import with_prefix, zone_for_new_need

MOBILE_CONTEXT = "needs.leader_mobile"
LANDLINE_CONTEXT = "needs.leader_landline"


class _Errors(dict):
    def add(self, field: str, message: str) -> None:
        self.setdefault(field, []).append(message)


def build_need(league: Organisation, fields: dict, *, created_by_id: int) -> Need:
    """A new need of `league` from the submitted fields (marshmallow has checked types and lengths)."""
    errors = _Errors()
    zone = zone_for_new_need(fields.get("zone_id"))
    title = fields["title"].strip()
    if not 2 <= len(title) <= 100:
        errors.add("title", "需求标题须为 2-100 个字")
    region = _region_inside(fields["region_code"], league, errors)
    starts_at, ends_at = fields["starts_at"], fields["ends_at"]
    if starts_at >= ends_at:
        errors.add("ends_at", "结束时间须晚于开始时间")
    if ends_at <= utcnow():
        errors.add("ends_at", "服务时间已过，请重新选择")
    mobile, landline = fields["leader_mobile"].strip(), (fields.get("leader_landline") or "").strip() or None
    if not is_mobile(mobile):
        errors.add("leader_mobile", "请填写正确的 11 位手机号码")
    if landline and not is_landline(landline):
        errors.add("leader_landline", "固定电话格式应如 020-12345678")
    if not fields["content"].strip():
        errors.add("content", "请填写需求内容")
    if errors:
        raise InvalidInput(errors=dict(errors))
    return Need(
        zone_id=zone.id if zone else None, league_org_id=league.id, title=with_prefix(zone, title),
        content=fields["content"].strip(), region_id=region.id, region_path=region.path, starts_at=starts_at,
        ends_at=ends_at, headcount=fields["headcount"], leader_name=fields["leader_name"].strip(),
        leader_mobile_enc=pii().encrypt(mobile, context=MOBILE_CONTEXT),
        leader_landline_enc=pii().encrypt(landline, context=LANDLINE_CONTEXT) if landline else None,
        created_by_id=created_by_id)


def _region_inside(code: str, league: Organisation, errors: _Errors) -> Region | None:
    try:
        region = get_region(code)
    except NotFound:
        errors.add("region_code", "区域不存在")
        return None
    if not region.path.startswith(league.region.path):
        errors.add("region_code", "需求所在区域须在本团组织的区域内")
    return region


def leader_phones(need: Need) -> tuple[str, str | None]:
    mobile = pii().decrypt(need.leader_mobile_enc, context=MOBILE_CONTEXT)
    landline = pii().decrypt(need.leader_landline_enc, context=LANDLINE_CONTEXT) if need.leader_landline_enc else None
    return mobile, landline


