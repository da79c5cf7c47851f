"""The community module's hooks into the layers below, registered once at import (app.models imports this):
digest sources and upload access rules, one import per module that registers them."""
from app.community import queues_digest, reports  # noqa: F401  (digest sources; who may read report photos)
