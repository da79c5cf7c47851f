"""Rows for the report and help-request tests: the activities tests' world (two communities, their staff),
community volunteers (a CommunityVolunteer row written directly: joining is built elsewhere), photos,
and readers of what the notifications said.

    world = help_world()                      regions, 华农社区 (admin, staff) and 惠新社区 (admin)
    vid = member(world, "王小明")              a volunteer of 华农社区 (other="other_community" for 惠新社区)
    rid = submit_help(requester, world)        a pending help request to 华农社区, committed
"""
from __future__ import annotations

import io
from datetime import timedelta

import sqlalchemy as sa
from PIL import Image

from app.accounts.models import Organisation
from app.community import help_requests, reports
from app.community.models import ApplicationStatus, CommunityApplication, CommunityVolunteer
from app.core.runtime import pii
from app.core.timeutil import utcnow
from app.core.unit_of_work import unit_of_work
from app.extensions import db
from app.notify.models import InboxItem, NotificationEvent
from app.uploads.services import store_upload
from tests.activities.factories_activities import activity_world, actor, make_volunteer

REQUESTER_PHONE = "13912345678"


def help_world() -> dict:
    return activity_world()


def member(world: dict, name: str = "王小明", *, community: str = "community", phone: str = "13700001234") -> int:
    """A new volunteer of world[community]."""
    user_id = make_volunteer(name, phone=phone)
    join(user_id, world[community], name)
    return user_id


def join(user_id: int, org_id: int, name: str | None = "志愿者") -> None:
    """Make `user_id` a volunteer of community `org_id`: an approved application and the CommunityVolunteer row."""
    with unit_of_work():
        path = db.session.get(Organisation, org_id).region.path
        application = CommunityApplication(
            user_id=user_id, community_id=org_id, real_name=name or "志愿者",
            id_card_enc=pii().encrypt("440106199001011234", context="community.id_card"), id_card_index=f"x{user_id}",
            work_unit="徐州市某单位", is_party_member=True, status=ApplicationStatus.APPROVED)
        db.session.add(application)
        db.session.flush()
        db.session.add(CommunityVolunteer(user_id=user_id, community_id=org_id, region_path=path,
                                          application_id=application.id, id_card_enc=application.id_card_enc,
                                          work_unit="徐州市某单位", is_party_member=True))


def photo(owner_id: int) -> int:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, "PNG")
    with unit_of_work():
        return store_upload(owner_id, buffer.getvalue()).id


def report_form(**changes) -> dict:
    form = {"kind": "experience", "title": "参加社区清洁的体会", "content": "今天和大家一起清理了社区公共区域。",
            "photo_upload_ids": []}
    form.update(changes)
    return form


def submit_report(user_id: int, **changes) -> int:
    with unit_of_work():
        return reports.submit_report(actor(user_id), report_form(**changes)).id


def help_form(world: dict, **changes) -> dict:
    form = {"community_id": world["community"], "title": "老人需要代买药品",
            "content": "独居老人行动不便，需要帮忙去药店买药。",
            "place": "五山路 3 号 2 栋", "wanted_at": utcnow().replace(microsecond=0) + timedelta(days=2),
            "contact_name": "李阿姨", "contact_phone": REQUESTER_PHONE}
    form.update(changes)
    return form


def submit_help(user_id: int, world: dict, **changes) -> int:
    with unit_of_work():
        return help_requests.submit_help_request(actor(user_id), help_form(world, **changes)).id


def assign(staff_id: int, request_id: int, volunteer_ids: list[int]) -> None:
    with unit_of_work():
        help_requests.assign_volunteers(actor(staff_id), request_id, volunteer_ids)


def told(kind: str) -> dict[int, list[NotificationEvent]]:
    """Who received an inbox item of `kind`, with the events (title, body) they got."""
    db.session.expire_all()
    found: dict[int, list] = {}
    for user_id, event in db.session.execute(
            sa.select(InboxItem.user_id, NotificationEvent)
            .join(NotificationEvent, NotificationEvent.id == InboxItem.event_id)
            .where(NotificationEvent.kind == kind).order_by(InboxItem.id)).all():
        found.setdefault(user_id, []).append(event)
    return found
