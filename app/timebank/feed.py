"""The open-order feed (我要接单 / 附近的订单): open orders before their take deadline, filtered and sorted
for a volunteer, one page at a time.

Cost: a page is one query whatever its size (catalogue and region names joined, a region filter a scalar
subquery for the region's id) and the caller's live takes one more; both are cached until a commit
changes what they were read from, so a busy feed is mostly served from the cache store. The statement
for each combination of filters is built once (bind parameters), since building it costs more Python
time than PostgreSQL spends running it.

Pagination is keyset on an opaque cursor:
- by start time: (starts_at, id) — an index range scan on ix_wish_orders_status_starts_at_id, so page 1
  and page 1,000 cost the same and the feed's latency does not grow with the number of orders;
- by distance: (distance², id). No index can order by the distance from an arbitrary point, so each page
  computes the distance of every matching open order and keeps the nearest N (a top-N sort). Keyset rather
  than OFFSET because the cost per page is then the same for every page (OFFSET would also sort and skip
  the earlier pages), and because orders come and go between two page loads: a keyset page neither
  repeats nor skips an order when an earlier one is taken or a new one opens.
Distance is the equirectangular approximation: Δlat and Δlng·cos(lat of the caller) in degrees, plain
arithmetic that PostgreSQL and SQLite both evaluate (no trigonometry in SQL); the SQL orders by the
squared distance and Python takes the root for the kilometres shown. Within a city the error is far
below what matters for "which order is nearer".
"""
from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import json
import math
from dataclasses import dataclass
from datetime import datetime

import orjson
import sqlalchemy as sa

from app.accounts.models import Region, RegionLevel
from app.catalogue.models import CatalogueEntry, CatalogueKind
from app.core import generations
from app.core.errors import InvalidInput
from app.core.timeutil import representable, utcnow
from app.core.types import UTCDateTime
from app.extensions import db
from app.timebank.models import OrderStatus, OrderTake, TakeStatus, WishOrder

KM_PER_DEGREE = 6371.0088 * math.pi / 180  # mean Earth radius
BAD_CURSOR = "翻页参数无效，请从第一页重新加载"


@dataclass(frozen=True)
class FeedFilter:
    district_code: str | None = None
    street_code: str | None = None
    service_item_code: str | None = None
    service_type_code: str | None = None
    starts_from: datetime | None = None
    starts_to: datetime | None = None


@dataclass(frozen=True)
class Near:
    latitude: float
    longitude: float


# The page itself is the same for every volunteer with the same filters, and is cached for all of them;
# the "taken by me" marks come from each volunteer's own cached list of live takes. Both are cache
# generations (app.core.generations): any commit writing orders, catalogues or regions, or takes, makes
# them stale at once, so a page never shows a change later than the commit that made it.
generations.watch("feed", {"wish_orders", "catalogue_entries", "regions"})
generations.watch("takes", {"order_takes"})
_CACHE_SECONDS = 60


def cache_reads(user_id: int, query_string: bytes) -> tuple[list[str], list[str]]:
    """The cache reads a feed request makes, named from its raw query string (before it is parsed), so the
    API's token check can fetch them in its own round trip (app.core.generations.prefetch)."""
    return ["feed", "takes"], [request_page_key(query_string), _taken_key(user_id)]


@functools.lru_cache(maxsize=1024)
def request_page_key(query_string: bytes) -> str:
    """A page's cache key from the request's raw query string: two spellings of the same filters (another
    order, another escaping) are two entries, which costs a little memory and nothing in correctness (the
    query string decides the page)."""
    return "feed:q:" + hashlib.sha1(query_string, usedforsecurity=False).hexdigest()


def _taken_key(user_id: int) -> str:
    return f"taken:{user_id}"


