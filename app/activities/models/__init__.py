"""Activity tables shared by the needs and community modules."""
from app.activities.models.activity import Activity, ActivitySignup, ActivityStatus, SignupStatus
from app.activities.models.attendance import ActivityAttendance, ActivityFeedback
from app.activities.models.event import ActivityEvent

__all__ = ["Activity", "ActivityAttendance", "ActivityEvent", "ActivityFeedback", "ActivitySignup", "ActivityStatus",
           "SignupStatus"]
