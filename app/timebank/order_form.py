"""Checking a wish order form (我要发单, DOMAIN.md §3.2) as a whole: every wrong field in one answer.

`check_form` resolves codes to catalogue entries and regions, checks the beneficiary and the times, and
returns the clean values; app/timebank/orders.py decides the station and writes the row.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.accounts.models import Region, RegionLevel
from app.accounts.policy import Actor, region_paths
from app.catalogue.models import CatalogueKind
from app.catalogue.services import require_entry
from app.core.errors import DomainError, InvalidInput
from app.core.runtime import setting
from app.core.timeutil import as_utc, utcnow
from app.extensions import db
from app.timebank.access import beneficiary_for
from app.timebank.models import BeneficiaryStatus, NeedType

FIELDS = ("title", "need_type", "beneficiary_id", "service_item_code", "service_type_code", "district_code",
          "street_code", "latitude", "longitude", "address", "starts_at", "ends_at", "take_deadline",
          "recruit_count", "taker_notes", "traffic_guide", "content")
TITLE_MAX, ADDRESS_MAX, NOTES_MAX, CONTENT_MAX = 50, 200, 1000, 2000
RECRUIT_MIN, RECRUIT_MAX = 1, 100
# How far ahead a service may be planned: a typo in the year must not publish an order for 2099.
HORIZON = timedelta(days=366)
TEXTS = {"title": (TITLE_MAX, "需求标题"), "address": (ADDRESS_MAX, "详细地址"),
         "taker_notes": (NOTES_MAX, "接单须知"), "traffic_guide": (NOTES_MAX, "交通指引"),
         "content": (CONTENT_MAX, "服务内容")}


@dataclass(frozen=True)
class Bounds:
    lat_min: float
    lat_max: float
    lng_min: float
    lng_max: float

    def contains(self, lat: float, lng: float) -> bool:
        return self.lat_min <= lat <= self.lat_max and self.lng_min <= lng <= self.lng_max


CHINA = Bounds(3.8, 53.6, 73.4, 135.1)
# "The location lies inside the street's district": exact district polygons are not available to the
# platform (no GIS data ships with it), so as a sanity check the map point must fall inside a bounding box
# of the district's city. Keyed by city code; ORDER_CITY_BOUNDS in the configuration adds or replaces
# entries ({"440100": [lat_min, lat_max, lng_min, lng_max]}). A city without a box is checked against
# China's bounds only.
CITY_BOUNDS = {"440100": Bounds(22.5, 23.95, 112.9, 114.1)}  # 广州市


def city_bounds(city_code: str) -> Bounds | None:
    try:
        configured = setting("ORDER_CITY_BOUNDS") or {}
    except KeyError:
        configured = {}
    if city_code in configured:
        return Bounds(*configured[city_code])
    return CITY_BOUNDS.get(city_code)


class _Errors(dict):
    def add(self, field: str, message: str | None) -> None:
        if message:
            self.setdefault(field, []).append(message)


def check_form(actor: Actor, values: dict) -> dict:
    """Validate every field of the order form and return the clean values: stripped texts, the locked
    beneficiary row, catalogue entries and regions in place of codes, UTC times."""
    errors = _Errors()
    clean: dict = {}
    for field in FIELDS:
        if values.get(field) is None or (isinstance(values[field], str) and not values[field].strip()):
            errors.add(field, "该字段为必填项")
    present = {f for f in FIELDS if f not in errors}
    for field, (maximum, label) in TEXTS.items():
        if field in present:
            text = str(values[field]).strip()
            errors.add(field, f"{label}不能超过 {maximum} 个字" if len(text) > maximum else None)
            clean[field] = text
    if "need_type" in present:
        try:
            clean["need_type"] = NeedType(values["need_type"])
        except ValueError:
            errors.add("need_type", "请选择需求类型")
    if "recruit_count" in present:
        count = values["recruit_count"]
        if isinstance(count, bool) or not isinstance(count, int) or not RECRUIT_MIN <= count <= RECRUIT_MAX:
            errors.add("recruit_count", f"招募人数应在 {RECRUIT_MIN} 到 {RECRUIT_MAX} 之间")
        clean["recruit_count"] = count
    for field, kind in (("service_item_code", CatalogueKind.SERVICE_ITEM),
                        ("service_type_code", CatalogueKind.SERVICE_TYPE)):
        if field in present:
            try:
                clean[field.removesuffix("_code")] = require_entry(kind, values[field], field)
            except InvalidInput as exc:
                errors.update(exc.errors)
    if "beneficiary_id" in present:
        clean["beneficiary"] = _beneficiary(actor, values["beneficiary_id"], errors)
    _check_regions(actor, values, present, errors, clean)
    _check_location(values, present, errors, clean)
    _check_times(values, present, errors, clean)
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], errors=dict(errors))
    return clean


def _beneficiary(actor: Actor, beneficiary_id, errors: _Errors):
    # Locked: a station deleting the beneficiary at this moment waits for the order to commit, and then
    # sees it (app/timebank/beneficiaries.py refuses to delete someone with a live order).
    try:
        beneficiary = beneficiary_for(actor, "order.publish", int(beneficiary_id), lock=True)
    except (DomainError, ValueError, TypeError):
        errors.add("beneficiary_id", "服务对象不存在，或不属于本社工站")
        return None
    if beneficiary.status is not BeneficiaryStatus.ACTIVE:
        errors.add("beneficiary_id", "服务对象未启用（须审核通过且未禁用），不能为其发单")
    return beneficiary


def _check_regions(actor: Actor, values: dict, present: set, errors: _Errors, clean: dict) -> None:
    codes = [values[f] for f in ("district_code", "street_code") if f in present]
    found = {r.code: r for r in db.session.scalars(
        sa.select(Region).where(Region.code.in_(codes), Region.is_active.is_(True)))}  # not a dropped region
    district = found.get(values.get("district_code")) if "district_code" in present else None
    if "district_code" in present and (district is None or district.level is not RegionLevel.DISTRICT):
        errors.add("district_code", "请选择区级区域作为所属区域")
        district = None
    street = found.get(values.get("street_code")) if "street_code" in present else None
    if "street_code" in present:
        if street is None or street.level is not RegionLevel.STREET:
            errors.add("street_code", "请选择街道级区域作为所属街道")
            street = None
        elif district is not None and street.parent_id != district.id:
            errors.add("street_code", "所属街道不在所选区域内")
        else:
            paths = region_paths(actor, "order.publish")
            if paths is not None and not any(street.path.startswith(p) for p in paths):
                errors.add("street_code", "所属街道不在本社工站辖区内")
    clean["district"], clean["street"] = district, street


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _check_location(values: dict, present: set, errors: _Errors, clean: dict) -> None:
    if not {"latitude", "longitude"} <= present:
        return
    lat, lng = _number(values["latitude"]), _number(values["longitude"])
    if lat is None or lng is None or not CHINA.contains(lat, lng):
        errors.add("latitude", "请在地图上选择服务地点（经纬度无效）")
        return
    street = clean.get("street")
    city_code = street.path.strip("/").split("/")[0] if street is not None else None
    bounds = city_bounds(city_code) if city_code else None
    if bounds is not None and not bounds.contains(lat, lng):
        errors.add("latitude", "所选地点不在所属区域内，请重新选择位置")
    clean["latitude"], clean["longitude"] = lat, lng


def _check_times(values: dict, present: set, errors: _Errors, clean: dict) -> None:
    times = {}
    for field in ("starts_at", "ends_at", "take_deadline"):
        if field in present:
            value = values[field]
            try:
                if not isinstance(value, datetime) or value.tzinfo is None:
                    raise ValueError(value)
                times[field] = clean[field] = as_utc(value)
            except (OverflowError, ValueError):
                errors.add(field, "时间格式有误")
    now = utcnow()
    starts, ends, deadline = times.get("starts_at"), times.get("ends_at"), times.get("take_deadline")
    if starts and ends and ends <= starts:
        errors.add("ends_at", "服务结束时间应晚于服务开始时间")
    if starts and starts > now + HORIZON:
        errors.add("starts_at", "服务开始时间不能晚于一年以后")
    if deadline and starts and deadline >= starts:
        errors.add("take_deadline", "接单截止日期应早于服务开始时间")
    if deadline and deadline <= now:
        errors.add("take_deadline", "接单截止日期应晚于当前时间")