def open_order_feed(user_id: int, filters: FeedFilter, *, near: Near | None = None, cursor: str | None = None,
                    limit: int = 20, now: datetime | None = None, page_key: str | None = None) -> dict:
    """One page of open orders: {"items": [...], "next_cursor": str | None}. Sorted by start time, or by
    distance from `near` when given. An unknown region or catalogue code (or a street outside the given
    district) is refused with InvalidInput naming its field (see _unknown_codes). Times are
    ISO 8601 strings (UTC), as the API writes them. `page_key` names the cached page when the caller
    has one from the request (`request_page_key`); otherwise it is derived from the filters."""
    params = {"district_code": filters.district_code, "street_code": filters.street_code,
              "item_code": filters.service_item_code, "type_code": filters.service_type_code,
              "starts_from": filters.starts_from, "starts_to": filters.starts_to}
    if near is not None:
        params.update(lat=near.latitude, lng=near.longitude, scale=math.cos(math.radians(near.latitude)))
    if cursor:
        params["after_value"], params["after_id"] = _after(cursor, near)
    flags = (near is not None, *(params[name] is not None for name in _OPTIONAL), bool(cursor), limit + 1)
    page_key = page_key or "feed:" + hashlib.sha1(orjson.dumps([flags, params]), usedforsecurity=False).hexdigest()
    taken_key = _taken_key(user_id)
    seen = generations.read(["feed", "takes"], [page_key, taken_key])
    page, taken, stale = seen.fresh(page_key, "feed"), seen.fresh(taken_key, "takes"), {}
    if page is None:
        page = _query_page(flags, params | {"now": now or utcnow()}, near, limit)
        if not page["items"]:
            page["unknown"] = _unknown_codes(params)
        stale[page_key] = ("feed", page)
    if taken is None:
        taken = _live_take_order_ids(user_id)
        stale[taken_key] = ("takes", taken)
    if stale:
        generations.store(seen, stale, ttl=_CACHE_SECONDS)
    if page.get("unknown"):
        raise InvalidInput(UNKNOWN_CODE, errors=page["unknown"])
    now, mine = now or utcnow(), set(taken)
    # A cached page may hold an order whose take deadline has passed since: it is left out.
    items = [item | {"taken_by_me": item["id"] in mine} for item in page["items"]
             if datetime.fromisoformat(item["take_deadline"]) > now]
    return {"items": items, "next_cursor": page["next_cursor"]}


def _query_page(flags: tuple, params: dict, near: Near | None, limit: int) -> dict:
    rows = db.session.execute(_statement(*flags), params).all()
    page = rows[:limit]
    result = {"items": [_item(row, near) for row in page],
              "next_cursor": _encode(page[-1], near) if len(rows) > limit else None}
    return orjson.loads(orjson.dumps(result))  # the JSON form, exactly as a cached copy reads back


# -- unknown filter codes ----------------------------------------------------------------------------------
# Checked where it costs nothing on the busy path: only when a page read from the database came back
# empty (a page with an order in it proves every code in its filters exists, and the street inside the
# district, since the order carries both), and the verdict is cached *in that page's entry*. That entry
# belongs to the "feed" generation, which every commit to regions or catalogue_entries also makes stale,
# so a region or catalogue entry added a moment ago is accepted on the very next request, and a repeated
# request — refused or not — is still answered from the cache with no SQL. Checking in FeedQuery instead
# would be wrong: its load is memoised per query string (app/api/blueprint.py) and must not read the
# database, whose regions and catalogues change.
UNKNOWN_CODE = "筛选条件中有不存在的代码"
_UNKNOWN = {"district_code": "不存在的区县代码", "street_code": "不存在的街道代码",
            "service_item_code": "不存在的服务项目代码", "service_type_code": "不存在的服务类型代码"}
STREET_OUTSIDE_DISTRICT = "该街道不在所选区县内"


