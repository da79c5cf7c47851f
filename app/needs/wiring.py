"""The needs module's hooks into the layers below it, registered once at import (app.models imports this):
its queues in the daily digest, and who may read organisation logos."""
from app.needs import needs_digest, profiles  # noqa: F401
