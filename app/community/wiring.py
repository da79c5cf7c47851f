"""The community module's hooks into the layers below, registered once at import (app.models imports this):
digest sources and upload access rules, one import per module that registers them."""
from app.community import (
    membership_digest,  # noqa: F401  (pending applications in the daily digest)
    queues_digest,  # noqa: F401  (reports to review, help requests to arrange)
    reports,  # noqa: F401  (report photos: the author and the community until published)
    showcase,  # noqa: F401  (showcase entry photos: public once attached)
)
