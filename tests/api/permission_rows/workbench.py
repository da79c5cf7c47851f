"""工作台: every signed-in person may ask; each sees only the queues their role works on."""
from __future__ import annotations

ROWS = [
    ("GET", "/api/v1/workbench", None,
     {"anonymous": 401, "volunteer": 200, "station_admin": 200, "station_staff": 200, "other_station_admin": 200,
      "league_admin": 200, "association_admin": 200, "provider_admin": 200, "platform_admin": 200}),
]
