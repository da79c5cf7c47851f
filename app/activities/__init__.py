"""Volunteer activities and sign-ups, shared by the needs module (activities for a claimed need) and the
community module (community activities) (DOMAIN.md §4, §5)."""
