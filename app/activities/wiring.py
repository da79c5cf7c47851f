"""The activities' hooks into the layers below, registered once at import (app.models imports this): who
may read activity covers and feedback photos (needed by workers too, not only by the API)."""
from app.activities import feedback, publishing  # noqa: F401
