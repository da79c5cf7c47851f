"""What the community module's report and help-request notifications carry: the routing keys
(community_id: its admins; user_ids: the people told) and the text keys of app/notify/routing.py.
Never a requester's name or phone: notification texts land in inboxes and WeChat messages."""
from __future__ import annotations

from app.community.models import HelpRequest, VolunteerReport


def report_context(report: VolunteerReport, **extra) -> dict:
    return {"community_id": report.community_id, "title": report.title, "user_ids": [report.author_id],
            "result": "", "reason": "", **extra}


def help_context(request: HelpRequest, **extra) -> dict:
    """`user_ids` defaults to the requester (the one told of assignment, decline and closing)."""
    return {"community_id": request.community_id, "title": request.title, "user_ids": [request.requester_id],
            "result": "", "reason": "", **extra}