def _unknown_codes(params: dict) -> dict[str, list[str]]:
    """{field: [message]} for each filter code naming nothing (empty when all exist): one query, run only
    for an empty page that has a code filter. An inactive catalogue entry is still known: old orders
    carry it, and the admin screens list it."""
    wanted = {name: params[key] for name, key in (("district_code", "district_code"),
                                                   ("street_code", "street_code"),
                                                   ("service_item_code", "item_code"),
                                                   ("service_type_code", "type_code")) if params[key] is not None}
    if not wanted:
        return {}
    regions, entries = Region.__table__, CatalogueEntry.__table__
    lookups = {
        "district_code": sa.select(regions.c.path).where(regions.c.code == wanted.get("district_code"),
                                                          regions.c.level == RegionLevel.DISTRICT.value),
        "street_code": sa.select(regions.c.path).where(regions.c.code == wanted.get("street_code"),
                                                        regions.c.level == RegionLevel.STREET.value),
        "service_item_code": sa.select(entries.c.code).where(
            entries.c.kind == CatalogueKind.SERVICE_ITEM.value, entries.c.code == wanted.get("service_item_code")),
        "service_type_code": sa.select(entries.c.code).where(
            entries.c.kind == CatalogueKind.SERVICE_TYPE.value, entries.c.code == wanted.get("service_type_code")),
    }
    found = db.session.execute(
        sa.select(*(lookups[name].scalar_subquery().label(name) for name in wanted))).one()._asdict()
    errors = {name: [_UNKNOWN[name]] for name in wanted if found[name] is None}
    district, street = found.get("district_code"), found.get("street_code")
    if district and street and not street.startswith(district):
        errors["street_code"] = [STREET_OUTSIDE_DISTRICT]
    return errors


def _live_take_order_ids(user_id: int) -> list[int]:
    return list(db.session.scalars(sa.select(OrderTake.order_id).where(
        OrderTake.volunteer_id == user_id, OrderTake.status.in_([TakeStatus.PENDING, TakeStatus.APPROVED]))))


_OPTIONAL = ("district_code", "street_code", "item_code", "type_code", "starts_from", "starts_to")


@functools.lru_cache(maxsize=256)
def _statement(by_distance: bool, in_district: bool, in_street: bool, item_code: bool, type_code: bool,
               starts_from: bool, starts_to: bool, after: bool, limit: int) -> sa.Select:
    """The feed's SELECT for one combination of filters, built once with bind parameters: building a
    statement of this size (aliases, joins, its cache key) costs more Python time than running it.

    The LIMIT is written into the SQL, not bound (the API allows 1-50 per page). psycopg prepares the
    statement after a few runs on a connection, and PostgreSQL then plans a prepared statement afresh on
    every run (a "custom" plan: 0.7 ms for these five joins, five times the 0.15 ms it takes to run) until
    the generic plan looks as cheap. With `LIMIT $n` the generic plan cannot know how many rows are wanted,
    never looks as cheap, and the feed was planned on every request; with a literal LIMIT PostgreSQL
    switches to the generic plan after its five trial runs (planning then 0.01 ms)."""
    o = WishOrder.__table__
    item, kind = CatalogueEntry.__table__.alias("item"), CatalogueEntry.__table__.alias("kind")
    street, district = Region.__table__.alias("street"), Region.__table__.alias("district")
    columns = [o.c.id, o.c.number, o.c.title, item.c.name.label("service_item_name"),
               kind.c.name.label("service_type_name"), street.c.name.label("street_name"),
               district.c.name.label("district_name"), o.c.address, o.c.latitude, o.c.longitude, o.c.starts_at,
               o.c.ends_at, o.c.take_deadline, o.c.recruit_count,
               (o.c.recruit_count - o.c.places_held).label("places_left")]
    if by_distance:
        # Equirectangular: Δlat and Δlng·cos(caller's latitude), in degrees; squared, so no sqrt in SQL.
        dlat = o.c.latitude - sa.bindparam("lat", type_=sa.Float)
        dlng = (o.c.longitude - sa.bindparam("lng", type_=sa.Float)) * sa.bindparam("scale", type_=sa.Float)
        distance2 = (dlat * dlat + dlng * dlng).label("distance2")
        columns.append(distance2)
        key, after_type = (distance2, o.c.id), sa.Float()
    else:
        key, after_type = (o.c.starts_at, o.c.id), UTCDateTime()
    query = (sa.select(*columns).select_from(o)
             .join(item, item.c.id == o.c.service_item_id).join(kind, kind.c.id == o.c.service_type_id)
             .join(street, street.c.id == o.c.street_id).join(district, district.c.id == o.c.district_id)
             .where(o.c.status == _fixed(OrderStatus.OPEN),
                    o.c.take_deadline > sa.bindparam("now", type_=UTCDateTime()))
             .order_by(*key).limit(sa.literal_column(str(int(limit)))))
    regions = Region.__table__
    for wanted, name, level, column in ((in_district, "district_code", RegionLevel.DISTRICT, o.c.district_id),
                                        (in_street, "street_code", RegionLevel.STREET, o.c.street_id)):
        if wanted:
            # The order's district / street column against the region's id, not its path as a LIKE prefix:
            # PostgreSQL cannot estimate a LIKE whose pattern comes from a subquery (it guessed 40 of 5,333
            # rows, then sorted them all: 10 ms instead of 0.7 ms), while `column = $id` is estimated from
            # the column's statistics, so it keeps walking the start-time index and stops at the limit.
            region_id = sa.select(regions.c.id).where(regions.c.code == sa.bindparam(name),
                                                      regions.c.level == _fixed(level)).scalar_subquery()
            query = query.where(column == region_id)
    if item_code:
        query = query.where(item.c.code == sa.bindparam("item_code"))
    if type_code:
        query = query.where(kind.c.code == sa.bindparam("type_code"))
    if starts_from:
        query = query.where(o.c.starts_at >= sa.bindparam("starts_from", type_=UTCDateTime()))
    if starts_to:
        query = query.where(o.c.starts_at <= sa.bindparam("starts_to", type_=UTCDateTime()))
    if after:
        query = query.where(sa.tuple_(*key) > sa.tuple_(sa.bindparam("after_value", type_=after_type),
                                                         sa.bindparam("after_id")))
    return query


