"""Order numbers (订单号): 6-digit region code + yyMMddHHmmss (Asia/Shanghai) + 2 random digits, e.g.
44010620073008495611 — the format of the Guangzhou console (DOMAIN.md §3.2)."""
from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.core.errors import ServiceUnavailable
from app.core.timeutil import SHANGHAI, utcnow
from app.extensions import db
from app.timebank.models import WishOrder

# Two random digits give 100 numbers per district per second; past a handful of clashes the clock has
# moved on, so running out of attempts means something else is wrong.
ATTEMPTS = 20


def order_number(region_code: str, at: datetime | None = None) -> str:
    """A fresh candidate number for an order in the district `region_code` (first 6 digits used)."""
    at = (at or utcnow()).astimezone(SHANGHAI)
    return f"{region_code[:6]}{at:%y%m%d%H%M%S}{secrets.randbelow(100):02d}"


def insert_numbered(order: WishOrder, next_number: Callable[[], str]) -> WishOrder:
    """Insert `order` under a number from `next_number()`, drawing again when the number is taken. The
    unique constraint decides (inside a savepoint), so two publishers racing for one number cannot both
    win, and the losing attempt leaves the rest of the transaction usable."""
    for _ in range(ATTEMPTS):
        order.number = next_number()
        try:
            with db.session.begin_nested():
                db.session.add(order)
        except IntegrityError:
            # Only a number clash is worth another draw; any other constraint is a real error.
            if not db.session.scalar(sa.select(sa.exists().where(WishOrder.number == order.number))):
                raise
            continue
        return order
    raise ServiceUnavailable("订单号生成失败，请稍后重试", error="order_number_exhausted")
