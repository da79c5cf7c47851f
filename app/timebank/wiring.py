"""The time bank's hooks into the layers below it, registered once at import (app.models imports this):
its review queues in the daily digest, and order names in points histories."""
from app.timebank import digest, donations  # noqa: F401