def _fixed(value: str):
    """A constant of the statement written into its SQL rather than bound. PostgreSQL only moves a
    prepared statement to its generic plan when that plan looks as cheap as the custom ones; a status
    bound as $4 is estimated at the average status's frequency, not open's 80%, and keeps it planning
    afresh on every run (see _statement). Only our own enum values come here (no quotes in them)."""
    assert "'" not in value
    return sa.literal_column(f"'{value}'")


def _item(row, near: Near | None) -> dict:
    # The SELECT's labels are the documented field names (FeedItemSchema), so the row maps straight over.
    item = row._asdict()
    distance2 = item.pop("distance2", None)
    item["distance_km"] = None if near is None else round(math.sqrt(distance2) * KM_PER_DEGREE, 2)
    return item


# -- the opaque cursor: base64url JSON of the last row's sort key (and the point, for distance) ----------
def _encode(row, near: Near | None) -> str:
    if near is None:
        payload = {"s": "t", "v": row.starts_at.isoformat(), "i": row.id}
    else:
        payload = {"s": "d", "v": row.distance2, "i": row.id, "p": [near.latitude, near.longitude]}
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _after(cursor: str, near: Near | None):
    """The sort key a cursor names (value, id); a cursor from another sort or point is refused."""
    try:
        payload = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        row_id = payload["i"]
        if not isinstance(row_id, int) or isinstance(row_id, bool) or not 0 < row_id <= 2**31 - 1:
            raise ValueError(row_id)
        if near is None:
            if payload["s"] != "t":
                raise ValueError("sort")
            value = datetime.fromisoformat(payload["v"])
            if value.tzinfo is None or not representable(value):
                raise ValueError("naive or out of range")
            return value, row_id
        if payload["s"] != "d" or payload["p"] != [near.latitude, near.longitude]:
            raise ValueError("sort")
        value = float(payload["v"])
        if not math.isfinite(value) or value < 0:
            raise ValueError(value)
        return value, row_id
    except (ValueError, TypeError, KeyError, IndexError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidInput(BAD_CURSOR, errors={"cursor": [BAD_CURSOR]}) from exc
