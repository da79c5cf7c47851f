"""The time bank's hooks into the layers below it, registered once at import (app.models imports this):
its review queues in the daily digest, order and beneficiary names in points histories, and who may read
the proof images of beneficiaries and the photos of certifications (needed by workers too, not only by the
API)."""
from app.timebank import beneficiaries, beneficiary_donations, certifications, digest, donations  # noqa: F401
