"""How service hours turn into points, the same in every module (time bank, activities, help requests)."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from app.core.runtime import setting


def points_for_hours(hours: Decimal | int | str) -> int:
    """Points earned for `hours` of service: hours × POINTS_PER_HOUR, rounded half up to whole points
    (0.5 → 1), the way people round."""
    rate = Decimal(str(setting("POINTS_PER_HOUR")))
    return int((Decimal(hours) * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))
