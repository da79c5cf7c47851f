"""The needs module's hooks into the layers below it, registered once at import (app.models imports this):
its queues in the daily digest."""
from app.needs import needs_digest  # noqa: F401
