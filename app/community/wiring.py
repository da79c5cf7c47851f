"""The community module's hooks into the layers below, registered once at import (app.models imports this):
digest sources and upload access rules, one import per module that registers them."""
from app.community import (
    membership_digest,  # noqa: F401  (pending applications in the daily digest)
    showcase,  # noqa: F401  (showcase entry photos: public once attached)
)
