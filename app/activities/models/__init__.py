"""Activity tables shared by the needs and community modules."""
from app.activities.models.activity import Activity, ActivitySignup, ActivityStatus, SignupStatus

__all__ = ["Activity", "ActivitySignup", "ActivityStatus", "SignupStatus"]
